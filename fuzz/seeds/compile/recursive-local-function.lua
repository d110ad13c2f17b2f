-- local function can call itself; local f = function cannot
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20))
local fib
fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local g = function(n) if n == 0 then return "done" end return g(n - 1) end
print(pcall(g, 3))
