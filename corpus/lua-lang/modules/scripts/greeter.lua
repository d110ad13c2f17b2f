-- a module loaded by require-and-module.lua
local M = {}
function M.greet(name) return "hello, " .. name end
M.loads = (M.loads or 0) + 1
return M
