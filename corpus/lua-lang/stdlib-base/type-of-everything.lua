-- type() of every kind of value
print(type(nil), type(true), type(0), type(""), type({}), type(print), type(function() end))
print(type(coroutine.create(function() end)), type(io.stdout), type(type))
print(type(type(nil)), pcall(type))
