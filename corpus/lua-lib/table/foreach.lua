-- table.foreach visits all pairs (sequence keys in order) and stops on a non-nil return
local t = {"a", "b", "c"}
table.foreach(t, print)
local seen = {}
table.foreach({10, 20, 30, 40}, function(k, v) seen[#seen + 1] = k .. "=" .. v end)
print(table.concat(seen, " "))
print(table.foreach({1, 2, 3}, function(k, v) if v == 2 then return "stop at " .. k end end))
print(table.foreach({1, 2, 3}, function(k, v) if v == 2 then return false end end))
print(select("#", table.foreach({}, print)))
print(table.foreach({x = 1}, function(k, v) return k, v end))
print(pcall(table.foreach, {}, 1))
print(pcall(table.foreach, nil, print))
local keys = {}
table.foreach({z = 1, y = 2, x = 3}, function(k) keys[#keys + 1] = k end)
table.sort(keys)
print(table.concat(keys, ","))
