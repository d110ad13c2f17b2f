-- uncaught string.char range error produces a stack traceback
print("before")
local function build(n)
  return string.char(n)
end
print(build(65))
print(build(1000))
print("not reached")
