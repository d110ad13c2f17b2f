-- Error messages name a variable by following the code that ran before the error:
-- forward jumps that stay before the failing instruction are taken, so a value written on
-- one branch only is named from the straight path.
local function try (src)
  local f = assert(loadstring(src, "=t"))
  print(select(2, pcall(f)))
end

try "local x = 1; local a = {d = x and aaa[x or y]}"
try "local x = 1; local a = x and aaa[x or y]"
try "local x = 1; local a = aaa[x or y]"
try "local x = 1; return (bbb or ccc).field"
try "local x; return (x or ccc).field"
try "local t = {}; return (t.a or t.b).c"
try "local x = 1; if x then x = nil end; return x.y"
try "local t = {}; if t then local z = gz end; return t.q.w"
try "local t = {}; local v = t.k and 1 or 2; return t.k.x"
try "local a, b = 1; return a and b.c"
try "for i = 1, 2 do local q = i end; return ggg.x"
try "local x = 1; local y = not x; return y.z"
try "local x = nil; local y = x == nil and hhh; return y.z"
try "local t = {}; t.a = t.a or {}; return t.b.c"
try "local t = {f = 1}; return t.f(1)"
try "local s = ('x'):bad()"
try "return (1 < 2 and undefinedfn or print)()"
try "return gg3 and gg3.x or gg4.y"
