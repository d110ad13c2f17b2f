-- String building: concatenation, table.concat, string.format.
local parts = {}
for i = 1, 200000 do parts[#parts + 1] = string.format("%d:%s;", i, tostring(i * 3)) end
local s = table.concat(parts)
local acc = ""
for i = 1, 6000 do acc = acc .. i end
print(#s, #acc)
