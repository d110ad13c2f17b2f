-- sinh cosh tanh on small, large and infinite inputs
local F = function(x) return string.format("%.17g", x) end
for _, v in ipairs({0, 1, -1, 0.5, 10, 20, 710, 1000, -1000}) do
  print(F(v), F(math.sinh(v)), F(math.cosh(v)), F(math.tanh(v)))
end
print(math.sinh(1/0), math.cosh(-1/0), math.tanh(-1/0))
print(math.tanh(0/0))
