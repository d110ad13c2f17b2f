-- goto and labels are not part of Lua 5.1: goto is an ordinary name
print(loadstring("goto done ::done::"))
print(loadstring("::label::"))
local goto = "goto is a valid identifier"
print(goto)
local t = {goto = 1}
print(t.goto)
