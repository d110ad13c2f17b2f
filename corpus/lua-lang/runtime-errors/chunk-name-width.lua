-- Chunk names are cut to different widths: syntax errors (the lexer's buffer) allow longer
-- names than runtime errors, tracebacks and debug.getinfo (LUA_IDSIZE).
local long = string.rep("abcdefghij", 9)
local src = "local x = 1; error('boom') -- " .. long

print(pcall(loadstring(src)))
print(loadstring("x = = 1 -- " .. long))
print(pcall(loadstring("local t = nil; return t.x", "=" .. long)))
print(loadstring("x = = 1", "=" .. long))
print(pcall(loadstring("return nil + 1", "@" .. long .. ".lua")))
print(loadstring("x = = 1", "@" .. long .. ".lua"))

local f = loadstring("return debug.getinfo(1, 'S')", "=" .. long)
print(f().short_src)
f = loadstring("return debug.getinfo(1, 'S') -- " .. long)
print(f().short_src)
f = loadstring("return debug.traceback('tb') -- " .. long)
print(f())
-- a short name is not cut
print(pcall(loadstring("error('short')")))
-- the cut happens at the first newline too
print(pcall(loadstring("\nerror('second line')")))
print(pcall(loadstring("local a = 1\nerror('nl')")))
