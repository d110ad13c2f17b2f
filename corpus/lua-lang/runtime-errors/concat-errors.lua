-- concatenation errors name the offending operand
local function try(f) local ok, e = pcall(f); print(e) end
try(function() return "a" .. {} end)
try(function() local t = {}; return t .. "a" end)
try(function() return "a" .. nil end)
try(function() local x; return "a" .. x end)
try(function() return "a" .. glob end)
try(function() local t = {}; return "a" .. t.field end)
try(function() return 1 .. true end)
try(function() return "a" .. "b" .. print end)
try(function() local up = {}; return (function() return up .. "" end)() end)
