-- each evaluation of a function expression makes a new closure
local t = {}
for i = 1, 2 do t[i] = function() end end
print(t[1] == t[2], t[1] == t[1], type(t[1]))
local function same() return function() return 1 end end
print(same() == same())
local function mk() return print end
print(mk() == mk())
