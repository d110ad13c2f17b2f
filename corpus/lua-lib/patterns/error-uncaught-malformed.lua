-- an uncaught malformed pattern error, showing the traceback through gmatch
local function words(s)
  local out = {}
  for w in s:gmatch("[%a") do out[#out + 1] = w end
  return out
end
print("start")
words("some text")
