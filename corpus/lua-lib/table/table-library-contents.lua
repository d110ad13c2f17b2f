-- the functions present in the 5.1 table library (sorted)
local names = {}
for k, v in pairs(table) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names)
print(table.concat(names, "\n"))
print(type(unpack), type(table.unpack), type(table.pack))
