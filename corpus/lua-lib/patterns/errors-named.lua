-- pattern errors raised from Lua code carry the caller's position
local function f(p) local r = string.find("abc", p) return r end
print(pcall(f, "%"))
print(pcall(f, "[a"))
print(pcall(f, "%1"))
print(pcall(f, ")"))
print(pcall(f, "("))
print(pcall(f, "%f"))
print(pcall(f, "%b"))
print(pcall(function() return (string.gsub("abc", "b", "%2")) end))
