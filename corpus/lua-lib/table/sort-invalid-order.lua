-- inconsistent comparators: 'invalid order function for sorting' or out-of-range reads
local t = {}
for i = 1, 20 do t[i] = i end
print(pcall(table.sort, t, function(a, b) return true end))
local u = {3, 1, 2}
print(pcall(table.sort, u, function(a, b) return true end), table.concat(u, ","))
local v = {5, 5, 5, 5, 5}
print(pcall(table.sort, v, function(a, b) return a <= b end))
local w = {}
for i = 1, 10 do w[i] = 11 - i end
print(pcall(table.sort, w, function(a, b) return a >= b end))
print(table.concat(w, ","))
local x = {1, 2, 3, 4}
print(pcall(table.sort, x, function(a, b) return false end), table.concat(x, ","))
