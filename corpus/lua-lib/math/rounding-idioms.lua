-- integer division and rounding idioms built from floor/ceil/fmod/modf
local F = function(x) return string.format("%.17g", x) end
local function round(x) return math.floor(x + 0.5) end
for _, v in ipairs({2.5, -2.5, 0.49999999999999994, 1.5, -0.5, 1e16 + 1}) do
  print(v, round(v), F(round(v)), string.format("%.0f", v))
end
local function idiv(a, b) return math.floor(a / b) end
print(idiv(7, 2), idiv(-7, 2), idiv(7, -2), idiv(1, 3))
local function trunc(x) local i = math.modf(x) return i end
print(trunc(2.7), trunc(-2.7), F(trunc(-2.7)))
print(math.floor(-7 / 2), math.ceil(-7 / 2), math.fmod(-7, 2), -7 % 2)
print(math.floor(2^31 + 0.5), math.floor(-2^31 - 0.5), F(math.floor(2^62 + 1)))
