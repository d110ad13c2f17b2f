-- collectgarbage("setpause") spaces automatic collections: with a pause of 100 the collector
-- runs all the time, with 1000 it lets the program allocate much more first.
local function garbage(n) for i = 1, n do local t = {i, i, i} end end
local function peak_growth(pause)
  collectgarbage("setpause", pause)
  collectgarbage()
  local base = collectgarbage("count")
  local peak = base
  for _ = 1, 400 do
    garbage(100)
    peak = math.max(peak, collectgarbage("count"))
  end
  return peak - base
end
local low, high = peak_growth(100), peak_growth(1000)
print("a long pause lets memory grow further:", high > 4 * low)
print("previous pause:", collectgarbage("setpause", 200))
print("previous pause:", collectgarbage("setpause"))
