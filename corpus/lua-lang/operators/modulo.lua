-- % follows a - floor(a/b)*b: sign of the divisor, floats, zero and infinities
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(5.5 % 2, -5.5 % 2, 5.5 % -2)
print(0 % 5, 3 % 1, 3.75 % 1, -3.75 % 1)
print(1 % 0, -1 % 0, 0 % 0)
print(5 % math.huge, -5 % math.huge, 5 % -math.huge)
print(2^53 % 3, 1e20 % 7)
print(math.fmod(-7, 3), math.fmod(7, -3))
