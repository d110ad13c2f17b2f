-- uncaught: arithmetic on a nil field within nested calls
local config = {limits = {}}
local function compute(cfg)
  local total = cfg.limits.max * 2
  return total
end
local function start()
  print(compute(config))
end
start()
