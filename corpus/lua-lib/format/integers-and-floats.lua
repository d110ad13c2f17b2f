-- integral floats vs %d/%.0f/%g and tostring
local f = string.format
for _, v in ipairs({0, 1, -1, 10, 1e3, 2^31 - 1, 2^32, 1e14, 1e15, 123456.0}) do
  print(tostring(v), f("%d", v), f("%.0f", v), f("%g", v), f("%.14g", v))
end
