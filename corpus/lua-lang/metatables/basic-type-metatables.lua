-- debug.setmetatable gives every value of a basic type one shared metatable.
local mt = {__index = function (n, k) return n + k end}
print(debug.setmetatable(10, mt))
print(getmetatable(-2) == mt, (10)[3], (10)["3"])
debug.setmetatable(23, nil)
print(getmetatable(1))

-- booleans: arithmetic, concatenation, comparison, call and length
local bmt = {
  __add = function (a, b) return "add" end,
  __concat = function (a, b) return "cat" end,
  __lt = function (a, b) return true end,
  __call = function (self, x) return "called", self, x end,
  __len = function (b) return 42 end,
  __index = function (b, k) return k .. tostring(b) end,
}
debug.setmetatable(true, bmt)
print(getmetatable(false) == bmt)
local yes, no = true, false
print(yes + 1, no .. "x", yes < no, yes(5))
print(#no, no.foo)
debug.setmetatable(false, nil)
print(pcall(function () return true + 1 end))

-- functions
local fmt = {__index = function (f, k) return "field " .. k end,
             __concat = function (a, b) return "joined" end}
debug.setmetatable(print, fmt)
print(getmetatable(print) == fmt, getmetatable(function () end) == fmt)
print(print.x, print .. "s", "s" .. print)
debug.setmetatable(print, nil)
print(getmetatable(print))

-- nil
debug.setmetatable(nil, {__index = function (_, k) return "nil." .. k end})
local z
print(z.anything, getmetatable(nil) ~= nil)
debug.setmetatable(nil, nil)
print(pcall(function () return z.anything end))

-- threads
local co = coroutine.create(function () end)
debug.setmetatable(co, {__index = {kind = "thread"}})
print(co.kind, coroutine.create(function () return 1 end).kind)
debug.setmetatable(co, nil)

-- numbers with __unm and __len are ignored (numbers have their own)
debug.setmetatable(0, {__unm = function () return "unm" end, __len = function () return "len" end})
print(-5, pcall(function () return #5 end))
debug.setmetatable(0, nil)

-- __metatable protects from getmetatable, not from debug.setmetatable
debug.setmetatable(1, {__metatable = "locked"})
print(getmetatable(7), debug.getmetatable(7) ~= nil)
print(pcall(setmetatable, 1, {}))
debug.setmetatable(1, nil)
print(getmetatable(7))
