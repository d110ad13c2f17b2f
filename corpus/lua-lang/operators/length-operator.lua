-- # on strings and sequences
print(#"", #"hello", #"a\0b", #"\n\t", #[[
xy]])
print(#{}, #{1, 2, 3}, #{n = 1}, #{1, 2, nil}, #{nil})
local s = "abc"
print(#s * 2, -#s, #s .. #s)
print(#{"a", "b", x = 1, "c"})
