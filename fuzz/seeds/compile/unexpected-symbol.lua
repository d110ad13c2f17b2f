-- "unexpected symbol near" for stray tokens
local srcs = {"x = = 1", "x = )", "return +", "local 1 = 2", "x = {1 2}", "f(,)", "x = 1 +* 2", "@", "x = $"}
for _, s in ipairs(srcs) do print(select(2, loadstring(s))) end
