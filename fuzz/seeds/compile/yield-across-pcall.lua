-- in 5.1 yielding from inside pcall or a metamethod fails
local co = coroutine.create(function()
  local ok, err = pcall(coroutine.yield, 1)
  print("pcall result", ok, err)
  local ok2, err2 = pcall(function() coroutine.yield(2) end)
  print("pcall result", ok2, err2)
  local t = setmetatable({}, {__index = function() return coroutine.yield(3) end})
  print(pcall(function() return t.x end))
  return "finished"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
