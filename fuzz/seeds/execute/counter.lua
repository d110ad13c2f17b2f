-- independent counters each own their upvalue
local function counter(start)
  local n = start or 0
  return function(step) n = n + (step or 1); return n end
end
local a, b = counter(), counter(100)
print(a(), a(), a(10), b(), a(), b(-50))
