-- setfenv with a stack level changes the caller's environment
local function sandboxed()
  setfenv(1, {print = print, tag = "level-1 env"})
  print(tag)
end
sandboxed()
print(tag)
local function inner() setfenv(2, {print = print, tag = "set by callee"}) end
local function outer() inner(); print(tag) end
outer()
print(tag)
