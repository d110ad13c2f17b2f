-- an __index cycle is detected as a loop
local a, b = {}, {}
setmetatable(a, {__index = b})
setmetatable(b, {__index = a})
print(pcall(function() return a.x end))
local c = {}
setmetatable(c, {__newindex = c, __index = c})
print(pcall(function() c.y = 1 end))
print(pcall(function() return c.y end))
