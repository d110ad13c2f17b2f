-- tostring of non-reference values
print(tostring(nil), tostring(true), tostring(false), tostring(0), tostring(-0))
print(tostring(12), tostring(12.5), tostring("str"), tostring(1e100), tostring(-1e-100))
print(tostring(2^53), tostring(2^24), tostring(1/3), tostring(100/3))
print(type(tostring(print)), tostring(print):match("^function") ~= nil)
print(tostring({}):match("^table: ") ~= nil, tostring(coroutine.create(function() end)):match("^thread: ") ~= nil)
print(pcall(tostring))
