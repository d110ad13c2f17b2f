-- uncaught 'setn' is obsolete error with stack traceback
local t = {1, 2, 3}
print(table.getn(t))
table.setn(t, 2)
print("unreachable")
