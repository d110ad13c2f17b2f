-- tostring loses precision beyond 14 significant digits
local vals = {0.1, 1/3, 123456789.123456789, 2^53, 1e-10, 3.14159265358979}
for _, v in ipairs(vals) do
  local s = tostring(v)
  print(s, tonumber(s) == v)
end
print(string.format("%.17g", 0.1), tonumber(string.format("%.17g", 1/3)) == 1/3)
