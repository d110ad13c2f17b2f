-- operator precedence table of Lua 5.1
print(1 + 2 * 3, (1 + 2) * 3, 2 * 3 ^ 2, -3 ^ 2)
print(1 .. 2 + 3, "a" .. "b" == "ab", 1 + 1 .. "")
print(1 < 2 == true, not 1 == 2, not (1 == 2))
print(1 or 2 and nil, (1 or 2) and nil, nil and 1 or 2)
print(2 + 3 .. 4 * 5, 10 - 2 - 3, 64 / 4 / 2)
print(#"abc" + 1, -#"ab", #"x" .. "y")
print(1 < 2 and 2 < 3, (5 > 3) == (2 > 1))
-- comparisons share one level and are left associative: ((5 > 3) == 2) > 1
print(pcall(function() return 5 > 3 == 2 > 1 end))
