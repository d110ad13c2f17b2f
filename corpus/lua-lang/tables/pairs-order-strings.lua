-- pairs order for string keys follows the internal hash layout
local t = {alpha = 1, beta = 2, gamma = 3, delta = 4, epsilon = 5, zeta = 6, eta = 7}
for k, v in pairs(t) do print(k, v) end
print("--")
local u = {}
for _, k in ipairs({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}) do
  u[k] = #k
end
for k, v in pairs(u) do print(k, v) end
