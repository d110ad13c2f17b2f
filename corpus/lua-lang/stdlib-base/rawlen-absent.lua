-- functions from later Lua versions do not exist in 5.1
print(rawlen, table.pack, table.unpack, load ~= nil, loadstring ~= nil, unpack ~= nil)
print(math.type, utf8, string.pack, bit32, require ~= nil, module ~= nil)
print(type(setfenv), type(getfenv), type(gcinfo), type(newproxy), math.pow ~= nil)
print(pcall(function() return rawlen({}) end))
