-- table.sort with custom comparators (descending, by length, by key)
local t = {5, 2, 8, 1, 9, 3}
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local words = {"ccc", "a", "bb", "dddd", "ee", "f"}
table.sort(words, function(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end)
print(table.concat(words, " "))
local people = {{name = "bob", age = 30}, {name = "al", age = 25}, {name = "cy", age = 35}}
table.sort(people, function(a, b) return a.age < b.age end)
for _, p in ipairs(people) do print(p.name, p.age) end
local ci = {"b", "B", "a", "C", "c", "A"}
table.sort(ci, function(a, b)
  local la, lb = a:lower(), b:lower()
  if la ~= lb then return la < lb end
  return a < b
end)
print(table.concat(ci, " "))
local n = {10, 9, 2, 33, 1}
table.sort(n, function(a, b) return tostring(a) < tostring(b) end)
print(table.concat(n, " "))
