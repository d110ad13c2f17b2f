-- this file has an unfinished string on line 3
print("ok so far")
local s = "no closing quote
print(s)
