-- %x %X %o with flags # 0 - and precision
local f = string.format
print(f("%x %X %o", 255, 255, 255))
print(f("%#x %#X %#o", 255, 255, 8))
print(f("%#x %#o", 0, 0))
print(f("[%8x] [%-8X] [%08x]", 48879, 48879, 48879))
print(f("[%#10x] [%#010x] [%-#10o]", 48879, 48879, 8))
print(f("%.4x %.4o %.0x", 10, 10, 0))
print(f("%x", -1))
print(f("%X", -255))
print(f("%o", -8))
print(f("%x", 3.99))
print(f("%x", 2^32 + 15))
print(f("%x", "0x10"))
