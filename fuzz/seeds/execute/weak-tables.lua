-- __mode weak keys and values are cleared by a full collection
local weakv = setmetatable({}, {__mode = "v"})
local weakk = setmetatable({}, {__mode = "k"})
local keep = {}
weakv[1] = {}
weakv[2] = keep
weakv[3] = "strings are not collected"
weakv[4] = 42
weakk[{}] = "gone"
weakk[keep] = "stays"
collectgarbage()
collectgarbage()
print(weakv[1], weakv[2] == keep, weakv[3], weakv[4])
local n = 0
for k, v in pairs(weakk) do n = n + 1; print(k == keep, v) end
print(n)
local kv = setmetatable({}, {__mode = "kv"})
kv[1] = {}
kv[{}] = 1
collectgarbage()
print(next(kv))
