-- string ordering with <, used by table.sort: byte order in the C locale, prefixes, zeros
print("a" < "b", "a" < "B", "Z" < "a", "" < "a", "abc" < "abd", "ab" < "abc")
print("10" < "9", "a\0b" < "a\0c", "a\0" > "a", "\255" > "\127")
print("abc" == "abc", "abc" ~= "ABC", "a" <= "a", "b" >= "a")
print(pcall(function() return "a" < 1 end))
print(pcall(function() return {} < {} end))
print(pcall(function() return 1 <= "1" end))
print(1 == "1", "1" + 0 == 1)
