-- asin acos atan: domain edges, out of domain (nan), infinities
local zero = 0
local nz = -zero -- runtime negation: a true negative zero
local F = function(x) return string.format("%.17g", x) end
for _, v in ipairs({0, 0.5, -0.5, 1, -1, 1e-300}) do
  print(F(v), F(math.asin(v)), F(math.acos(v)), F(math.atan(v)))
end
print(math.asin(2), math.acos(-1.5))
print(F(math.atan(1/0)), F(math.atan(-1/0)))
print(math.atan(nz), 1 / math.atan(nz))
print(pcall(math.asin))
