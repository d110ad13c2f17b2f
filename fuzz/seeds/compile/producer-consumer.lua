-- a producer/filter/consumer pipeline
local function producer(items)
  return coroutine.create(function() for _, v in ipairs(items) do coroutine.yield(v) end end)
end
local function filter(src, pred)
  return coroutine.create(function()
    while true do
      local ok, v = coroutine.resume(src)
      if not v then return end
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local p = filter(producer({1, 2, 3, 4, 5, 6, 7, 8}), function(x) return x % 2 == 0 end)
while true do
  local ok, v = coroutine.resume(p)
  if not v then break end
  io.write(v, " ")
end
print()
print(coroutine.status(p))
