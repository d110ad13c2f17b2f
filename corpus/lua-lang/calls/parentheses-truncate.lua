-- parenthesised calls and varargs return exactly one value
local function mr() return "a", "b" end
local function empty() end
print((mr()))
print((empty()))
print(select("#", (empty())), select("#", empty()))
local t = {(mr())}
print(#t)
local function ret() return (mr()) end
print(ret())
