-- nan values under %f %e %g %d %x (sign of nan is platform-visible)
local nan = 0/0
local f = string.format
print(f("%f", nan))
print(f("%e", nan))
print(f("%g", nan))
print(f("%G", nan))
print(f("%.3f", -nan))
print(f("%5g|", nan))
print(f("%d", nan))
print(tostring(nan), tostring(-nan))
print(nan ~= nan)
