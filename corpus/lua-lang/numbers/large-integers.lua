-- doubles hold integers up to 2^53 exactly
print(2^53, 2^53 + 1 == 2^53, 2^53 - 1)
print(9007199254740993, 9007199254740992 == 9007199254740993)
print(string.format("%.0f", 2^53), string.format("%.0f", 2^63), string.format("%.0f", 2^64))
print(2147483647 + 1, -2147483648 - 1, 4294967295 * 2)
print(1e15 + 0.5, 1e15 + 1, 1e16 + 1, 123456789012345678)
print(math.floor(2^60) == 2^60, 2^60 % 2, string.format("%d", 2^31))
