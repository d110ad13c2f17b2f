-- tonumber on many string shapes
local inputs = {"10", " 10 ", "10 x", "0x1A", "0X1a", "-0x10", "1e2", "1e", "e1",
  ".", "-.5", "5.", "", " ", "inf", "nan", "1e500", "-1e500", "0x", "1_000",
  "١", "10\0", "\n12\n", "0b101", "1.5e+2", "+1", "- 1", "0x1p4", "00012", "1..2"}
for i, s in ipairs(inputs) do
  print(i, string.format("%q", s), tonumber(s))
end
print(tonumber(nil), tonumber(true), tonumber({}), tonumber(42), tonumber(-0.5))
