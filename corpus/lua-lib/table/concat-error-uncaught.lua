-- uncaught table.concat error: invalid value (at index 1) in table for 'concat'
local rows = {{"a"}, {"b"}}
print(#rows)
print(table.concat(rows, "\n"))
