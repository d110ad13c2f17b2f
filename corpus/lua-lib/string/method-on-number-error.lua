-- numbers do not have the string metatable: method call errors
local n = 42
print(pcall(function() return n:upper() end))
print(pcall(function() local t = {} return t:upper() end))
print(tostring(n):upper())
print(("42"):len())
print(pcall(function() return (nil):len() end))
