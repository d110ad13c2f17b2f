-- the main chunk is a vararg function; script arguments arrive in ...
print(select("#", ...))
local t = {...}
print(#t)
local f = loadstring("return select('#', ...), ...")
print(f(1, nil, "three"))
local g = loadstring("local a, b = ... return b, a")
print(g("first", "second"))
