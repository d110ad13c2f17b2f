-- table.sort with a comparator.
local t = {}
local seed = 42
for i = 1, 200000 do seed = (seed * 1103515245 + 12345) % 2147483648; t[i] = seed end
table.sort(t, function(a, b) return a > b end)
local u = {}
for i = 1, 200000 do u[i] = t[(i * 7919) % 200000 + 1] end
table.sort(u)
print(t[1], t[#t], u[1], u[#u])
