-- table.foreachi visits 1..#t in order and stops on a non-nil return
table.foreachi({"a", "b", "c"}, print)
table.foreachi({"a", "b", x = "skip", [5] = "e"}, print)
print(table.foreachi({5, 6, 7}, function(i, v) if i == 2 then return v * 10 end end))
print(table.foreachi({5, 6, 7}, function(i, v) if i == 2 then return false end end))
print(select("#", table.foreachi({}, print)))
print(pcall(table.foreachi, {1}, "notfn"))
print(pcall(table.foreachi))
local t = {1, 2, 3}
table.foreachi(t, function(i) t[i + 3] = i * 100 if i > 4 then return true end end)
print(#t, table.concat(t, ","))
