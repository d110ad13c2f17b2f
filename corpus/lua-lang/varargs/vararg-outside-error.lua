-- ... cannot be used inside a function that is not vararg
print(loadstring("function f() return ... end"))
print(loadstring("local function f(a) local t = {...} end"))
print(loadstring("return function(...) return function() return ... end end"))
print(loadstring("return function(a, ...) return ... end") ~= nil)
print(loadstring("function f(..., a) end"))
