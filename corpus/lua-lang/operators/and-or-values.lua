-- and/or return one of their operands, not booleans
print(1 and 2, nil and 2, false and 2, 1 or 2, nil or 2, false or nil)
print(nil and nil, false or false, nil or false, false and nil)
print(0 and "zero is true", "" and "empty is true")
print(1 and nil or 3, 1 and false or 3, nil and 1 or 2)
local a = nil
local v = a or {}
print(type(v), a == nil)
print(type(1 or error("not evaluated")), false and error("skipped"))
print((nil or false) == false, (false or nil) == nil)
