-- adjustment of multiple results in assignments, lists and parentheses
local function three() return 1, 2, 3 end
local function none() end
local a, b, c, d = three()
print(a, b, c, d)
local x, y = three(), three()
print(x, y)
local p, q, r = none(), 5
print(p, q, r)
print(three(), three())
print((three()))
print(({three(), three()})[4] == nil, #{three(), three()}, #{(three())}, #{three(), nil})
print(select("#", none()), select("#", (none())), type((none())))
print(pcall(type, none()))
