-- tail calls show up as "(tail call): ?" in tracebacks
local function fail() error("deep failure") end
local function a() return fail() end
local function b() return a() end
b()
