-- load reads a chunk from a function returning pieces
local pieces = {"return ", "1 ", "+ ", "41", nil}
local i = 0
local f = load(function() i = i + 1; return pieces[i] end)
print(f())
local parts = {"local t = {", "1, 2, 3", "}", " return #t"}
local j = 0
print(load(function() j = j + 1; return parts[j] end, "parts")())
local empty = load(function() return nil end)
print(type(empty), select("#", empty()))
local e = 0
print(load(function() e = e + 1; if e == 1 then return "return +" end end, "=broken"))
local once = 0
print(pcall(load, function() once = once + 1; if once == 1 then return {} end end))
local num = 0
print(load(function() num = num + 1; if num == 1 then return 42 end end))
print(pcall(load, function() error("reader failed") end))
local blank = load(function() return "" end)
print(type(blank), select("#", blank()))
