-- locals declared inside repeat are fresh per iteration and visible in until
local fs = {}
local i = 0
repeat
  i = i + 1
  local v = i * i
  fs[i] = function() return v end
until v >= 16
for k = 1, #fs do io.write(fs[k](), " ") end
print()
