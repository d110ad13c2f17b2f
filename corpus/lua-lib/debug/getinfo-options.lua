-- debug.getinfo: which fields each option gives, for Lua functions, natives, levels and
-- tail calls; activelines; bad options.
local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return table.concat(ks, " ")
end

local function f(a)
  local x = a + 1
  return x
end

for _, opt in ipairs({"S", "l", "u", "n", "f", "L", "flnSu", "SlunfL", ""}) do
  print(opt, keys(debug.getinfo(f, opt)), keys(debug.getinfo(print, opt)))
end

local i = debug.getinfo(f, "SL")
print(i.what, i.source, i.short_src, i.linedefined, i.lastlinedefined)
local lines = {}
for l in pairs(i.activelines) do lines[#lines + 1] = l end
table.sort(lines)
print(table.concat(lines, " "))

i = debug.getinfo(print, "Su")
print(i.what, i.source, i.short_src, i.linedefined, i.lastlinedefined, i.nups)

-- levels: 0 is getinfo itself, 1 the caller, and so on; past the bottom, nil
local function g()
  local me = debug.getinfo(1)
  print(me.what, me.currentline, me.name, me.namewhat, me.func == g)
  local self = debug.getinfo(0)
  print(self.what, self.currentline, self.name, self.namewhat, self.func == debug.getinfo)
  local main = debug.getinfo(2, "Sl")
  print(main.what, main.currentline, main.linedefined)
  print(debug.getinfo(3, "Sl").what, debug.getinfo(4), debug.getinfo(100))
  local lost = debug.getinfo(-1)
  print(lost.what, lost.name, lost.namewhat, lost.func)
end
g()

-- a tail call leaves a level of its own
local function tail()
  local t = debug.getinfo(2)
  print(t.what, t.short_src, t.source, t.linedefined, t.currentline, t.func, keys(t))
  print(debug.getinfo(3, "S").what)
end
local function caller() return tail() end
caller()

-- names the caller gives
local t = {}
function t.field() return debug.getinfo(1, "n") end
function t:method() return debug.getinfo(1, "n") end
local n = t.field()
print(n.name, n.namewhat)
n = t:method()
print(n.name, n.namewhat)
n = (function() return debug.getinfo(1, "n") end)()
print(n.name, n.namewhat)

print(pcall(debug.getinfo, 1, "x"))
print(pcall(debug.getinfo, print, ">S"))
print(pcall(debug.getinfo, {}))
print(pcall(debug.getinfo))
