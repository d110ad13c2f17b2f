-- functions stored in tables, passed and returned
local ops = {
  add = function(a, b) return a + b end,
  ["sub"] = function(a, b) return a - b end,
}
function ops.mul(a, b) return a * b end
local names = {"add", "sub", "mul"}
for _, n in ipairs(names) do print(n, ops[n](6, 3)) end
local function compose(f, g) return function(...) return f(g(...)) end end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
local function apply_n(f, n, x) for _ = 1, n do x = f(x) end return x end
print(apply_n(dbl, 10, 1))
local a = {b = {c = {}}}
function a.b.c.f() return "nested def" end
function a.b.c:g() return self == a.b.c end
print(a.b.c.f(), a.b.c:g())
