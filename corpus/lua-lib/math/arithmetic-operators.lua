-- % and ^ and / operators on edge values (a % b == a - floor(a/b)*b)
local F = function(x) return string.format("%.17g", x) end
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(5.5 % 2, -5.5 % 2, 5.5 % -2)
print(F(0.3 % 0.1), F(-0.3 % 0.1))
local zero = 0
print(1 / zero, -1 / zero, zero / zero)
print(1 % zero, 1 % (1 / zero))
print(2 ^ 0.5, F(2 ^ 0.5), (-8) ^ (1 / 3))
print(10 / 4, 1e308 * 10, -1e308 * 10)
print("10" + 5, "3" * "4", 10 .. "", "0x10" + 0, "1e1" * 1)
print(pcall(function() return "a" + 1 end))
print(pcall(function() return {} * 2 end))
print(pcall(function() local s = "x"; return -s end))
