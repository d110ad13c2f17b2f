-- f"str", f[[long]] and f{table} call sugar
local function show(x)
  if type(x) == "table" then return "table:" .. #x .. ":" .. tostring(x.k) end
  return "string:" .. x
end
print(show"hello")
print(show[[long one]])
print(show{1, 2, 3, k = "v"})
print(show'single')
local function curry(a) return function(b) return function(c) return a .. b .. c end end end
print(curry"x""y""z")
print(curry "a" {1} == nil and "" or "chained")
print(type{}, #"abc", tostring{} ~= nil)
local o = {name = "obj"}
function o:hi(t) return self.name .. "/" .. (type(t) == "table" and t[1] or t) end
print(o:hi"there", o:hi{"tbl"})
