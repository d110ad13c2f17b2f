-- %e and %E with precision, width and flags
local f = string.format
print(f("%e", 12345.6789))
print(f("%E", 12345.6789))
print(f("%.2e", 12345.6789))
print(f("%.0e", 15000))
print(f("%#.0e", 15000))
print(f("%e", 0))
print(f("%e", -0.0))
print(f("%e", 1e-310))
print(f("%e", 1e300))
print(f("[%15.3e] [%-15.3E] [%+e] [% e] [%015.3e]", 1.5, 1.5, 1.5, 1.5, -1.5))
print(f("%.10e", 1/3))
print(f("%e", 5e-324))
