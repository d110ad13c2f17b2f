-- wrap adds the caller's position to string errors when called from Lua code
local function make(msg, lvl) return coroutine.wrap(function() error(msg, lvl) end) end
print(pcall(make("called by pcall directly")))
print(pcall(function() local g = make("called from a Lua function"); g() end))
print(pcall(function() local g = make("level zero", 0); g() end))
print(type(select(2, pcall(function() local g = coroutine.wrap(function() error({}) end); g() end))))
print(pcall(function() local g = coroutine.wrap(function() error(12) end); g() end))
