-- %s with width, precision and flags; numbers as %s arguments
local f = string.format
print(f("[%s]", "hello"))
print(f("[%10s] [%-10s]", "hi", "hi"))
print(f("[%.3s] [%.0s] [%.10s]", "abcdef", "abcdef", "abc"))
print(f("[%8.3s] [%-8.3s]", "abcdef", "abcdef"))
print(f("[%s] [%s] [%s]", 1, 1.5, -0.25))
print(f("[%s]", 1e100))
print(f("[%5s]", 12))
print(f("%s %s %s", "a", "b", "c"))
print(f("[%s]", ""))
print(f("[%3s]", "abcdef"))
