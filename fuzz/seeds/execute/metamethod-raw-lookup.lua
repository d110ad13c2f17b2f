-- metamethods are fetched with a raw get from the metatable
local base = {__add = function() return "inherited add" end}
local mt = setmetatable({}, {__index = base})
local t = setmetatable({}, mt)
print(mt.__add ~= nil, pcall(function() return t + 1 end))
mt.__add = function() return "own add" end
print(t + 1)
local mt2 = {}
local u = setmetatable({}, mt2)
mt2.__index = function(_, k) return "late " .. k end
print(u.field)
