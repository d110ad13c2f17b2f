-- __tostring is used by tostring and print, __name is not special in 5.1
local p = setmetatable({x = 1}, {__tostring = function(self) return "Point(" .. self.x .. ")" end})
print(p, tostring(p))
print(pcall(tostring, setmetatable({}, {__tostring = function() return 42 end})))
print(pcall(tostring, setmetatable({}, {__tostring = function() error("ts failed") end})))
local named = setmetatable({}, {__name = "MyType"})
print(tostring(named):match("^table: ") ~= nil)
print(pcall(print, setmetatable({}, {__tostring = function() return {} end})))
-- string.format %s does not call __tostring in 5.1
print(pcall(string.format, "%s", p))
