-- uncaught: bad argument to a library function called from a local function
local function f(s) return string.rep(s) end
f("x")
