-- yield across C functions like table.sort or string.gsub callbacks fails
local co = coroutine.create(function()
  local ok, e = pcall(string.gsub, "abc", "%w", function(c) coroutine.yield(c) end)
  return ok, e
end)
print(coroutine.resume(co))
local co2 = coroutine.create(function()
  table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
end)
print(coroutine.resume(co2))
