-- an uncaught level-2 error whose caller was a tail call has no position
local function check(x)
  if type(x) ~= "number" then error("expected number, got " .. type(x), 2) end
  return x
end
print(check(1))
local function user()
  return check("nope")
end
user()
