-- assigning nil to existing fields during pairs is allowed
local t = {}
for i = 1, 8 do t["k" .. i] = i end
local seen = 0
for k, v in pairs(t) do
  seen = seen + 1
  t[k] = nil
end
print(seen, next(t))
local u = {1, 2, 3, 4}
for k, v in pairs(u) do u[k] = v * 10 end
print(u[1], u[2], u[3], u[4])
