-- {...} and # with nils; using select to keep them
local function pack(...) return {n = select("#", ...), ...} end
local t = pack(1, nil, 3, nil)
print(t.n, t[1], t[2], t[3], t[4])
for i = 1, t.n do io.write(tostring(t[i]), " ") end
print()
local function count(...) local a = {...}; return #a end
print(count(1, 2, 3), count(nil, nil), count())
