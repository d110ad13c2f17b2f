-- debug.traceback of a coroutine that died by an error shows where it died; one that
-- returned has no levels.
function f(i) if i == 0 then error(i) else coroutine.yield(); f(i - 1) end end

local co = coroutine.create(function(x) f(x) end)
print(coroutine.resume(co, 2))
while coroutine.status(co) == "suspended" do
  print(debug.traceback(co))
  print(coroutine.resume(co))
end
print(debug.traceback(co))
print(debug.traceback(co, "msg", 1))

co = coroutine.create(function() return 1 end)
coroutine.resume(co)
print(debug.traceback(co))
