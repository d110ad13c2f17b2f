-- printing infinities and NaN
print(1/0, -1/0, math.huge, -math.huge)
print(0/0, -(0/0), math.huge - math.huge, math.huge * 0)
print(tostring(1/0), (1/0) .. "", string.format("%f %g", 1/0, -1/0))
local nan = 0/0
print(nan == nan, nan ~= nan, type(nan), math.huge == 1/0)
print(math.floor(1/0), math.floor(-1/0), math.sqrt(-1))
print(string.format("%d", 3.9), math.max(1, 1/0), math.min(-1/0, 0))
