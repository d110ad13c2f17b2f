-- collectgarbage("step", n): a step does part of a cycle; it returns true when the step
-- finished one, and the garbage is gone then. Bigger steps finish a cycle in fewer calls.
local function steps_to_finish (size)
  collectgarbage()
  collectgarbage("stop")
  local junk = {}
  for i = 1, 100 do junk[i] = {{}}; local b = {} end
  junk = nil
  local before = gcinfo()
  local n = 0
  repeat n = n + 1 until collectgarbage("step", size)
  collectgarbage("restart")
  return n, gcinfo() < before
end
local n0, freed0 = steps_to_finish(0)
local n2 = steps_to_finish(2)
local n6 = steps_to_finish(6)
local nbig, freedbig = steps_to_finish(10000)
print(n0 > 10, freed0, n6 < n2, n2 < n0, nbig, freedbig)
print(collectgarbage("step", 1000000), collectgarbage("step", 1000000))

-- setpause and setstepmul return the previous value
print(collectgarbage("setpause", 150), collectgarbage("setpause", 300), collectgarbage("setpause"))
print(collectgarbage("setstepmul", 400), collectgarbage("setstepmul", 7.9), collectgarbage("setstepmul", 200))
print(collectgarbage("setpause", 200))
-- a step multiplier of 0 means no limit: one step finishes the cycle
collectgarbage("setstepmul", 0)
print(collectgarbage("step", 0))
collectgarbage("setstepmul", 200)

-- a step that finishes a cycle runs the finalizers it found
local u = newproxy(true)
getmetatable(u).__gc = function () print("finalized during a step") end
u = nil
print(collectgarbage("step", 100000))
