-- %f with precision, width and flags, rounding
local f = string.format
print(f("%f", 3.14159265358979))
print(f("%.2f", 3.14159))
print(f("%.0f", 2.5), f("%.0f", 3.5), f("%.0f", -2.5), f("%.0f", 0.5))
print(f("%.1f", 0.05), f("%.1f", 0.15), f("%.1f", 0.25), f("%.2f", 1.005))
print(f("[%10.3f] [%-10.3f] [%010.3f] [%+.3f] [% .3f]", 3.14159, 3.14159, -3.14159, 3.14159, 3.14159))
print(f("%#.0f", 3), f("%.0f", 3))
print(f("%f", 1e20))
print(f("%.20f", 0.1))
print(f("%f", -0.0))
print(f("%.3f", 1e-10))
print(f("%f", 123456789012345678))
print(f("%5.2f%%", 99.555))
