-- # returns a border; with holes the result follows the array/hash layout
print(#{1, 2, 3, nil}, #{1, 2, nil, 4}, #{nil, nil, 3}, #{1, nil})
local t = {}
for i = 1, 10 do t[i] = i end
t[5] = nil
print(#t)
t[10] = nil
print(#t)
local h = {}
h[1] = 1; h[2] = 2; h[4] = 4
print(#h)
local g = {n = 1}
g[1] = "a"; g[2] = "b"; g[3] = "c"
g[2] = nil
print(#g)
local s = {}
s[2] = "x"
print(#s)
