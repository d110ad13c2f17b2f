-- table.sort uses the # length; elements beyond a border are ignored
local t = {3, 2, 1}
t[5] = 0
table.sort(t)
print(t[1], t[2], t[3], t[4], t[5])
local u = {n = 3, 9, 8, 7}
table.sort(u)
print(u[1], u[2], u[3], u.n)
local v = setmetatable({}, {__index = function() return 1 end})
print(pcall(table.sort, v))
