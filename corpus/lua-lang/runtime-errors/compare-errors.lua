-- comparison errors name the two types
local function try(f) local ok, e = pcall(f); print(e) end
try(function() return 1 < nil end)
try(function() return nil < 1 end)
try(function() return {} < {} end)
try(function() return "a" < 1 end)
try(function() return 1 <= "a" end)
try(function() return true > false end)
try(function() return print < print end)
try(function() local t = {}; return t >= 1 end)
try(function() return nil > nil end)
