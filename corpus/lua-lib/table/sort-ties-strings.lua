-- sorting records by a string field with many ties (prints every field)
local recs = {
  {dept = "eng", name = "ann", id = 1}, {dept = "ops", name = "bo", id = 2},
  {dept = "eng", name = "cy", id = 3}, {dept = "hr", name = "di", id = 4},
  {dept = "ops", name = "ed", id = 5}, {dept = "eng", name = "fay", id = 6},
  {dept = "hr", name = "gus", id = 7}, {dept = "eng", name = "hal", id = 8},
  {dept = "ops", name = "ivy", id = 9}, {dept = "hr", name = "jo", id = 10},
}
table.sort(recs, function(a, b) return a.dept < b.dept end)
for _, r in ipairs(recs) do print(r.dept, r.name, r.id) end
table.sort(recs, function(a, b) return a.dept > b.dept end)
for _, r in ipairs(recs) do io.write(r.id, " ") end
print()
