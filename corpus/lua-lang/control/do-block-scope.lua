-- do ... end opens a scope; locals shadow and are restored
local x = 1
do
  local x = 2
  do local x = 3; print(x) end
  print(x)
end
print(x)
local y = y
print(y)
local a, a = 1, 2
print(a)
local z = 10
local z = z + 1
print(z)
