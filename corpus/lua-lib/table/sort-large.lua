-- sorting a larger deterministic sequence and checking order and a checksum
local t = {}
local x = 12345
for i = 1, 500 do
  x = (x * 1103515245 + 12345) % 2147483648
  t[i] = x % 1000
end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
print(ok, #t, t[1], t[250], t[500])
local sum = 0
for i, v in ipairs(t) do sum = (sum * 31 + v * i) % 1000000007 end
print(sum)
table.sort(t, function(a, b) return a > b end)
print(t[1], t[2], t[499], t[500])
