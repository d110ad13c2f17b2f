-- ipairs stops at the first nil even if later indices exist
local t = {1, 2, nil, 4, 5}
for i, v in ipairs(t) do print(i, v) end
local u = {[0] = "zero", [1] = "one", [2] = "two", [4] = "four"}
for i, v in ipairs(u) do print(i, v) end
for i, v in ipairs({}) do print("never") end
local f, s, init = ipairs(t)
print(type(f), s == t, init)
print(f(t, 0))
print(f(t, 2))
