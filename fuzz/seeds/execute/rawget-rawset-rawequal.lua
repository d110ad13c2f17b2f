-- raw access bypasses metamethods
local t = setmetatable({}, {
  __index = function() return "meta" end,
  __newindex = function() error("blocked") end,
  __eq = function() return true end,
})
print(t.x, rawget(t, "x"))
rawset(t, "x", "raw value")
print(t.x, rawget(t, "x"))
print(pcall(function() t.y = 1 end))
print(rawequal(t, t), rawequal(t, setmetatable({}, getmetatable(t))), t == setmetatable({}, getmetatable(t)))
print(rawequal(1, 1.0), rawequal("a", "a"), rawequal({}, {}))
print(pcall(rawget, "str", 1))
print(pcall(rawset, {}, nil, 1))
print(rawset(t, 1, 2) == t)
