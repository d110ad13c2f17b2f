-- the names present in the string library table (sorted)
local names = {}
for k, v in pairs(string) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names)
for _, n in ipairs(names) do print(n) end
