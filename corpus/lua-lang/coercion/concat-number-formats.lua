-- concatenating numbers uses the same format as tostring
local nums = {0, -0, 1, -1, 0.5, 1e14, 1e15, 12345678901234, 123456789012345, 1e-3, 2^-10, 255/256}
for _, n in ipairs(nums) do
  print(n .. "", tostring(n), n .. "" == tostring(n))
end
