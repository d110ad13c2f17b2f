-- sin cos tan with exact %.17g output on common and edge inputs
local zero = 0
local nz = -zero -- runtime negation: a true negative zero
local F = function(x) return string.format("%.17g", x) end
for _, v in ipairs({0, 1, -1, math.pi, math.pi / 2, math.pi / 4, 1e10, 1e-10, 100}) do
  print(F(v), F(math.sin(v)), F(math.cos(v)), F(math.tan(v)))
end
print(math.sin(1/0), math.cos(-1/0), math.tan(0/0))
print(math.sin(nz), 1 / math.sin(nz))
print(math.sin(0), math.cos(0), math.tan(0))
print(math.sin("0.5"), pcall(math.cos, "half"))
