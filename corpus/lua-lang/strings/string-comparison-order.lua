-- strings compare by bytes (C locale), with embedded zeros
local list = {"b", "B", "a", "ab", "", "A", "aB", "a\0", "\0", "~", "1", "10", "9", " "}
table.sort(list)
for i, v in ipairs(list) do io.write(string.format("%q", v), " ") end
print()
print("a\0a" < "a\0b", "a" < "a\0", "\255" > "\127")
