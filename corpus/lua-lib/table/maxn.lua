-- table.maxn returns the largest positive numeric key
print(table.maxn({}))
print(table.maxn({1, 2, 3}))
print(table.maxn({[10] = 1, [3] = 2}))
print(table.maxn({[1.5] = true, [1] = true}))
print(table.maxn({[-5] = 1}))
print(table.maxn({a = 1, b = 2}))
print(table.maxn({[1e100] = 1, 5}))
print(table.maxn({1, 2, nil, nil, 5}))
print(table.maxn({["10"] = 1, 2}))
local t = {1, 2, 3}
t[3] = nil
print(table.maxn(t), #t)
print(pcall(table.maxn))
print(pcall(table.maxn, "x"))
