-- math.modf splits into integral and fractional parts, including negatives and inf
local zero = 0
local nz = -zero -- runtime negation: a true negative zero
local F = function(x) return string.format("%.17g", x) end
for _, v in ipairs({3.7, -3.7, 5, -5, 0.5, -0.5, 1e100, 0.1, 2^53 + 1}) do
  local i, f = math.modf(v)
  print(v, i, f, F(i), F(f))
end
print(math.modf(1/0))
print(math.modf(-1/0))
print(math.modf(0/0))
print(math.modf(nz))
local i, f = math.modf(-0.25)
print(i, f, 1 / i)
print(select("#", math.modf(1)))
print(pcall(math.modf))
