-- print uses the global tostring at call time
local real = tostring
tostring = function(v) return "<" .. real(v) .. ">" end
print(1, "a", nil)
tostring = real
print(1, "a", nil)
tostring = nil
local ok, e = pcall(print, 1)
tostring = real
print(ok, e)
print("restored")
