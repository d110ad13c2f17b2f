-- the names present in the math library (sorted), with types
local names = {}
for k, v in pairs(math) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names)
print(table.concat(names, "\n"))
print(math.mod == math.fmod, math.mod(7, 3), math.mod(-7, 3))
