-- %q output reloads to the identical string for all 256 bytes
local bytes = {}
for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
local all = table.concat(bytes)
local q = string.format("%q", all)
print(#q)
local back = loadstring("return " .. q)()
print(back == all, #back)
local esc = 0
for _ in q:gmatch("\\") do esc = esc + 1 end
print(esc)
