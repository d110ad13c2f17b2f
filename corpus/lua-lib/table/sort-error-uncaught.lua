-- uncaught compare error inside table.sort: attempt to compare number with string
local data = {10, "x", 5, 7}
print("sorting", #data)
table.sort(data)
print(table.concat(data, ","))
