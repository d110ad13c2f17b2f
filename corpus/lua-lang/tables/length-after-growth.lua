-- # on tables built by appending, removing from the end and with explicit sizes
local t = {}
for i = 1, 100 do t[#t + 1] = i end
print(#t, t[#t])
for i = 1, 50 do t[#t] = nil end
print(#t, t[#t])
local u = {n = 0}
u[1], u[2], u[3] = 1, 2, 3
print(#u)
local v = {nil, 2}
print(#v)
local w = {1, 2, 3}
w[5] = 5
print(#w)
w[4] = 4
print(#w)
