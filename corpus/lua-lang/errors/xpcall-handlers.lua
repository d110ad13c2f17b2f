-- xpcall runs the handler with the error object and returns its result
print(xpcall(function() error("boom") end, function(m) return "handled: " .. m end))
print(xpcall(function() return "fine", 2 end, print))
print(xpcall(function() error({1, 2}) end, function(e) return type(e), #e end))
print(xpcall(function() local x = nil; return x.y end, function(m) return m:upper() end))
print(xpcall(function() error("x") end, function(m) error("handler broke") end))
print(pcall(xpcall, function() end))
local depth
print(xpcall(function() error("lvl") end, function(m) depth = 0; return m end), depth)
