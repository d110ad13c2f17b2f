-- == never converts between types
local vals = {1, "1", true, false, 1.0, "1.0"}
for i = 1, #vals do
  local row = {}
  for j = 1, #vals do row[#row + 1] = tostring(vals[i] == vals[j]) end
  print(type(vals[i]), table.concat(row, " "))
end
print(nil == nil, nil ~= false, "abc" == "a" .. "bc")
