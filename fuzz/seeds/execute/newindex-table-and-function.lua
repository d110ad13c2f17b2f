-- __newindex redirects assignments to absent keys only
local store = {}
local proxy = setmetatable({}, {__newindex = store})
proxy.a = 1
print(rawget(proxy, "a"), store.a)
local log = {}
local t = setmetatable({existing = 1}, {__newindex = function(tbl, k, v)
  log[#log + 1] = k .. "=" .. tostring(v)
  rawset(tbl, k, v and v * 100)
end})
t.existing = 2
t.new = 3
t.new = 4
t.other = nil
print(t.existing, t.new, t.other, table.concat(log, " "))
local ro = setmetatable({}, {__newindex = function(_, k) error("read-only: " .. k, 2) end})
print(pcall(function() ro.x = 1 end))
