-- Weak tables and userdata being finalized: the collection that queues a userdata for its
-- __gc removes it from weak values at once, keeps it as a weak key until it is freed
-- (the next collection), and its finalizer sees what it reaches.
collectgarbage("stop")
local values = setmetatable({}, {__mode = "v"})
local keys = setmetatable({}, {__mode = "k"})
local seen = {}
do
  local u = newproxy(true)
  local mt = getmetatable(u)
  mt.__gc = function (o)
    local i = keys[o]
    seen[#seen + 1] = string.format("%s value=%s", tostring(i), tostring(i and values[i] ~= nil))
  end
  for i = 1, 3 do
    local p = newproxy(u)
    keys[p] = i
    values[i] = p
  end
end
collectgarbage()
print(table.concat(seen, "; "))
local n = 0
for k in pairs(keys) do n = n + 1 end
print("weak keys left", n, "weak values left", #values)
collectgarbage()
n = 0
for k in pairs(keys) do n = n + 1 end
print("weak keys left", n)

-- what only a weak table referenced is gone when the finalizer looks
local u = newproxy(true)
local m = getmetatable(u)
m.cache = setmetatable({[{}] = 1, [2] = {}}, {__mode = "kv"})
m.__gc = function (o) print("cache empty:", next(getmetatable(o).cache) == nil) end
u, m = nil
collectgarbage()

-- a __gc function held only by a weak metatable is cleared before anything finalizes
local w = newproxy(true)
setmetatable(getmetatable(w), {__mode = "v"})
getmetatable(w).__gc = function () print("cannot happen") end
collectgarbage()
print(getmetatable(w).__gc)

-- temporaries of the calling function above the call are not kept alive by it
local weak = setmetatable({}, {__mode = "k"})
for i = 1, 5 do local t = {}; weak[t] = true end
collectgarbage()
print(next(weak))
