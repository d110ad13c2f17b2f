-- negative steps, empty ranges and evaluation of bounds once
for i = 5, 1, -1 do io.write(i, " ") end
print()
for i = 10, 1, -3 do io.write(i, " ") end
print()
for i = 1, 0 do print("never") end
for i = 0, 1, -1 do print("never") end
local calls = 0
local function limit() calls = calls + 1; return 3 end
for i = 1, limit() do end
print("limit evaluated", calls)
for i = -1, -3, -1 do io.write(i, " ") end
print()
-- a zero step: 5.1 treats it like a negative step (runs while limit <= i)
local up, down = 0, 0
for i = 1, 10, 0 do up = up + 1; break end
for i = 10, 1, 0 do down = down + 1; if down == 3 then break end end
print("zero step", up, down)
