-- error levels 0, 1, 2 and 3 choose which position is added
local function lvl(n) error("msg at level " .. n, n) end
local function caller(n) lvl(n) end
print(pcall(caller, 0))
print(pcall(caller, 1))
print(pcall(caller, 2))
local function outer(n)
  caller(n)
end
print(pcall(outer, 3))
print(pcall(outer, 4))
print(pcall(outer, 50))
