-- gsub calling a C function (not a Lua one) very many times, and chains of natives calling
-- natives.
local s, n = string.gsub(string.rep("a", 200000), "a", string.upper)
print(#s, n, s:sub(1, 5))
s, n = string.gsub(string.rep("12 ", 50000), "%d+", tonumber)
print(#s, n)
s, n = string.gsub(string.rep("x", 100000), "x", {x = "y"})
print(#s, n, s:sub(1, 3))
-- pcall chains of natives
local ok, v = pcall(pcall, pcall, pcall, tostring, 12)
print(ok, v)
