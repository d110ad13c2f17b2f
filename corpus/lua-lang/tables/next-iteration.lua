-- next: explicit iteration, empty tables, invalid keys
local t = {"a", "b", k = "v"}
local k, v = next(t)
while k do
  print(k, v)
  k, v = next(t, k)
end
print(next({}), next({}, nil))
print(pcall(next, t, "missing"))
print(pcall(next))
print(rawequal(next, pairs(t)))
