-- numbers convert to strings with %.14g in concatenation
print(1 .. "", 1.0 .. "", -0.0 .. "", 0.1 .. "", 1/3 .. "")
print(1e14 .. "", 1e15 .. "", 1e16 .. "", 123456789012345678 .. "")
print(2^31 .. "", 2^32 .. "|", -2^63 .. "")
print(3.14159265358979 .. "", 100 .. 200, 1e-5 .. "", 1e-4 .. "")
print(("x"):rep(2) .. 5, 5 .. ("x"):rep(2))
print(pcall(function() return "a" .. nil end))
print(pcall(function() return "a" .. true end))
print(pcall(function() return {} .. "a" end))
