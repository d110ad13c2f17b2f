-- When the interpreter exits it closes its state: every userdata with a __gc that has not
-- been finalized yet is, reachable or not, newest first; errors in them are ignored.
collectgarbage("stop")   -- only the explicit collections run: the output shows when
                         -- finalizers run
local function make (name, f)
  local u = newproxy(true)
  getmetatable(u).__gc = f or function () print("closing " .. name) end
  return u
end
keep = {make("a"), make("b")}
local c = make("c")
make("garbage")
make("raises", function () error("ignored") end)
local d = make("d")
getmetatable(d).__gc = nil   -- no finalizer any more: nothing printed for it
-- a finalizer that makes a new userdata with a finalizer: that one is not run at exit
local e = make("e", function (o)
  print("closing e")
  local n = newproxy(o)
end)
print("end of script")
