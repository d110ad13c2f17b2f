-- __metatable hides the metatable and forbids setmetatable
local real = {__metatable = "locked", __index = {secret = 1}}
local t = setmetatable({}, real)
print(getmetatable(t), t.secret)
print(pcall(setmetatable, t, {}))
print(pcall(setmetatable, t, nil))
local u = setmetatable({}, {__metatable = false})
print(getmetatable(u), pcall(setmetatable, u, {}))
print(getmetatable("abc").__index == string, getmetatable("abc") == getmetatable(""))
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(setmetatable({}, nil) ~= nil, getmetatable({}))
