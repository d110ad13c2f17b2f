-- the compiler folds -0.0 to a constant and dedupes constants by value, so 0 and -0 share a slot
local a = -0.0
print(a, 1/a, a == 0)
local z = 0
local nz = -z
print(z, nz, 1/nz)
local b = 0
print(b, -0.0, 1/-0.0)
local function f() return 0, -0.0 end
print(f())
local function g() return -0.0, 0 end
print(g())
