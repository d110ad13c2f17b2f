-- resuming a dead or running coroutine
local co = coroutine.create(function() return 1 end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))
local self
self = coroutine.create(function() return coroutine.resume(self) end)
print(coroutine.resume(self))
local wrapped = coroutine.wrap(function() end)
wrapped()
print(pcall(wrapped))
print(pcall(coroutine.resume, 42))
print(pcall(coroutine.create, 42))
