-- invalid escapes and decimal escapes above 255
print(loadstring([[return "\300"]]))
print(loadstring([[return "\256"]]))
print(loadstring([[return "\255"]]) ~= nil, #loadstring([[return "\255"]])())
local f = loadstring([[return "\q\z\x"]])
print(f and #f(), f and f())
print(loadstring([[return "\9999"]]) ~= nil, #loadstring([[return "\0009"]])())
