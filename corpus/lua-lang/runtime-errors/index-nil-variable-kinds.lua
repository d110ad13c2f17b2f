-- "attempt to index" messages name locals, globals, fields, upvalues and methods
local function try(f) local ok, e = pcall(f); print(e) end
try(function() local x; return x.a end)
try(function() return undefined_global.a end)
try(function() local t = {}; return t.y.z end)
local up
try(function() return up.field end)
try(function() local t = {}; return t[1].x end)
try(function() local t = {}; return t:m().x end)
try(function() return ("s").x.y end)
try(function() local t = {a = {}}; return t.a.b.c end)
try(function() local x = 1; return x.y end)
try(function() local t = {}; t.a.b = 1 end)
