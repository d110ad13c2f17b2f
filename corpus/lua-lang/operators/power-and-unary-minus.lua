-- ^ is right associative and binds tighter than unary minus
print(2^3^2, (2^3)^2, 2^(3^2))
print(-2^2, (-2)^2, -2^-2, 2^-1)
print(- - 2, - -2^2, -(-2)^2)
local x = 3
print(-x^2, -x, - -x, -(-x))
print(2^0.5^2, 4^0.5, 0^0, 0^-1, (-1)^0.5)
print(10^2 * 3, 3 * 10^2, 2 * -3 ^ 2)
