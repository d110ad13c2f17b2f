-- classes on bytes 128..255 in the C locale match nothing except complements
local hi = {}
for i = 128, 255 do hi[#hi + 1] = string.char(i) end
hi = table.concat(hi)
for _, c in ipairs({"a", "c", "d", "l", "p", "s", "u", "w", "x", "z"}) do
  print(c, select(2, hi:gsub("%" .. c, "")), select(2, hi:gsub("%" .. c:upper(), "")))
end
print(select(2, hi:gsub(".", "")))
