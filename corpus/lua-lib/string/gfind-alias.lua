-- string.gfind is the deprecated alias of string.gmatch in 5.1
print(type(string.gfind))
print(string.gfind == string.gmatch)
for w in string.gfind("one two three", "%a+") do
  print(w)
end
for k, v in string.gfind("a=1, b=2", "(%w+)=(%w+)") do
  print(k, v)
end
