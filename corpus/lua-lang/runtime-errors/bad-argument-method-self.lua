-- bad argument messages for method calls refer to 'self' or shift numbering
local function try(f) local ok, e = pcall(f); print(e) end
try(function() local s = "abc"; return s:rep() end)
try(function() local s = "abc"; return s:sub({}) end)
try(function() local obj = setmetatable({}, {__index = string}); return obj:rep(2) end)
try(function() local obj = setmetatable({}, {__index = string}); return obj:upper() end)
try(function() return string.upper() end)
try(function() local io_w = io.write; io_w({}) end)
try(function() local f = string.byte; f("a", "b") end)
