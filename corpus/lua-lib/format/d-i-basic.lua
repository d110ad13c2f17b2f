-- %d and %i with widths, flags and precision
local f = string.format
print(f("[%d] [%i]", 42, -42))
print(f("[%5d] [%-5d] [%05d]", 42, 42, 42))
print(f("[%+d] [%+d] [% d] [% d]", 42, -42, 42, -42))
print(f("[%.3d] [%.0d] [%.0d] [%8.3d]", 7, 0, 1, -7))
print(f("[%-+6d] [%+06d] [% 06d]", 5, 5, 5))
print(f("[%d]", 0), f("[%d]", -0))
print(f("%i|%i", 2147483647, -2147483648))
print(f("%d", "123"), f("%d", " 0x1F "), f("%d", "1e3"))
print(f("%3d|%-3d|", 12345, 12345))
