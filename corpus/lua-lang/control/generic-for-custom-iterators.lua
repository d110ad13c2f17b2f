-- generic for with stateless and stateful iterators
local function range(n)
  return function(max, i) if i < max then return i + 1 end end, n, 0
end
for i in range(4) do io.write(i, " ") end
print()
local function chars(s)
  local i = 0
  return function() i = i + 1; if i <= #s then return i, s:sub(i, i) end end
end
for i, c in chars("lua") do io.write(i, c, " ") end
print()
for w in string.gmatch("one two  three", "%a+") do io.write("[", w, "]") end
print()
local function three_vals() return function(_, c) if c < 3 then return c + 1, "x", "y" end end, nil, 0 end
for a, b, c, d in three_vals() do print(a, b, c, d) end
