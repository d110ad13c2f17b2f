-- __lt and __le; > and >= swap the operands; __le falls back to not __lt
local log = {}
local mt = {}
mt.__lt = function(a, b) log[#log + 1] = "lt(" .. a.v .. "," .. b.v .. ")"; return a.v < b.v end
local function o(v) return setmetatable({v = v}, mt) end
local x, y = o(1), o(2)
print(x < y, x > y, x <= y, x >= y)
print(table.concat(log, " "))
mt.__le = function(a, b) log[#log + 1] = "le"; return "yes" end
log = {}
print(x <= y, y >= x)
print(table.concat(log, " "))
print(pcall(function() return x < 1 end))
print(pcall(function() return 1 <= x end))
local other = setmetatable({v = 3}, {__lt = mt.__lt})
print(pcall(function() return x < other end))
print(pcall(function() return {} < {} end))
