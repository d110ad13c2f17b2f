-- pairs/next iteration order over mixed tables (array part then hash part)
local t = {10, 20, 30, x = "x", y = "y", z = "z", [100] = "h", [1.5] = "f", [true] = "b"}
for k, v in pairs(t) do print(type(k), tostring(k), v) end
local s = {}
for i = 1, 8 do s["k" .. i] = i end
for k, v in pairs(s) do io.write(k, "=", v, " ") end
print()
print(next({}), next({7}), next({a = 1}))
