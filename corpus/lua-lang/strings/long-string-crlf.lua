-- newlines inside long strings built with loadstring: \r\n and \n\r become one \n
local f = loadstring("return [[\r\nabc\r\ndef\n\rghi\r]]")
local s = f()
print(#s, s:byte(1, -1))
local g = loadstring("return [[\rX]]")
print(#g(), g():byte(1, -1))
