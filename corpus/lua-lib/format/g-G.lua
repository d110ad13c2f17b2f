-- %g and %G choose between fixed and exponential forms
local f = string.format
print(f("%g", 100000), f("%g", 1000000), f("%g", 1e-4), f("%g", 1e-5))
print(f("%G", 1e-5), f("%G", 1e20))
print(f("%g", 0.1), f("%g", 1/3), f("%g", 2/3))
print(f("%.3g", 3.14159), f("%.10g", 3.14159), f("%.0g", 3.5), f("%.1g", 25))
print(f("%#g", 1), f("%#.3g", 1), f("%g", 1))
print(f("%.14g", 0.1), f("%.17g", 0.1), f("%.17g", 1/3))
print(f("[%10g] [%-10g] [%010g] [%+g]", 1.5, 1.5, -1.5, 1.5))
print(f("%g", 2^53), f("%.17g", 2^53), f("%.17g", 2^63))
print(f("%g", -0.0), f("%g", 0))
print(f("%g", 1e308 * 10), f("%G", 1e308 * 10))
print(f("%.99g", 0.1):len())
