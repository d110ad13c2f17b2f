-- yield from the main thread, running in main returns nil in 5.1
print(coroutine.running())
print(pcall(coroutine.yield, 1))
local co = coroutine.create(function() return coroutine.running() end)
local ok, r = coroutine.resume(co)
print(ok, r == co, type(r))
