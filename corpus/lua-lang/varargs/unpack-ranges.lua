-- unpack with explicit ranges
local t = {"a", "b", "c", nil, "e"}
print(unpack({1, 2, 3}))
print(unpack(t, 2, 5))
print(unpack(t, 4))
print(unpack({}, 1, 3))
print(unpack({1, 2}, 3, 2))
print(select("#", unpack({}, 1, 0)), select("#", unpack({n = 5}, -1, 1)))
print(unpack({1, 2, 3}, -1, 1))
print(pcall(unpack, {}, 1, 1e8))
print(unpack({"x", "y"}, "2"))
