-- the until condition sees locals declared in the repeat body
local i = 0
repeat
  local done = i >= 3
  i = i + 1
until done
print(i)
local n = 10
repeat local n = n - 1; print("inner n", n) until n < 100
print("outer n", n)
