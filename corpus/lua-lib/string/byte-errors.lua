-- string.byte argument errors
print(pcall(string.byte))
print(pcall(string.byte, nil))
print(pcall(string.byte, {}))
print(pcall(string.byte, "abc", "x"))
print(pcall(string.byte, "abc", 1, {}))
print(pcall(string.byte, 123, 2))
print(pcall(string.byte, true))
