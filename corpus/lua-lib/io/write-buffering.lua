-- Writes to a file are buffered as C's stdio buffers them: another handle on the same file
-- sees them once the buffer is flushed (by flush, close, seek, a full buffer, or a newline in
-- line mode).
local name = os.tmpname()
local f = assert(io.open(name, "w"))
local r = assert(io.open(name, "r"))
f:write("abc")
print("default, unflushed:", ("%q"):format(r:read("*a")))
f:flush()
r:seek("set")
print("after flush:", r:read("*a"))

print(f:setvbuf("full", 10))
f:write("12345")
r:seek("set")
print("full, 5 of 10:", r:read("*a"))
f:write("67890X")
r:seek("set")
print("full, past 10:", r:read("*a"))

print(f:setvbuf("line"))
f:write("no newline")
r:seek("set")
print("line, no newline:", r:read("*a"))
f:write(" yet\nmore")
r:seek("set")
print("line, newline:", r:read("*a"))

print(f:setvbuf("no"))
f:write("!")
r:seek("set")
print("no buffering:", r:read("*a"))

-- seek flushes and reports the position including buffered bytes
f:setvbuf("full")
f:write("tail")
print("position:", f:seek())
r:seek("set")
print("after seek:", r:read("*a"))

-- close flushes
f:write("END")
f:close()
r:seek("set")
print("after close:", r:read("*a"))
r:close()

-- a file opened for reading cannot be written, at once
local ro = assert(io.open(name, "r"))
print(ro:write("x"))
print(ro:read("*l"))
ro:close()
local rw = assert(io.open(name, "r+"))
print(rw:write("Z"), rw:seek("set"), rw:read(3))
rw:close()

-- io.write to the default output file is buffered too; files are flushed at exit
io.output(name)
io.write("last line\n")
local check = assert(io.open(name))
print("before close:", ("%q"):format(check:read("*a")))
io.close()
check:seek("set")
print("after io.close:", check:read("*a"))
check:close()
assert(os.remove(name))
