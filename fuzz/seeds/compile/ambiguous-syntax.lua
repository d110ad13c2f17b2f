-- a call whose ( starts on a new line is ambiguous in 5.1
print(select(2, loadstring("local f = print\nf\n('x')")))
print(select(2, loadstring("local a = b\n(f or g)()")))
print(loadstring("local f = print f('same line ok')") ~= nil)
print(loadstring("local f = print; (f)('semicolon ok')") ~= nil)
-- a string argument on the next line is not ambiguous
print(loadstring("x = type\n[[str]]") ~= nil, loadstring("return type\n\"s\"")())
