-- string.byte with negative indices counting from the end
local s = "abcdef"
print(string.byte(s, -1))
print(string.byte(s, -3))
print(string.byte(s, -3, -1))
print(string.byte(s, -6))
print(select('#', string.byte(s, -7)))
print(string.byte(s, -100, 2))
print(string.byte(s, 2, -2))
print(select('#', string.byte(s, -1, -3)))
print(string.byte(s, "2", "3"))
print(string.byte(s, 2.9))
print(s:byte(-2))
