-- 5.1 patterns are zero-terminated: a \0 ends the pattern (except in plain searches); %z matches it
local function esc(s) return s and (s:gsub("%z", "\\0")) end
print(string.find("a\0b", "\0"))
print(string.find("xa\0b", "a\0c"))
print(string.find("xa\0b", "a\0b"))
print(string.find("a\0b", "%z"))
print(esc(string.match("a\0b", "b\0")))
print(esc(string.match("a\0b", ".\0x")))
print(string.gsub("abc", "b\0zzz", "X"))
print(pcall(string.find, "a", "[\0]"))
print(pcall(string.find, "a\0", "[%z]"))
print(string.match("k\0v", "(%w)%z(%w)"))
print(string.find("a\0b", "\0", 1, true))
