-- unbounded non-tail recursion raises a stack overflow error
local function rec(n) return 1 + rec(n + 1) end
local ok, err = pcall(rec, 1)
print(ok, err)
local depth = 0
local function count() depth = depth + 1; count(); end
print(pcall(count))
print(depth > 1000)
