-- newproxy creates userdata; __len applies to userdata
local u = newproxy(true)
local mt = getmetatable(u)
mt.__len = function() return 7 end
mt.__index = function(_, k) return "ud." .. k end
mt.__tostring = function() return "proxy object" end
print(type(u), #u, u.field, tostring(u))
local v = newproxy(u)
print(getmetatable(v) == mt, #v)
local w = newproxy(false)
print(getmetatable(w), pcall(function() return #w end))
