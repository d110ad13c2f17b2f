-- position captures () return numbers
print(string.match("hello", "()ll()"))
print(string.find("hello", "()ll()"))
print(string.match("hello", "()"))
print(string.match("hello", "()$"))
print(string.match("", "()"))
print(type(string.match("abc", "()b")))
print(string.gsub("hello", "()l", "%1"))
print(string.gsub("abc", "()", "%1"))
for a, b in string.gmatch("one two", "()%a+()") do print(a, b) end
print(string.match("abc", "a()b()c()"))
print(string.find("abc", "()", 3))
