-- Hash part: string keys, pairs.
local h = {}
for i = 1, 200000 do h["key" .. i] = i end
local s = 0
for _ = 1, 2 do for i = 1, 200000 do s = s + h["key" .. i] end end
local c = 0
for k, v in pairs(h) do c = c + v end
print(s, c)
