-- arguments and table fields evaluate left to right; extra args are dropped
local log = {}
local function v(x) log[#log + 1] = x; return x end
local function f(a, b) return a, b end
print(f(v(1), v(2), v(3)))
local t = {v("a"), k = v("b"), v("c")}
print(table.concat(log, " "))
local function g(a, b, c) return a, b, c end
print(g(1))
