-- expressions that cannot be assigned to
local srcs = {"f() = 1", "(x) = 1", "1 = x", "'s' = 1", "x, f() = 1, 2", "a.b() = 3", "nil = 1", "... = 1"}
for _, s in ipairs(srcs) do print(select(2, loadstring(s))) end
