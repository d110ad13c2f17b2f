-- string.find argument errors
print(pcall(string.find))
print(pcall(string.find, "abc"))
print(pcall(string.find, "abc", {}))
print(pcall(string.find, "abc", "b", "x"))
print(pcall(string.find, nil, "b"))
print(pcall(function() return ("abc"):find() end))
print(pcall(function() return string.find("abc", nil) end))
