-- ; and , are both separators and a trailing one is allowed
local a = {1, 2, 3,}
local b = {1; 2; 3;}
local c = {1, 2; 3, x = 1; y = 2,}
print(#a, #b, #c, c.x, c.y)
print(loadstring("return {,}"))
print(loadstring("return {1,,2}"))
print(loadstring("return {1;;}"))
print(loadstring("return {;}"))
print(#loadstring("return {}")())
