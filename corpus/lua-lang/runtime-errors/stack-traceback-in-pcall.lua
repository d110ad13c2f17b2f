-- debug.traceback text with levels and messages
local function c() return debug.traceback("msg here") end
local function b() return c() end
local function a() local r = b(); return r end
print(a())
print(debug.traceback("level 2", 2))
print(type(debug.traceback()))
