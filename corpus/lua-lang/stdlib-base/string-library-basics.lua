-- common string functions
print(string.upper("mixed Case"), string.lower("MiXeD"), string.reverse("abc"), string.rep("ab", 3, nil))
print(string.find("hello world", "o w"), string.find("hello", "l"), string.find("a.b", ".", 1, true))
print(string.match("key=value", "(%w+)=(%w+)"), string.match("abc", "x"))
print(string.gsub("hello world", "o", "0"), string.gsub("abc", "%w", "%0%0", 2))
print(string.format("[%5s][%-5s]", "ab", "cd"), string.len(""), string.byte("A"))
local words = {}
for w in ("the quick brown fox"):gmatch("%a+") do words[#words + 1] = w end
print(#words, table.concat(words, "|"))
print(("x=1, y=2"):gsub("(%w+)=(%w+)", "%2=%1"))
print(("abc"):gsub("", "-"))
print(string.find("abc", "b", -1), string.find("abc", "", 10), string.find("abc", "", 4))
