-- deeply nested expressions exceed the C stack limit of the parser
local src = "return " .. string.rep("(", 300) .. "1" .. string.rep(")", 300)
print(select(2, loadstring(src)))
local ok = loadstring("return " .. string.rep("(", 100) .. "1" .. string.rep(")", 100))
print(ok and ok())
local nested = string.rep("do ", 300) .. string.rep("end ", 300)
print(select(2, loadstring(nested)))
local tbl = "return " .. string.rep("{", 300) .. string.rep("}", 300)
print(select(2, loadstring(tbl)))
