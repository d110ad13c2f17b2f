-- "attempt to call" messages for each kind of variable
local function try(f) local ok, e = pcall(f); print(e) end
try(function() f() end)
try(function() local g; g() end)
try(function() local t = {}; t.method() end)
try(function() local t = {}; t:method() end)
local up
try(function() up() end)
try(function() local t = {}; t[1]() end)
try(function() local t = {{}}; t[1].x() end)
try(function() (nil)() end)
try(function() local s = "x"; s:nomethod() end)
try(function() return math.nothing(1) end)
