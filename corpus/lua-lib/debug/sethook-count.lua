-- Count hooks: called every `count` instructions.
local a = 0
debug.sethook(function(e) a = a + 1 end, "", 1)
a = 0; for i = 1, 1000 do end
debug.sethook()
print(1000 < a and a < 1012)
debug.sethook(function(e) a = a + 1 end, "", 4)
a = 0; for i = 1, 1000 do end
debug.sethook()
print(250 < a and a < 255)
debug.sethook(function(e) a = a + 1 end, "", 4000)
a = 0; for i = 1, 1000 do end
local _, m, c = debug.gethook()
debug.sethook()
print(a, m, c)
local ev
debug.sethook(function(e, l) ev = e .. " " .. tostring(l) end, "", 3)
for i = 1, 10 do end
debug.sethook()
print(ev)
