-- "<name> expected" messages
local srcs = {"local = 1", "function () end", "x.1 = 2", "local function 1() end",
  "for 1 = 1, 2 do end", "t:1()", "function f(1) end", "local function f.g() end", "for a, 2 in x do end"}
for _, s in ipairs(srcs) do print(select(2, loadstring(s))) end
