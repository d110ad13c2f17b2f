-- debug.traceback as an xpcall handler
local function fail() error("oops") end
local function mid() fail() end
local ok, tb = xpcall(mid, debug.traceback)
print(ok)
print(tb)
