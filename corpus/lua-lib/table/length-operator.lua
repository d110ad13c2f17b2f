-- the # length operator on tables built in different ways
print(#{1, 2, 3})
print(#{1, 2, nil})
print(#{nil, nil, 3})
print(#{n = 1})
local t = {}
t[1] = 1; t[2] = 2; t[4] = 4
print(#t)
local u = {}
for i = 1, 10 do u[i] = i end
u[5] = nil
print(#u)
u[10] = nil
print(#u)
local v = {1, 2, 3, 4, 5, 6, 7, 8}
v[8] = nil; v[7] = nil
print(#v)
print(#{[1] = "a", [2] = "b", [3] = "c"})
print(#{[2] = "b"})
print(#"str", #{{}, {}})
