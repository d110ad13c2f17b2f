-- __index tables chain through several levels
local A = {a = "from A"}
local B = setmetatable({b = "from B"}, {__index = A})
local C = setmetatable({c = "from C"}, {__index = B})
local obj = setmetatable({}, {__index = C})
print(obj.a, obj.b, obj.c, obj.d)
print(rawget(obj, "a"), rawget(C, "c"))
A.d = "added later"
print(obj.d)
obj.a = "own"
print(obj.a, A.a)
