-- uncaught string.format error from a helper: bad argument #2 to 'format'
local function fmt_price(p)
  return string.format("%.2f EUR", p)
end
print(fmt_price(3))
print(fmt_price("3,50"))
