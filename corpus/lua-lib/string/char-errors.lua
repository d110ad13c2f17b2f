-- string.char errors: out of range values and wrong types
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, 65, 300))
print(pcall(string.char, 65, 66, -5))
print(pcall(string.char, "x"))
print(pcall(string.char, 65, nil))
print(pcall(string.char, {}))
print(pcall(string.char, 1e10))
-- called from a Lua function, the error names the function
print(pcall(function() return string.char(256) end))
print(pcall(function() return string.char(65, -1) end))
print(pcall(function() return ("x"):char() end))
