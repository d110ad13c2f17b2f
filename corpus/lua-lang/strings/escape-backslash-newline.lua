-- a backslash followed by a real newline puts a newline in the string
local s = "line1\
line2"
print(s)
print(#s, s:byte(6))
local t = 'a\
\
b'
print(#t, t)
