-- Numeric for loops and arithmetic.
local s = 0
for i = 1, 10000000 do s = s + i % 7 * 2 - 1 end
local x = 0.5
for _ = 1, 5000000 do x = x * 1.000001 + 0.000001 end
print(s, string.format("%.6f", x))
