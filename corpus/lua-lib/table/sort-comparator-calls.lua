-- the exact sequence of comparator calls made by 5.1's quicksort
local t = {4, 7, 1, 8, 2, 6, 3, 5}
local log = {}
table.sort(t, function(a, b) log[#log + 1] = a .. "<" .. b return a < b end)
print(table.concat(t, " "))
print(#log)
print(table.concat(log, " "))
