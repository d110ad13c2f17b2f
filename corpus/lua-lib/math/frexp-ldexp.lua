-- frexp splits into mantissa/exponent; ldexp rebuilds
local zero = 0
local nz = -zero -- runtime negation: a true negative zero
local F = function(x) return string.format("%.17g", x) end
for _, v in ipairs({1, 8, 0.5, -3, 1e300, 5e-324, 0, 0.1}) do
  local m, e = math.frexp(v)
  print(v, m, e, F(m), F(math.ldexp(m, e)))
end
print(math.frexp(1/0))
print(math.frexp(-1/0))
print(math.frexp(0/0))
print(math.frexp(nz))
print(math.ldexp(1, 1024), math.ldexp(1, -1075), math.ldexp(1, -1074))
print(math.ldexp(3, 2.9), math.ldexp("1", "3"))
print(pcall(math.ldexp, 1))
print(pcall(math.ldexp, 1, "x"))
