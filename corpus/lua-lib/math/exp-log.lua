-- exp, log and log10 including 0, negatives, inf and nan
local zero = 0
local nz = -zero -- runtime negation: a true negative zero
local F = function(x) return string.format("%.17g", x) end
for _, v in ipairs({0, 1, -1, 2, 10, 709, 710, -745, -746}) do print(v, F(math.exp(v))) end
for _, v in ipairs({1, 2, 10, 100, 0.001, 1e300, 5e-324}) do print(v, F(math.log(v)), F(math.log10(v))) end
print(math.log(0), math.log10(0), math.log(nz))
print(math.log(-1), math.log10(-1))
print(math.log(1/0), math.exp(-1/0), math.exp(1/0))
print(pcall(math.log, 8, 2))
print(math.log(8, 2))
