-- mixing many specifiers in one format call
local f = string.format
print(f("%s=%d (%5.2f%%) [%x] %q %c", "k", 10, 12.345, 255, "v", 33))
print(f("%-8s|%8s|%08.3f|%+d", "left", "right", -3.14159, 0))
print(pcall(f, "%3$s"))
print(pcall(f, "%1$d", 5))
local row = {"id", 7, "name", "lua"}
print(f("%s:%03d %s:%-6s|", unpack(row)))
print(f("%d%%", 50), f("%5.1s|", "xyz"))
