-- uncaught: an error inside a wrapped coroutine propagates
local gen = coroutine.wrap(function()
  coroutine.yield(1)
  local t = nil
  return t.x
end)
print(gen())
print(gen())
