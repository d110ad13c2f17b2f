-- arithmetic errors on non-numeric operands name the variable
local function try(f) local ok, e = pcall(f); print(e) end
try(function() local s = "abc"; return s + 1 end)
try(function() return 1 + nil end)
try(function() local t = {}; return t.x * 2 end)
try(function() return glob - 1 end)
try(function() local b = true; return -b end)
try(function() local t = {}; return 2 ^ t end)
try(function() local a = {}; return 10 % a end)
try(function() return "10" + "x" end)
try(function() local u; return (function() return u / 2 end)() end)
try(function() local t = {n = "1e"}; return t.n + 0 end)
