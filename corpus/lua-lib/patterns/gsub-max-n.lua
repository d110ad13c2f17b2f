-- gsub with the max number of replacements argument
print(string.gsub("aaaa", "a", "b", 0))
print(string.gsub("aaaa", "a", "b", 1))
print(string.gsub("aaaa", "a", "b", 3))
print(string.gsub("aaaa", "a", "b", 10))
print(string.gsub("aaaa", "a", "b", -1))
print(string.gsub("aaaa", "a", "b", 2.9))
print(string.gsub("aaaa", "a", "b", "2"))
print(string.gsub("abc", "", "-", 2))
print(string.gsub("aaaa", "a", "b", nil))
print(pcall(string.gsub, "aaaa", "a", "b", "x"))
local n = 0
print(string.gsub("abcd", "%w", function(c) n = n + 1 return c:upper() end, 2), n)
