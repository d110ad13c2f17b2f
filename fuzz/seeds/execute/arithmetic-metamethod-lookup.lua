-- the left operand's metamethod wins; otherwise the right one is tried
local L = setmetatable({}, {__add = function(a, b) return "left" end})
local R = setmetatable({}, {__add = function(a, b) return "right" end})
print(L + R, R + L, L + 1, 1 + L, "x" + L)
print(pcall(function() return {} + {} end))
print(pcall(function() return L - R end))
local s = setmetatable({}, {__add = function(a, b) return type(a) .. "+" .. type(b) end})
print("10" + s, s + "10", 10 + s)
