-- Call and return hooks see the Lua functions that natives call back: sort comparators, gsub
-- replacement functions, pcall's function; line hooks see their lines.
local events = {}
local function record(e)
  local info = debug.getinfo(2, "nS")
  events[#events + 1] = e .. ":" .. tostring(info.name) .. ":" .. info.what
end
local t = {3, 1, 2}
local function cmp(a, b) return a < b end
local function up(c) return c:upper() end
debug.sethook(record, "cr")
table.sort(t, cmp)
local s = ("ab"):gsub("%a", up)
pcall(cmp, 1, 2)
debug.sethook()
print(table.concat(t, " "), s)
for _, e in ipairs(events) do print(e) end
local lines = {}
debug.sethook(function(e, l) lines[#lines + 1] = l end, "l")
table.sort({2, 1}, function(a, b)
  return a < b
end)
debug.sethook()
print(table.concat(lines, " "))
