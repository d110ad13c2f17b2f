-- __index function receives the table and the key
local calls = {}
local t = setmetatable({present = 1}, {__index = function(tbl, k)
  calls[#calls + 1] = tostring(k)
  if k == "self" then return tbl end
  return type(k) == "number" and k * 2 or nil
end})
print(t.present, t[21], t.missing, t.self == t, t[1.5])
print(table.concat(calls, ","))
local defaults = setmetatable({}, {__index = function() return 0 end})
defaults.x = defaults.x + 5
print(defaults.x, defaults.y, rawget(defaults, "y"))
