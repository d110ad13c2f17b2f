-- string.char with various byte values, including zero and 255
print(string.char(72, 101, 108, 108, 111))
print(string.char() == "", #string.char())
local s = string.char(0, 1, 127, 128, 255)
print(#s, string.byte(s, 1, -1))
print(string.char("65", 66.0, "0x43"))
print(string.char(65.7))
print(#string.char(0, 0, 0))
print(string.char(97):rep(3))
