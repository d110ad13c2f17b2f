-- a raw newline inside a short string is an error
print(loadstring('return "abc\ndef"'))
print(loadstring("return 'abc"))
print(loadstring("return [[abc"))
print(loadstring("return [==[abc]=]"))
print(loadstring("x = [=abc"))
