-- yield and resume with zero or many values
local co = coroutine.create(function(...)
  print("args", select("#", ...), ...)
  print("yield got", select("#", coroutine.yield()))
  print("yield got", coroutine.yield(nil, nil))
  return
end)
print(select("#", coroutine.resume(co, nil, nil, nil)))
print(coroutine.resume(co, 1, 2, 3))
print(coroutine.resume(co))
