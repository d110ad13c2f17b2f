-- the exact members of each class among bytes 0..127, printed as byte lists
local all = {}
for i = 0, 127 do all[#all + 1] = string.char(i) end
all = table.concat(all)
for _, c in ipairs({"a", "c", "d", "l", "p", "s", "u", "w", "x", "z"}) do
  local codes = {}
  for ch in string.gmatch(all, "%" .. c) do codes[#codes + 1] = string.byte(ch) end
  print("%" .. c, #codes, table.concat(codes, " "))
end
