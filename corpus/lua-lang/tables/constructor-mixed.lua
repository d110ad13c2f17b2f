-- table constructors mixing positional, named and bracketed fields
local t = {1, 2, x = "ex", [10] = "ten", 3, ["y z"] = true, [1 + 1] = "overridden?", 4}
print(t[1], t[2], t[3], t[4], t.x, t[10], t["y z"], #t)
local u = {[1] = "a", [2] = "b", "c"}
print(u[1], u[2], #u)
local v = {"a", "b", [2] = "B"}
print(v[1], v[2])
local w = {f = function(self) return self.n end, n = 7}
print(w:f(), w.f(w))
