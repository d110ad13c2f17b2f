-- every escape sequence of Lua 5.1 short strings, shown as bytes
local s = "\a\b\f\n\r\t\v\\\"\'"
print(#s, s:byte(1, -1))
print(("\65\066\0677"):byte(1, -1))
print(#"\0", ("a\0b"):byte(1, -1), #"\255\1\01\001")
print("tab:\tend", "quote:\"", 'apos:\'', "mixed:'\"")
print("dec \104\105 and \x41 stays")
