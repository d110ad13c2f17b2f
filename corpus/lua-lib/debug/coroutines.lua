-- The debug functions on a suspended coroutine: its level 0 is the yield.
local co = coroutine.create(function(x)
  local a = 1
  coroutine.yield(debug.getinfo(1, "l").currentline)
  return a
end)
local tr = {}
debug.sethook(co, function(e, l) if l then tr[#tr + 1] = l end end, "lcr")
local _, line = coroutine.resume(co, 10)
print(line, table.concat(tr, " "))
print(debug.gethook() == nil, debug.gethook(co) ~= nil)
local info = debug.getinfo(co, 1, "lS")
print(info.currentline == line, info.what)
print(debug.getinfo(co, 0, "S").what, debug.getinfo(co, 2))
print(debug.getlocal(co, 1, 1))
print(debug.getlocal(co, 1, 2))
print(debug.setlocal(co, 1, 2, "hi"))
print(pcall(debug.getlocal, co, 5, 1))
print(coroutine.resume(co))
print(debug.getinfo(co, 0), pcall(debug.getlocal, co, 0, 1))
print((debug.traceback(co)))

local function f(n)
  if n > 0 then return f(n - 1) else coroutine.yield() end
end
co = coroutine.create(f)
coroutine.resume(co, 2)
print((string.gsub(debug.traceback(co), "0x%x+", "")))
print((string.gsub(debug.traceback(co, "msg"), "0x%x+", "")))
print(debug.traceback(co, nil))
print(debug.traceback("x", 0) ~= nil)
print((string.gsub(debug.traceback("hi", 0), "\n.*", "")))
