-- pcall returns true plus all results, or false plus the error
print(pcall(function() return 1, nil, 3 end))
print(pcall(function() end))
print(select("#", pcall(function() return nil, nil end)))
print(pcall(string.rep, "ab", 3))
print(pcall(pcall, error, "inner"))
print(pcall(pcall))
print(pcall(nil))
print(pcall(42, 1))
