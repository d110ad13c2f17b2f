-- %f without a following '[' is an error
print(pcall(string.find, "abc", "%f"))
print(pcall(string.find, "abc", "%fa"))
print(pcall(string.find, "abc", "%f%a"))
print(pcall(string.find, "abc", "%f["))
print(pcall(string.find, "abc", "%f[a"))
print(pcall(string.gsub, "abc", "%f(", ""))
print(pcall(string.find, "", "%fx"))
