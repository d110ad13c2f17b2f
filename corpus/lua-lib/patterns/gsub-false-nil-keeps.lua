-- gsub: a function/table result of false or nil keeps the original match
print(string.gsub("abc", "%w", function(c) if c == "b" then return "B" end end))
print(string.gsub("abc", "%w", function(c) if c ~= "b" then return false end return "X" end))
print(string.gsub("abc", "%w", function() return nil end))
print(string.gsub("abc", "%w", {a = false, b = nil, c = "C"}))
print(string.gsub("hello", "(l)(l)", function(a, b) return nil end))
print(string.gsub("hello", "l+", {}))
