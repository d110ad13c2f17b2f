-- uncaught: calling an undefined global function
print("start")
local function run()
  return missing_function(1, 2)
end
local function main()
  local r = run()
  return r
end
main()
