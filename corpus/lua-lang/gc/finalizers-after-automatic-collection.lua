-- Collections the program does not ask for run finalizers too: soon after the userdata
-- became garbage, where the program happens to be.
local finalized = 0
local proto = newproxy(true)
getmetatable(proto).__gc = function () finalized = finalized + 1 end
for i = 1, 5000 do local x = newproxy(proto); local t = {i, i, i} end
print("some finalized:", finalized > 0)

-- a finalizer that makes a new object to finalize keeps going, one per collection
do
  local u = newproxy(true)
  local newproxy = newproxy
  getmetatable(u).__gc = function (o) chain = (chain or 0) + 1; newproxy(o) end
end
for i = 1, 20000 do local t = {i} end
print("chain went on:", chain ~= nil and chain > 1)

-- calls with open results are not disturbed by finalizers running between instructions
local function f (...) return ... end
for i = 1, 5000 do
  local a, b, c = f(1, 2, 3)
  local t = {f(1, 2, 3)}
  assert(c == 3 and #t == 3 and select("#", f(1, 2, 3)) == 3)
end
print("open results intact")

-- an error in such a finalizer is raised where the program was
print(pcall(function ()
  local bad = newproxy(true)
  getmetatable(bad).__gc = function () error("in gc") end
  bad = nil
  for i = 1, 1000000 do local t = {i} end
end))
