-- an error object with __tostring, caught and then uncaught
local E = setmetatable({msg = "custom error object"}, {__tostring = function(e) return "E<" .. e.msg .. ">" end})
local ok, e = pcall(error, E)
print(ok, e == E, tostring(e))
error(E)
