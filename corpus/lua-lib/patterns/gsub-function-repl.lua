-- gsub with a function replacement receiving captures
print(string.gsub("hello world", "%w+", string.upper))
print(string.gsub("1 2 3", "%d", function(d) return d * 2 end))
print(string.gsub("a=1, b=2", "(%w+)=(%w+)", function(k, v) return v .. "=" .. k end))
print(string.gsub("abc", "()", function(p) return p end))
local calls = {}
local r, n = string.gsub("x y z", "%a", function(c) calls[#calls + 1] = c end)
print(r, n, table.concat(calls, ","))
print(string.gsub("abc", ".", function(c) return c:byte() end))
print(string.gsub("abc", "b", function() return 1.5 end))
print(pcall(string.gsub, "abc", "b", function() return {} end))
print(pcall(string.gsub, "abc", "b", function() return true end))
print(pcall(string.gsub, "abc", "b", function() error("inside") end))
