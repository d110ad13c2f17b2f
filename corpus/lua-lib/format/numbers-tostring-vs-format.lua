-- tostring uses %.14g; compare with explicit formats
local vals = {0.1, 1/3, 100, 1e15, 1e16, 123456789012, 2^53, -1.5e-7, 3.14159265358979, 1e100, 2^-1074}
for _, v in ipairs(vals) do
  print(tostring(v), string.format("%.14g", v), string.format("%.17g", v))
end
