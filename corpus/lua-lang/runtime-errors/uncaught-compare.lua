-- uncaught: comparing a number with nil inside a table.sort comparator
local weights = {[1] = 10, [2] = 20}
local t = {3, 1, 2}
table.sort(t, function(a, b) return weights[a] < weights[b] end)
