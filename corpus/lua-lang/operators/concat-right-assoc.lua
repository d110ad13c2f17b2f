-- .. is right associative and converts numbers
print("a" .. "b" .. "c", 1 .. 2 .. 3, 1.5 .. "|" .. -0.25)
local parts = {}
local mt = {__concat = function(a, b)
  local sa = type(a) == "table" and a.n or a
  local sb = type(b) == "table" and b.n or b
  parts[#parts + 1] = "(" .. sa .. "+" .. sb .. ")"
  return {n = "[" .. sa .. sb .. "]"}
end}
local x = setmetatable({n = "x"}, mt)
local y = setmetatable({n = "y"}, mt)
local r = x .. y .. "z"
print(r.n)
print(table.concat(parts, " "))
print(10 .. "", 1e100 .. "", (2^53) .. "")
