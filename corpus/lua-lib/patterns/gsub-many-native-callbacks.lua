-- gsub, sort and table.foreach calling a C function (not a Lua one) very many times.
local s, n = string.gsub(string.rep("a", 200000), "a", string.upper)
print(#s, n, s:sub(1, 5))
s, n = string.gsub(string.rep("12 ", 50000), "%d+", tonumber)
print(#s, n)
local count = 0
table.foreach(setmetatable({}, {__index = function () end}), print)
local t = {}
for i = 1, 100000 do t[i] = i end
table.foreachi(t, rawequal)
s, n = string.gsub(string.rep("x", 100000), "x", {x = "y"})
print(#s, n, s:sub(1, 3))
-- pcall chains of natives
local ok, v = pcall(pcall, pcall, pcall, tostring, 12)
print(ok, v)
