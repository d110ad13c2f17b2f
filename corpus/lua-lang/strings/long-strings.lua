-- long brackets: levels, the first newline is skipped, no escapes inside
local a = [[
first line
second]]
print(a, #a)
local b = [==[
contains ]] and ]=] freely]==]
print(b)
local c = [[no newline \n here]]
print(c, #c)
local d = [[

two leading newlines, one kept]]
print(d:byte(1), #d)
local e = [=[]=]
print(#e, [[a]] .. [=[b]=])
print([[
]] == "", [[x
]] == "x\n")
