-- __eq is only called for two tables (or two userdata) with the same __eq
local calls = 0
local function eq(a, b) calls = calls + 1; return a.id == b.id end
local mt = {__eq = eq}
local a = setmetatable({id = 1}, mt)
local b = setmetatable({id = 1}, mt)
local c = setmetatable({id = 1}, {__eq = eq})
local d = setmetatable({id = 1}, {__eq = function() return true end})
print(a == b, a ~= b, a == c, a == d, d == a)
print(a == 1, a == "x", a == nil, rawequal(a, b))
print(calls)
local e = setmetatable({}, {__eq = function() return "truthy string" end})
local f = setmetatable({}, getmetatable(e))
print(e == f, e ~= f)
