-- calling values that are not functions
print(pcall(function() local x = 5; x() end))
print(pcall(function() local t = {}; t.f() end))
print(pcall(function() ("s")() end))
print(pcall(function() local t = {}; t:m() end))
print(pcall(function() undefined_global_fn(1) end))
local callable = setmetatable({}, {__call = function(self, a) return "called with " .. tostring(a) end})
print(callable(42), pcall(callable, "x"))
