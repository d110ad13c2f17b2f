-- "'=' expected near" when a statement is not an assignment or call
local srcs = {"x", "x y", "a.b", "a, b", "local x y", "x 1", "a[1]", "a.b c = 1"}
for _, s in ipairs(srcs) do print(select(2, loadstring(s))) end
