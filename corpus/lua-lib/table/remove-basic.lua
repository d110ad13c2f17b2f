-- table.remove from end, middle, beginning and empty tables
local t = {"a", "b", "c", "d", "e"}
print(table.remove(t), #t, table.concat(t, ","))
print(table.remove(t, 1), #t, table.concat(t, ","))
print(table.remove(t, 2), #t, table.concat(t, ","))
print(table.remove(t, #t), #t, table.concat(t, ","))
print(table.remove(t), #t)
print(table.remove(t), #t)
print(select("#", table.remove(t)))
print(select("#", table.remove({}, 1)))
local u = {1, 2, 3}
print(table.remove(u, 5), #u)
print(table.remove(u, 0), #u)
print(table.remove(u, -1), #u)
print(table.remove(u, "1"), #u, u[1], u[2])
