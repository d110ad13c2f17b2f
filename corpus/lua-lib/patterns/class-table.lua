-- every character class and its complement over all 256 bytes, as counts and ASCII members
local classes = {"a", "c", "d", "l", "p", "s", "u", "w", "x", "z"}
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
for _, c in ipairs(classes) do
  local lo = select(2, string.gsub(all, "%" .. c, ""))
  local up = select(2, string.gsub(all, "%" .. c:upper(), ""))
  print(c, lo, up, lo + up)
end
