-- #s counts bytes, including embedded zeros and UTF-8 multibyte
local s = "héllo"
print(#s, s:byte(1, -1))
print(#"€", #"\0\0\0", #("x"):rep(1000))
print(#"\n", #[[\n]], #'\\')
local z = "a\0b\0c"
print(#z, z:len(), z:upper():byte(1, -1))
print(string.format("%q", z))
