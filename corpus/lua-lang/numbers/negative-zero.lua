-- negative zero computed at run time prints as -0
local function neg(x) return -x end
local function mul(a, b) return a * b end
local z = neg(0)
print(z, 1/z, z == 0, tostring(z), z .. "")
print(mul(0, -1), mul(-1, 0), string.format("%g %.1f", z, z))
print(math.ceil(-0.5), math.floor(neg(0)), math.abs(z))
local t = {}
t[z] = "stored under -0"
print(t[0])
