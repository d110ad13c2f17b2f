-- pairs returns next, the table and nil; ipairs returns a fixed iterator
local t = {10}
local f, s, c = pairs(t)
print(f == next, s == t, c)
local g, s2, c2 = ipairs(t)
print(type(g), s2 == t, c2, g == ipairs({}))
print(next(t), next(t, 1))
print(pcall(pairs))
