-- upvalues are closed when the block ends, keeping the last value
local fns = {}
do
  local x = 1
  fns.read = function() return x end
  x = 2
end
print(fns.read())
local function outer()
  local a = "before"
  local f = function() return a end
  a = "after"
  return f
end
print(outer()())
local g
do
  local t = {1}
  g = function() t[1] = t[1] + 1; return t[1] end
end
print(g(), g())
