-- os.exit ends the process without closing the state: no finalizer runs.
local u = newproxy(true)
getmetatable(u).__gc = function () print("never printed") end
print("exiting")
os.exit(3)
