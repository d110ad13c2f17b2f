-- relational operators on numbers, strings and mixed equality
print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 1 > 0, 1 == 1.0, 1 ~= 1)
print("a" < "b", "a" < "B", "abc" < "abd", "ab" < "abc", "" < "a", "Z" < "a")
print("10" < "9", 10 < 9, "a\0b" < "a\0c", "a\0" > "a")
print(1 == "1", "1" == 1, nil == false, 0 == false, "" == false)
local t = {}
print(t == t, t == {}, {} == {}, print == print, print ~= tostring)
print(0/0 == 0/0, 0/0 ~= 0/0, 0/0 < 1, 0/0 > 1, 1/0 == 1/0, -0 == 0)
print(not (1 < 2), not nil, not 0, not "")
