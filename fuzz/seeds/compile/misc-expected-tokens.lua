-- other "X expected" parser messages
local srcs = {"for i = 1 do end", "for i do end", "for i, j = 1, 2 do end", "if x end", "while x end",
  "for i in x end", "function f(a b) end", "x = {a = }", "x = {[1] 2}", "return f(", "local x <const> = 1",
  "repeat until", "x = function", "local function f() end end", "a.b:c = 1"}
for _, s in ipairs(srcs) do print(select(2, loadstring(s))) end
