-- type of coroutine objects and the coroutine library contents
local co = coroutine.create(function() end)
print(type(co), tostring(co):match("^thread: ") ~= nil)
local names = {}
for k in pairs(coroutine) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
print(type(coroutine.wrap(function() end)))
