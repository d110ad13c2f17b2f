-- uncaught math.max with no arguments: bad argument #1 to 'max' (number expected, got no value)
local vals = {}
print(#vals)
print(math.max(unpack(vals)))
