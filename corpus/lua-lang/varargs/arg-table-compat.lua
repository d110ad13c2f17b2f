-- 5.1 still creates the implicit arg table in vararg functions that never mention ...
local function old(...)
  return type(arg), arg and arg.n, arg and arg[2]
end
print(old("x", "y", "z"))
local function modern(...)
  local n = select("#", ...)
  return type(arg), n
end
print(modern("x", "y"))
print(type(arg), arg and arg[0])
