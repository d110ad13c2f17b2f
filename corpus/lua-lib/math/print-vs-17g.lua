-- print (%.14g) versus %.17g for values whose shortest forms differ
local vals = {0.1, 0.2, 0.1 + 0.2, 1 - 0.9, 1/3, 2/3, 100/3, 1e21, 1e-5, 123.456, 2^0.5,
  9007199254740993, 4503599627370497, 1.7976931348623157e308, 2.2250738585072014e-308}
for _, v in ipairs(vals) do
  print(v, string.format("%.17g", v))
end
print(0.1 + 0.2 == 0.3, 0.1 + 0.2 - 0.3)
