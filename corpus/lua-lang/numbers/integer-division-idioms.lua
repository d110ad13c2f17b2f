-- floor division idioms in 5.1 (no // operator)
local function idiv(a, b) return math.floor(a / b) end
print(idiv(7, 2), idiv(-7, 2), idiv(7, -2), idiv(6, 3))
print(7 - idiv(7, 2) * 2, -7 % 2)
print(loadstring("return 7 // 2"))
print(loadstring("return 7 & 3"))
print(loadstring("return ~1"))
