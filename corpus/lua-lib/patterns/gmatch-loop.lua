-- string.gmatch iteration over words, pairs and empty matches
for w in string.gmatch("one two  three", "%a+") do io.write("<", w, ">") end
print()
for k, v in string.gmatch("a=1, bb=22, ccc=333", "(%w+)=(%w+)") do print(k, v) end
for e in string.gmatch("abc", "") do io.write("[", e, "]") end
print()
for p in string.gmatch("abc", "()") do io.write(p, " ") end
print()
for x in string.gmatch("aaa", "a*") do io.write("{", x, "}") end
print()
for x in string.gmatch("xaybz", "a*") do io.write("{", x, "}") end
print()
local n = 0
for _ in string.gmatch("", "x") do n = n + 1 end
print(n)
for d in ("1,22,,333"):gmatch("([^,]*)") do io.write("'", d, "' ") end
print()
