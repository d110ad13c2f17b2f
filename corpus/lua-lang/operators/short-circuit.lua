-- and/or evaluate the right operand only when needed
local log = {}
local function f(name, val) log[#log + 1] = name; return val end
local r1 = f("a", false) and f("b", true)
local r2 = f("c", true) or f("d", true)
local r3 = f("e", nil) or f("f", 0) and f("g", "x")
local r4 = f("h", 1) and f("i", nil) or f("j", "last")
print(r1, r2, r3, r4)
print(table.concat(log, ","))
