-- 5.1 constant folding: a -0 literal shares the constant slot of an earlier 0 in the same function
local function a() return -0.0 end
local function b() local z = 0; return -0.0 end
local function c() local x = -0.0; local y = 0; return x, y end
print(a(), 1 / a())
print(b(), 1 / b())
print(c())
local zero = 0
local nz = -zero
print(nz, 1 / nz, nz == 0, tostring(nz))
print(string.format("%g %f %.17g", nz, nz, nz))
print(0 * -1, -0 * 1)
local t = {}
t[nz] = "neg"
print(t[0], next(t))
