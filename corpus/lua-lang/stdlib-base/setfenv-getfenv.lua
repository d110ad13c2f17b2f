-- function environments with setfenv/getfenv
print(getfenv() == _G, getfenv(0) == _G, getfenv(1) == _G, getfenv(print) == _G)
local function f() return who end
local env = {who = "custom env"}
setfenv(f, env)
print(f(), getfenv(f) == env)
local g = loadstring("y = 10; return y, print")
local sandbox = {}
setfenv(g, sandbox)
print(g())
print(sandbox.y, y)
local h = setfenv(function() return tostring end, {tostring = "shadowed"})
print(h())
print(pcall(setfenv, print, {}))
print(pcall(setfenv, 50, {}))
print(pcall(getfenv, -1))
