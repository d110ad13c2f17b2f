-- hexadecimal strings in arithmetic and tonumber with base
print("0x10" + 0, "0xff" - 1, "0xFFFFFFFF" + 0, "0x7fffffffffffffff" + 0)
print(tonumber("0x10"), tonumber("10", 16), tonumber("ff", 16), tonumber("0x10", 16))
print(tonumber("0x10", 10), tonumber("-ff", 16), tonumber("FF", 16))
print(pcall(function() return "0x1.8" + 0 end))
print(0x10, 0xA + 0xb, 0x100000000)
