-- quantifier characters at pattern start or after another quantifier are literal
print(string.find("a*b", "*"))
print(string.find("a+b", "+"))
print(string.find("a?b", "?"))
print(string.find("a-b", "-"))
print(string.find("aa**", "a**"))
print(string.find("a+", "a++"))
print(string.match("ab?", "b??"))
print(string.gsub("x*y*", "*", "!"))
