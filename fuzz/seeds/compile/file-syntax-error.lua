-- this file itself does not compile, so lua exits with status 1
print("never printed")
local function broken(
  return 1
end
