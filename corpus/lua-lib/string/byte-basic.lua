-- string.byte with default, single, range, and out-of-range indices
local s = "Hello"
print(string.byte(s))
print(string.byte(s, 1))
print(string.byte(s, 2, 4))
print(string.byte(s, 1, -1))
print(string.byte(s, 5))
print(select('#', string.byte(s, 6)))
print(select('#', string.byte(s, 0)))
print(select('#', string.byte(s, 4, 2)))
print(string.byte(s, 0, 2))
print(string.byte(s, 4, 100))
print(select('#', string.byte("")))
print(string.byte("\0\255\128"), string.byte("\0\255\128", 2), string.byte("\0\255\128", 3))
