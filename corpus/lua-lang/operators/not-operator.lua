-- not returns true only for nil and false
for _, v in ipairs({1, 0, "", "false"}) do io.write(tostring(not v), " ") end
print()
print(not nil, not false, not not nil, not not 0, not {}, not print)
print(not 1 == nil, not (1 == nil))
