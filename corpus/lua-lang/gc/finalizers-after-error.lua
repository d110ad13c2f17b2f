-- The state is closed after an uncaught error has been reported: finalizers still run.
local u = newproxy(true)
getmetatable(u).__gc = function () print("finalized") end
print("before the error")
error("boom")
