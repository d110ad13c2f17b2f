-- numeric for with float steps accumulates floating point error
for x = 0, 1, 0.25 do io.write(x, " ") end
print()
for x = 0, 1, 0.1 do io.write(x, " ") end
print()
local count = 0
for x = 1, 2, 0.1 do count = count + 1 end
print(count)
for x = 1.5, 4 do io.write(x, " ") end
print()
