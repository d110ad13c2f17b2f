-- math.pi, math.deg and math.rad conversions
local F = function(x) return string.format("%.17g", x) end
print(math.pi, F(math.pi))
print(math.deg(math.pi), F(math.deg(math.pi)))
print(math.rad(180), F(math.rad(180)))
print(F(math.deg(1)), F(math.rad(1)))
print(math.deg(0), math.rad(-90), F(math.rad(-90)))
print(F(math.rad(math.deg(1))))
print(math.deg(1/0), math.rad(-1/0))
print(math.deg("90"), pcall(math.rad))
