-- pairs visits the array part in order, then the hash part
local t = {10, 20, 30, [100] = "h", [-1] = "neg", [0] = "zero", [2.5] = "float", x = "s"}
for k, v in pairs(t) do print(k, v) end
print("--")
local u = {}
for i = 10, 1, -1 do u[i * 3] = i end
for k, v in pairs(u) do io.write(k, "=", v, " ") end
print()
local w = {}
w[3] = "c"; w[1] = "a"; w[2] = "b"
for k, v in pairs(w) do io.write(k, v, " ") end
print()
