-- modifications through closures are visible to the enclosing function
local function run()
  local total = 0
  local function add(n) total = total + n end
  for i = 1, 5 do add(i) end
  local before = total
  add(100)
  return before, total
end
print(run())
local log = {}
local function logger(prefix)
  return function(msg) log[#log + 1] = prefix .. msg end
end
local l1, l2 = logger("A:"), logger("B:")
l1("x"); l2("y"); l1("z")
print(table.concat(log, " "))
