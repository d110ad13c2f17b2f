-- %q argument errors and width on %q
print(pcall(string.format, "%q"))
print(pcall(string.format, "%q", nil))
print(pcall(string.format, "%q", {}))
print(pcall(string.format, "%q", true))
print(pcall(string.format, "%10q", "x"))
print(pcall(string.format, "%-q", "x"))
