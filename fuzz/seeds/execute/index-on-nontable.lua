-- __index on the string metatable; indexing numbers/booleans fails
local s = "hello"
print(s.len == string.len, s.upper == string.upper, s:len())
print(("x").foo)
print(pcall(function() return (5).x end))
print(pcall(function() local b = true; return b.x end))
string.shout = function(str) return str:upper() .. "!" end
print(s:shout())
print(#getmetatable("").__index == 0)
