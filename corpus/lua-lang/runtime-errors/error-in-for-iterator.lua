-- errors from iterators and in generic for explist
local function try(f) local ok, e = pcall(f); print(e) end
try(function() for k, v in pairs(nil) do end end)
try(function() for i, v in ipairs("str") do end end)
try(function() local t; for k in t do end end)
try(function() for k in next, nil do end end)
try(function() for x in {} do end end)
