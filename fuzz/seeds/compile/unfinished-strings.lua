-- unfinished short and long strings, and long comments
print(select(2, loadstring("x = 'abc")))
print(select(2, loadstring('x = "abc\ndef"')))
print(select(2, loadstring("x = [[abc\n\n")))
print(select(2, loadstring("x = [==[abc]]")))
print(select(2, loadstring("--[[ never closed\n\nx = 1")))
print(select(2, loadstring("x = \"abc\\")))
print(select(2, loadstring("x = [=")))
