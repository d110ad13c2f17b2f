-- select and unpack as base functions
print(select("#"), select("#", nil), select(1, nil))
print(unpack({1, 2, 3}, 2), unpack({1, 2, 3}, 2, 2))
print(select(-2, unpack({"a", "b", "c", "d"})))
local t = {}
for i = 1, 200 do t[i] = i end
print(select("#", unpack(t)), (select(200, unpack(t))))
