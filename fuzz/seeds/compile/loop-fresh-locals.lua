-- each iteration of a for loop has a fresh local, captured separately
local fs = {}
for i = 1, 3 do fs[#fs + 1] = function() return i end end
for _, k in ipairs({"a", "b"}) do fs[#fs + 1] = function() return k end end
local j = 0
while j < 3 do
  j = j + 1
  local captured = j * 10
  fs[#fs + 1] = function() return captured end
end
for idx, f in ipairs(fs) do io.write(tostring(f()), " ") end
print()
local shared = {}
local x = 0
for i = 1, 3 do x = i; shared[i] = function() return x end end
print(shared[1](), shared[2](), shared[3]())
