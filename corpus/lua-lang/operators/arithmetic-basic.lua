-- basic arithmetic operators on integers and floats
print(1 + 2, 7 - 10, 6 * 7, 7 / 2, 1 / 3)
print(2 ^ 10, 2 ^ 0.5, 10 ^ -1, (-8) ^ (1/3))
print(0.1 + 0.2, 0.1 + 0.2 == 0.3, 1e300 * 1e10, -1e300 * 1e10)
print(3 * -2, -3 * -2, 5 - -5, 5 + -5)
print(100000000000000 * 10, 2^53, 2^53 + 1, 2^63)
print(1 / 0 > 0, -1 / 0 < 0, 0 * -1)
