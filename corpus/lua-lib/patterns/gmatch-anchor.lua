-- '^' in a gmatch pattern is not an anchor in 5.1: it matches a literal '^'
local n = 0
for w in string.gmatch("hello hello", "^hello") do n = n + 1; print(w) end
print("count", n)
for w in string.gmatch("^a^b^c", "^%a") do print(w) end
for w in string.gmatch("abc", "^") do print("[" .. w .. "]") end
print("done")
