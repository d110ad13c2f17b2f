-- uncaught: calling a finished wrapped coroutine
local gen = coroutine.wrap(function() coroutine.yield(1) end)
print(gen())
print(gen())
print(gen())
