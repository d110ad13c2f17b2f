-- while loops with break and conditions evaluated each time
local i, s = 0, 0
while i < 10 do i = i + 1; s = s + i end
print(i, s)
local k = 0
while true do
  k = k + 1
  if k > 5 then break end
end
print(k)
local calls = 0
local function cond() calls = calls + 1; return calls < 4 end
while cond() do end
print(calls)
while false do print("never") end
