-- errors propagate to the nearest pcall; rethrowing keeps the object
local function level3() error("from level 3") end
local function level2()
  local ok, e = pcall(level3)
  error("wrapped <" .. e .. ">", 0)
end
print(pcall(level2))
local obj = {tag = "original"}
local ok, e = pcall(function()
  local ok2, e2 = pcall(error, obj)
  error(e2)
end)
print(ok, e == obj, e.tag)
print(pcall(pcall, pcall, error, "triple"))
