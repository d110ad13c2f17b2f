-- chunk names in syntax errors: default, custom, =name and @file forms
print(select(2, loadstring("x = ")))
print(select(2, loadstring("x = ", "mychunk")))
print(select(2, loadstring("x = ", "=custom name")))
print(select(2, loadstring("x = ", "@file.lua")))
print(select(2, loadstring("\n\n\nx = ")))
print(select(2, loadstring("local a = 1\nlocal b = 2 + \n")))
print(select(2, loadstring(string.rep("x", 100) .. " = ")))
print(select(2, loadstring("first line\nsecond")))
