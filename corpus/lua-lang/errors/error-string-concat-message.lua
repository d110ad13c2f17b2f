-- error messages built from values, level 0 has no position
print(pcall(error, "a" .. 1 .. "b", 0))
print(pcall(function() error(string.format("%d items", 3), 0) end))
print(pcall(function() error("\nmultiline\nmessage") end))
print(pcall(function() error("") end))
