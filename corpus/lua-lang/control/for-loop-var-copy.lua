-- assigning to the loop variable does not change the iteration
for i = 1, 3 do
  local before = i
  i = i * 10
  print(before, i)
end
local t = {"a", "b", "c"}
for k, v in ipairs(t) do
  k = k + 100
  io.write(k, v, " ")
end
print()
local i = "outer"
for i = 1, 2 do end
print(i)
