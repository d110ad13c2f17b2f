-- values pass both ways through resume and yield
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c, d = coroutine.yield(a + b)
  print("got", c, d)
  local e = coroutine.yield(c * d, "second")
  print("got", e)
  return "done", e
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co, "last"))
print(coroutine.resume(co))
print(coroutine.resume(co))
