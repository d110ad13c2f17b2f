-- __unm gets the operand twice in 5.1; metamethods on strings via string metatable
local seen
local t = setmetatable({}, {__unm = function(a, b) seen = rawequal(a, b); return "negated" end})
print(-t, seen)
print(pcall(function() return -{} end))
print(pcall(function() return -"abc" end))
print(-"2", -"0x10")
