-- 32 captures is the maximum (LUA_MAXCAPTURES); 33 raises 'too many captures'
local p32 = string.rep("(.)", 32)
local s = string.rep("x", 32)
print(select("#", string.match(s, p32)))
local p33 = string.rep("(.)", 33)
print(pcall(string.match, s .. "y", p33))
print(pcall(string.find, s, string.rep("()", 33)))
print(select("#", string.find(s, string.rep("()", 32))))
