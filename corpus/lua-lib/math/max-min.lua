-- math.max and math.min with one, many, mixed and edge arguments
local zero = 0
local nz = -zero -- runtime negation: a true negative zero
print(math.max(1), math.min(1))
print(math.max(3, 1, 2), math.min(3, 1, 2))
print(math.max(-1, -5), math.min(-1, -5))
print(math.max(1.5, 1), math.min(1.5, 1))
print(math.max("10", 9), math.min("10", 9), type(math.max("10")))
print(math.max(1/0, 0), math.min(-1/0, 0))
print(math.max(0/0, 1), math.max(1, 0/0))
print(math.min(0/0, 1), math.min(1, 0/0))
print(math.max(0, nz), math.max(nz, 0), math.min(0, nz), math.min(nz, 0))
print(pcall(math.max))
print(pcall(math.min))
print(pcall(math.max, 1, "x"))
print(pcall(math.min, 1, nil))
print(pcall(function() return math.max() end))
print(pcall(function() return math.min(1, {}) end))
