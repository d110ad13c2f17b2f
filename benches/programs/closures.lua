-- Closures and upvalues.
local function counter()
  local c = 0
  return function() c = c + 1; return c end
end
local total = 0
for _ = 1, 200000 do
  local f = counter()
  f(); f()
  total = total + f()
end
local acc = 0
local function add(x) acc = acc + x end
for i = 1, 3000000 do add(i) end
print(total, acc)
