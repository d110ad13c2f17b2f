-- debug.getlocal / debug.setlocal: named locals active at the current instruction, then
-- "(*temporary)" slots, then nil; varargs are not visible; errors for bad levels.
local function show(level)
  local i = 1
  while true do
    local name, value = debug.getlocal(level + 1, i)
    if not name then break end
    if name ~= "(*temporary)" then
      local shown = value
      if type(value) == "table" or type(value) == "function" then shown = type(value) end
      io.write(name, "=", tostring(shown), " ")
    else
      io.write("tmp ")
    end
    i = i + 1
  end
  print()
end

local function f(a, b, ...)
  local c = a + b
  show(1)
  do
    local d = c * 2
    show(1)
  end
  local e = "e"
  show(1)
  for i = 1, 1 do show(1) end
  for k, v in pairs({x = 1}) do show(1) end
  return c
end
f(1, 2, 3, 4)

-- setlocal returns the name it set, nil when there is no such local
local function g()
  local x, y = 1, 2
  print(debug.setlocal(1, 2, "changed"), debug.setlocal(1, 100, 0))
  print(x, y)
end
g()

-- a caller's locals
local function inner()
  print(debug.getlocal(2, 1))
  print(debug.setlocal(2, 1, 42))
end
local function outer()
  local v = "before"
  inner()
  print(v)
end
outer()

-- level 0 is getlocal itself: its arguments are temporaries
print(debug.getlocal(0, 1))
print(debug.getlocal(0, 2))
print(debug.getlocal(0, 3))
print(debug.getlocal(0, 0))

-- temporaries of a caller: the values below the call
local function h()
  print(select(2, debug.getlocal(2, 3)), debug.getlocal(2, 4))
  return 20
end
local function k(a, b) return (a + 1) + h() end
print(k(0, 0))

print(pcall(debug.getlocal, 50, 1))
print(pcall(function() debug.getlocal(50, 1) end))
print(pcall(function() debug.setlocal(50, 1, 1) end))
print(pcall(function() debug.setlocal(1, 1) end))
print(pcall(function() local gl = debug.getlocal; gl(50, 1) end))
print(pcall(debug.getlocal, 1))
print(pcall(debug.getlocal, {}, 1))
print(pcall(debug.getlocal, 1, 1))
