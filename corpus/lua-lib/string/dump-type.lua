-- string.dump returns a binary chunk string that loads back
local function f(a, b) return a + b end
local d = string.dump(f)
print(type(d))
print(d:sub(1, 4) == "\27Lua")
print(string.byte(d, 5))
local g = loadstring(d)
print(type(g), g(2, 3))
print(pcall(string.dump, print))
print(pcall(string.dump, 1))
print(pcall(string.dump))
