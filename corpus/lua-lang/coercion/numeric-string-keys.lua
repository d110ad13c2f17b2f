-- table keys: "1" and 1 are different keys, 1.0 and 1 are the same
local t = {}
t[1] = "number one"
t["1"] = "string one"
t[1.0] = "float one"
t[2^53] = "big"
print(t[1], t["1"], t[1.0], t[2^53])
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n, #t)
print(t[tonumber("1")], t[tostring(1)])
