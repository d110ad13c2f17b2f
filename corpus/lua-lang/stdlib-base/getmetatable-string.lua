-- strings share a metatable whose __index is the string library
local mt = getmetatable("")
print(type(mt), mt.__index == string, getmetatable("a") == getmetatable("bb"))
local keys = {}
for k in pairs(mt) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
print(getmetatable(1), getmetatable(nil), getmetatable(print), getmetatable({}))
