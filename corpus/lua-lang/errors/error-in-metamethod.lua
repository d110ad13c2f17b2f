-- errors raised inside metamethods and their positions
local t = setmetatable({}, {
  __index = function(_, k) error("no field " .. k) end,
  __add = function() error("cannot add", 2) end,
  __call = function() local n = nil; return n.x end,
})
print(pcall(function() return t.foo end))
print(pcall(function() return t + 1 end))
print(pcall(function() return t() end))
local ok, e = pcall(tostring, setmetatable({}, {__tostring = function() error({tag = "tbl"}) end}))
print(ok, type(e), e.tag)
