-- math.atan2 in every quadrant, with zeros of both signs and infinities
local zero = 0
local nz = -zero -- runtime negation: a true negative zero
local F = function(x) return string.format("%.17g", x) end
local inf = 1/0
local cases = {{1, 1}, {1, -1}, {-1, -1}, {-1, 1}, {0, 1}, {0, -1}, {1, 0}, {-1, 0},
  {0, 0}, {inf, inf}, {-inf, inf}, {inf, -inf}, {1, inf}, {1, -inf}, {-1, -inf}}
for _, c in ipairs(cases) do print(c[1], c[2], F(math.atan2(c[1], c[2]))) end
print(F(math.atan2(nz, -1)), F(math.atan2(nz, 1)), F(math.atan2(0, nz)))
print(pcall(math.atan2, 1))
print(pcall(math.atan2))
print(math.atan2("1", "2") == math.atan2(1, 2))
