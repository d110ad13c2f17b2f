-- table.insert appending and inserting at positions
local t = {}
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, 1, "c")
table.insert(t, 2, "d")
table.insert(t, #t + 1, "e")
print(#t, table.concat(t, ","))
table.insert(t, 3, 99)
print(#t, table.concat(t, ","))
local u = {1, 2, 3}
table.insert(u, 10, "far")
print(#u, u[10], table.concat(u, ","))
local v = {1, 2, 3}
table.insert(v, 0, "zero")
print(v[0], v[1], v[2], v[3], v[4], v[5])
local w = {1, 2, 3}
table.insert(w, -1, "neg")
print(w[-1], w[0], w[1], w[2], w[3], w[4], #w)
local x = {"a"}
table.insert(x, "2", "b")
print(table.concat(x, ","))
table.insert(x, 1.5, "c")
print(table.concat(x, ","))
