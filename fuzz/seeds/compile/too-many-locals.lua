-- more than 200 locals in one function, and too many upvalues
local names = {}
for i = 1, 201 do names[i] = "v" .. i end
print(select(2, loadstring("local " .. table.concat(names, ", "))))
local ok = loadstring("local " .. table.concat(names, ", ", 1, 200))
print(ok ~= nil)
local decl, uses = {}, {}
for i = 1, 61 do decl[i] = "local u" .. i .. " = " .. i; uses[i] = "u" .. i end
local src = table.concat(decl, "\n") .. "\nreturn function() return " .. table.concat(uses, " + ") .. " end"
print(select(2, loadstring(src)))
