-- in 5.1 the # operator on tables ignores __len
local t = setmetatable({1, 2, 3}, {__len = function() return 99 end})
print(#t)
local mt = {__len = function() return 42 end}
local s = setmetatable({}, mt)
print(#s, mt.__len(s))
print(pcall(function() return #nil end))
print(pcall(function() return #5 end))
