-- coroutine.wrap returns a function that resumes and strips the status
local gen = coroutine.wrap(function(x)
  for i = 1, 3 do x = coroutine.yield(i * x) end
  return "end:" .. tostring(x)
end)
print(gen(10), gen(20), gen(30), gen(40))
print(pcall(gen))
