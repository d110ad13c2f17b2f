-- malformed number literals
local srcs = {"x = 1..2", "x = 0x", "x = 1e+", "x = 12abc", "x = 3.4.5", "x = 0xfg", "x = 1_000", "x = .5.", "x = 5e5e5"}
for _, s in ipairs(srcs) do print(select(2, loadstring(s))) end
print(loadstring("return 1 .. 2")())
