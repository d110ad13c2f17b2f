-- How much of a long write another handle sees: the buffer is a file system block (4096
-- bytes in the temporary directory); overflowing writes go out in whole blocks.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
local r = assert(io.open(name, "r"))
local function seen() r:seek("set"); return #r:read("*a") end
f:write(string.rep("a", 4000)); print(seen())
f:write(string.rep("b", 96)); print(seen())
f:write("c"); print(seen())
f:write(string.rep("d", 10000)); print(seen())
f:write(string.rep("e", 3000)); print(seen())
f:setvbuf("line")
f:write(string.rep("f", 2000) .. "\n" .. "gg"); print(seen())
f:write(string.rep("h", 5000) .. "\n" .. "ii"); print(seen())
f:write("\n"); print(seen())
f:close(); print(seen())
os.remove(name)
