-- method calls on string values through the string metatable __index
print(("x"):upper())
local s = "Hello"
print(s:lower(), s:len(), s:rep(2, nil), s:sub(2, 3), s:byte(1))
print(("%d-%s"):format(5, "z"))
print(("a,b,c"):gsub(",", ";"))
print(("abc"):find("b"))
local mt = getmetatable("")
print(type(mt), type(mt.__index), mt.__index == string)
print(rawequal(getmetatable("a"), getmetatable("b")))
print(#("abc"):rep(3))
-- adding a function to the string table makes it a method
function string.twice(str) return str .. str end
print(("ab"):twice())
print(s.len == string.len)
print(s.nosuch)
print(pcall(function() return s:nosuch() end))
