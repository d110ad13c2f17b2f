-- math.abs on integers, floats, negative zero, inf, nan and coerced strings
local zero = 0
local nz = -zero -- runtime negation: a true negative zero
local F = function(x) return string.format("%.17g", x) end
for _, v in ipairs({5, -5, 0, -1.5, 1e308, -1e308, 2^53, -2^63}) do print(math.abs(v), F(math.abs(v))) end
print(math.abs(nz), 1 / math.abs(nz))
print(math.abs(-1/0), math.abs(1/0))
print(math.abs(0/0))
print(math.abs("-3"), math.abs(" -0x10 "), math.abs("1e2"))
print(pcall(math.abs))
print(pcall(math.abs, "abc"))
print(pcall(math.abs, {}))
print(pcall(function() return math.abs(nil) end))
