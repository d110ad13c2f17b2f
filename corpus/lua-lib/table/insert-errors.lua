-- table.insert errors: wrong number of arguments and bad types
print(pcall(table.insert, {}))
print(pcall(table.insert, {}, 1, 2, 3))
print(pcall(table.insert, {}, 1, 2, 3, 4))
print(pcall(table.insert))
print(pcall(table.insert, nil, 1))
print(pcall(table.insert, "str", 1))
print(pcall(table.insert, {}, "x", 1))
print(pcall(function() table.insert({}, 1, 2, 3) end))
local t = {}
print(pcall(table.insert, t, nil))
print(#t)
print(pcall(table.insert, t, 1, nil))
print(#t)
