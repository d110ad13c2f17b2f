-- table.concat with explicit i and j ranges
local t = {"a", "b", "c", "d", "e"}
print(table.concat(t, ",", 2))
print(table.concat(t, ",", 2, 4))
print(table.concat(t, ",", 3, 3))
print("[" .. table.concat(t, ",", 4, 2) .. "]")
print("[" .. table.concat(t, ",", 6) .. "]")
print(table.concat(t, ",", 1, 5))
print(table.concat(t, ",", "2", "3"))
print(table.concat(t, ",", 1.9, 3.9))
print(pcall(table.concat, t, ",", 0))
print(pcall(table.concat, t, ",", 1, 6))
print(pcall(table.concat, t, ",", -1, 1))
local u = {[0] = "zero", [-1] = "neg", "one"}
print(table.concat(u, ",", -1, 1))
print(pcall(table.concat, t, ",", "x"))
