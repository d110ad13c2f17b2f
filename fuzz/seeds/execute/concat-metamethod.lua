-- __concat is tried when either operand is not a string or number
local mt = {__concat = function(a, b)
  local function s(x) return type(x) == "table" and "<" .. x.v .. ">" or tostring(x) end
  return s(a) .. s(b)
end}
local t = setmetatable({v = "T"}, mt)
print(t .. "x", "x" .. t, 1 .. t, t .. t)
print("a" .. "b" .. t .. "c")
print(pcall(function() return t .. nil end))
print(pcall(function() return {} .. t end))
print(pcall(function() return true .. "x" end))
