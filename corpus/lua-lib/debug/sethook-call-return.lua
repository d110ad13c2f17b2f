-- Call and return hooks: Lua functions, natives, tail calls ("tail return").
local events = {}
local function g1(x) return x end
local function g(x) return g1(x) end
local function h(x) local r = g(x); return r end
local function hook(e)
  local info = debug.getinfo(2, "S")
  events[#events + 1] = e .. ":" .. (e == "tail return" and "-" or (info.what .. info.linedefined))
end
debug.sethook(hook, "cr")
h(1)
local s = string.rep("a", 2)
debug.sethook()
print(table.concat(events, " "))

-- only calls
events = {}
debug.sethook(function(e) events[#events + 1] = e end, "c")
h(2)
debug.sethook()
print(table.concat(events, " "))

-- gethook gives the hook, its mask and count
local f = function() end
debug.sethook(f, "crl")
local hf, mask, count = debug.gethook()
debug.sethook()
print(hf == f, mask, count)
print(debug.gethook())
debug.sethook(f, "")
print(debug.gethook() == f, select(2, debug.gethook()))
debug.sethook(f, "lrc", 0)
print(select(2, debug.gethook()))
debug.sethook()

-- errors in hooks propagate to the hooked code; the hook is re-enabled after pcall
debug.sethook(function(e)
  if e == "call" and debug.getinfo(2, "n").name == "boom" then error("hook failed") end
end, "c")
local function boom() return 1 end
print(pcall(boom))
print(select(2, debug.gethook()))
debug.sethook()

-- a hook can set another hook
local log = {}
debug.sethook(function(e)
  debug.sethook(function(e2, l) log[#log + 1] = e2; debug.sethook() end, "l")
end, "c")
boom()
print(table.concat(log, " "), debug.gethook())

print(pcall(debug.sethook, 1, "c"))
print(pcall(debug.sethook, f))
