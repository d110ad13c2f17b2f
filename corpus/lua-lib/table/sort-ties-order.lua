-- sort is not stable: the exact 5.1 quicksort order of records with equal keys
local recs = {}
local names = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o"}
local keys = {3, 1, 2, 1, 3, 2, 1, 3, 2, 1, 2, 3, 1, 2, 3}
for i = 1, #names do recs[i] = {key = keys[i], name = names[i], pos = i} end
table.sort(recs, function(a, b) return a.key < b.key end)
for _, r in ipairs(recs) do print(r.key, r.name, r.pos) end
