-- Pattern matching: find, gsub, gmatch.
local text = string.rep("the quick brown fox jumps over the lazy dog 12345 ", 2000)
local n = 0
for _ = 1, 60 do
  for w in text:gmatch("%a+") do n = n + #w end
end
local r, c = text:gsub("(%w+) (%w+)", "%2 %1")
local f = 0
for i = 1, 20000 do if text:find("lazy", i * 3, true) then f = f + 1 end end
print(n, #r, c, f)
