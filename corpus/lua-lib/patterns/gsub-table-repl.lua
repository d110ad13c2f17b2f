-- gsub with a table replacement: lookup by first capture or whole match
local t = {name = "Lua", version = 5.1, flag = true}
print(string.gsub("$name is $version", "%$(%w+)", t))
print(string.gsub("$name $missing", "%$(%w+)", t))
print(string.gsub("hello world", "%w+", {hello = "HI"}))
local f = {[1] = "one"}
print(string.gsub("x1y2", "%d", f))
print(string.gsub("x1y2", "%d", {["1"] = "one"}))
print(string.gsub("abc", "(b)(c)", {b = "B", c = "C"}))
print(pcall(string.gsub, "$flag", "%$(%w+)", t))
print(string.gsub("aXb", "X", {X = false}))
print(string.gsub("aXb", "X", {X = 42.5}))
