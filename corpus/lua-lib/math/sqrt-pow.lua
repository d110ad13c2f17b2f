-- sqrt and pow (and the ^ operator) with edge inputs
local zero = 0
local nz = -zero -- runtime negation: a true negative zero
local F = function(x) return string.format("%.17g", x) end
print(math.sqrt(4), math.sqrt(2), F(math.sqrt(2)), math.sqrt(0), math.sqrt(nz))
print(math.sqrt(-1), math.sqrt(1/0))
print(math.pow(2, 10), math.pow(2, 0.5), math.pow(2, -1), math.pow(0, 0))
print(math.pow(-8, 1/3), math.pow(-2, 3), math.pow(-2, 0.5))
print(math.pow(0, -1), math.pow(nz, -1), math.pow(1, 0/0), math.pow(0/0, 0))
print(math.pow(10, 308), math.pow(10, 309), math.pow(2, -1074), math.pow(2, -1075))
print(2^10, 2^-1, (-2)^2, -2^2, 2^3^2)
print(F(10^-1), F(math.pow(10, 0.5)))
print(pcall(math.pow, 2))
print(pcall(math.pow, "2", "x"))
print(math.pow("2", "3"))
