-- any value except nil (and NaN) can be a key
local t = {}
local f = function() end
local k = {}
t[true] = "bool"; t[f] = "func"; t[k] = "table"; t[1.5] = "float"; t["s"] = "str"
print(t[true], t[f], t[k], t[1.5], t.s, t[false])
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[0/0] = 1 end))
print(t[nil], t[0/0])
print(pcall(rawset, t, nil, 1))
