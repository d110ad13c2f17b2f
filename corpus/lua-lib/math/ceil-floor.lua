-- math.ceil and math.floor including negatives, -0, huge values, inf and nan
local F = function(x) return string.format("%.17g", x) end
for _, v in ipairs({1.5, -1.5, 2, -2, 0.5, -0.5, 1e300, 2^52 + 0.5, -2^52 - 0.5, 0.1}) do
  print(v, math.floor(v), math.ceil(v), F(math.floor(v)), F(math.ceil(v)))
end
print(math.floor(-0.5), math.ceil(-0.5), 1 / math.ceil(-0.5))
print(math.floor(1/0), math.ceil(-1/0), math.floor(0/0))
print(math.floor("3.7"), math.ceil("-3.7"))
print(pcall(math.floor, "x"))
print(pcall(math.ceil))
