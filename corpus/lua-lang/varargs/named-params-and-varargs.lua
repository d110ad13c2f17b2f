-- fixed parameters are filled first, the rest go to ...
local function f(a, b, ...)
  return a, b, select("#", ...), ...
end
print(f())
print(f(1))
print(f(1, 2))
print(f(1, 2, 3))
print(f(1, 2, 3, nil, 5))
local function g(a, b) return a, b end
print(g(1, 2, 3, 4))
