-- table.insert/remove/concat/sort/maxn
local t = {"a", "b", "c"}
table.insert(t, "d")
table.insert(t, 1, "z")
print(table.concat(t, ","), #t)
print(table.remove(t), table.remove(t, 1), table.concat(t, ","))
print(table.remove({}), #t)
print(table.concat({1, 2, 3}, ", ", 2, 3), table.concat({}, "x"), table.concat({"a"}, "x", 1, 0))
local n = {5, 2, 8, 1, 9, 3}
table.sort(n)
print(table.concat(n, " "))
table.sort(n, function(a, b) return a > b end)
print(table.concat(n, " "))
print(table.maxn({1, 2, [10] = 3, [2.5] = 4}), table.maxn({}))
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.insert, {}, 1, 2, 3))
print(table.getn({1, 2, 3}), pcall(table.setn, {}, 1))
