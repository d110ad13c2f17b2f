-- Syntax error messages quote the source's bytes as they are, even when they are not UTF-8.
local function show (s)
  local f, msg = loadstring(s)
  print(f, msg, #msg)
  print((string.gsub(msg, "[\128-\255]", function (c) return "<" .. string.byte(c) .. ">" end)))
end
show("\255a = 1")
show("x = \200\201")
show("x = 'caf\233")
show("local \233t\233 = 1")
show("return 1 + \254")
-- the error value itself is a string holding those bytes
local _, msg = loadstring("\255")
print(string.byte(msg, -2), string.find(msg, "\255", 1, true))
