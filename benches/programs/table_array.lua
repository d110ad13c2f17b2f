-- Array part: writes, reads, length.
local t = {}
for i = 1, 2000000 do t[i] = i * 2 end
local s = 0
for _ = 1, 5 do for i = 1, #t do s = s + t[i] end end
print(#t, s)
