-- %s with strings containing zeros: whole string kept unless precision/width is used
local f = string.format
local s = f("%s", "a\0b")
print(#s, s:byte(1, -1))
s = f("[%s]", "\0\0\0")
print(#s, s:byte(1, -1))
s = f("%.2s", "a\0b")
print(#s, s:byte(1, -1))
s = f("%5s", "a\0b")
print(#s, s:byte(1, -1))
s = f("%-5s|", "a\0b")
print(#s, s:byte(1, -1))
s = f("%s%s", "x\0", "\0y")
print(#s, s:byte(1, -1))
s = f("a\0b%sc", "X")
print(#s, s:byte(1, -1))
-- strings of 100 bytes or more without precision are copied whole, zeros included
local big = string.rep("z", 99) .. "\0" .. "tail"
s = f("%s", big)
print(#s, s:sub(-5):byte(1, -1))
s = f("%s", string.rep("y", 98) .. "\0w")
print(#s)
s = f("%.99s", big)
print(#s)
