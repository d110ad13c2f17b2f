-- math.fmod with positives, negatives, zero divisor, inf and nan vs the % operator
local F = function(x) return string.format("%.17g", x) end
local cases = {{7, 3}, {-7, 3}, {7, -3}, {-7, -3}, {5.5, 2}, {-5.5, 2}, {1, 0}, {-1, 0}, {0, 0},
  {1/0, 2}, {5, 1/0}, {-5, 1/0}, {0.3, 0.1}, {1e308, 3}}
for _, c in ipairs(cases) do
  print(c[1], c[2], math.fmod(c[1], c[2]), c[1] % c[2], F(math.fmod(c[1], c[2])))
end
print(pcall(math.fmod, 1))
print(math.fmod("7", "2"))
