-- calling string methods needs parentheses around literals
print(("abc"):upper(), ("%d-%d"):format(1, 2), ("x"):rep(3, nil))
local s = "hello"
print(s:len(), s:sub(2, 3), s:sub(-3), s:sub(0), s:sub(10), s:sub(3, 2))
print(s:byte(), s:byte(-1), s:byte(10), select("#", s:byte(10)))
print(string.char(), string.char(104, 105))
print(loadstring('return "abc":upper()'))
print(#string, string.len == ("").len)
