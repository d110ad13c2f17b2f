-- A list constructor assigned to a local that is not the topmost register:
-- the list items must land in the new table, not the locals above it.
local a = 1
local function foo () return "foo" end
local b = "b"
a = {"c", "d"}
print(a[1], a[2], #a)
print(foo(), b)

local x, y, z = 1, 2, 3
x = {10, 20, 30, y = "why"}
print(x[1], x[2], x[3], x.y, y, z)

-- many items (several SETLIST batches) and a trailing multi-value call
local function three () return 7, 8, 9 end
local p, q = 0, "q"
local items = {}
for i = 1, 60 do items[i] = i end
p = {unpack(items)}
print(#p, p[1], p[60], q)
p = {1, 2, three()}
print(#p, p[3], p[5], q)

-- assignment to several locals at once
local m, n, o = nil, nil, "o"
m, n = {"m1", "m2"}, {"n1"}
print(m[1], m[2], n[1], o)
