-- __gc on userdata: called once, newest first, when a collection finds them unreachable.
collectgarbage("stop")   -- only the explicit collections run: the output shows when
                         -- finalizers run
local log = {}
local mt, base
do
  local u = newproxy(true)
  mt = getmetatable(u)
  mt.__gc = function (o) log[#log + 1] = mt.names[o] end
  mt.names = setmetatable({}, {__mode = "k"})
  mt.names[u] = "first"
  for i = 2, 4 do mt.names[newproxy(u)] = "proxy" .. i end
  base = newproxy(u)
  mt.names[base] = "base"
end
collectgarbage()
print(table.concat(log, " "))

-- a reachable userdata is not finalized; once dropped it is
log = {}
keep = newproxy(base)
mt.names[keep] = "kept"
collectgarbage()
print(#log)
keep = nil
collectgarbage()
print(table.concat(log, " "))

-- a finalizer runs once even if it makes its object reachable again
local count, saved = 0, nil
local r = newproxy(true)
getmetatable(r).__gc = function (o) count = count + 1; saved = o end
r = nil
collectgarbage()
print(count, type(saved))
saved = nil
collectgarbage()
collectgarbage()
print(count)

-- a non-function __gc value and a __gc added later (looked up when the collection runs)
local late = newproxy(true)
late = nil
collectgarbage()   -- no __gc yet: freed without finalizer
local later = newproxy(true)
local lmt = getmetatable(later)
lmt.__gc = function () print("late __gc runs") end
later = nil
collectgarbage()

-- an error in a finalizer comes out of collectgarbage
local bad = newproxy(true)
getmetatable(bad).__gc = function () error("from __gc") end
bad = nil
print(pcall(collectgarbage))
print(pcall(collectgarbage))

-- collectgarbage("collect") still returns 0
local z = newproxy(true)
getmetatable(z).__gc = function () end
z = nil
print(collectgarbage("collect"))
