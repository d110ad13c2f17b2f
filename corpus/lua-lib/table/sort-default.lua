-- table.sort with the default < comparator on numbers and strings
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t)
print(table.concat(t, " "))
local s = {"banana", "apple", "Cherry", "date", "apple2", "", "Apple", "10", "9"}
table.sort(s)
print(table.concat(s, " "))
local f = {3.5, -1, 1e100, -1e100, 0, 2.25, -0.5}
table.sort(f)
print(table.concat(f, " "))
local e = {}
table.sort(e)
print(#e)
local one = {"x"}
table.sort(one)
print(one[1])
local dup = {3, 1, 3, 1, 2, 2}
table.sort(dup)
print(table.concat(dup, " "))
local bytes = {"\255", "\0", "a", "A", "\127"}
table.sort(bytes)
for i, v in ipairs(bytes) do io.write(string.byte(v) or "-", " ") end
print()
