-- %f[set] frontier pattern
print(string.gsub("THE (quick) fox", "%f[%a]%a+", "W"))
print(string.gsub("hello world", "%f[%w]", "|"))
print(string.gsub("hello world", "%f[%W]", "|"))
print(string.find("THE (quick) fox", "%f[%l]%a+"))
print(string.match("the cat and the category", "%f[%a]cat%f[%A]"))
for w in string.gmatch("the cat and the category", "%f[%a]cat%a*") do print(w) end
print(string.find("abc", "%f[a]"))
print(string.find("abc", "%f[%z]"))
print(string.find("abc", "%f[^%z]"))
print(string.gsub("aaa", "%f[a]", "^"))
print(string.gsub("1 22 333", "%f[%d]%d+%f[%D]", "N"))
print(string.find("", "%f[%z]"))
print(string.find("", "%f[^%z]"))
