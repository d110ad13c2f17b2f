-- global vs local function definitions inside other functions
local function outer()
  function global_inner() return "global" end
  local function local_inner() return "local" end
  return local_inner()
end
print(type(global_inner), outer(), type(global_inner), global_inner())
print(type(local_inner))
