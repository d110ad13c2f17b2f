-- a coroutine resuming another; yields go to the direct resumer
local log = {}
local inner = coroutine.wrap(function()
  log[#log + 1] = "inner 1"
  coroutine.yield("from inner")
  log[#log + 1] = "inner 2"
end)
local outer = coroutine.wrap(function()
  log[#log + 1] = "outer got " .. inner()
  coroutine.yield("from outer")
  inner()
  log[#log + 1] = "outer end"
  return "outer done"
end)
print(outer())
print(outer())
print(table.concat(log, "; "))
