-- an uncaught error at level 2 blames the calling line
local function check(x)
  if type(x) ~= "number" then error("expected number, got " .. type(x), 2) end
  return x
end
print(check(1))
local function user()
  local v = check("nope")
  return v
end
user()
