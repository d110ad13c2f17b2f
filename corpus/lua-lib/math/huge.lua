-- math.huge is +inf; arithmetic and comparisons with it
print(math.huge, -math.huge)
print(math.huge == 1/0, math.huge > 1e308, -math.huge < -1e308)
print(math.huge - math.huge, math.huge * 0)
print(math.huge + 1 == math.huge, 1 / math.huge, -1 / math.huge)
print(string.format("%.17g", math.huge), string.format("%d", -math.huge))
print(tostring(math.huge), tostring(-math.huge))
print(math.floor(math.huge) == math.huge)
print(math.huge % 2, 5 % math.huge, -5 % math.huge)
