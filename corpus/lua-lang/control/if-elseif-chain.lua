-- if/elseif/else chains and truthiness of conditions
local function classify(x)
  if x == nil then return "nil"
  elseif x == false then return "false"
  elseif type(x) == "number" and x < 0 then return "negative"
  elseif x == 0 then return "zero (truthy)"
  else return "other:" .. tostring(x) end
end
for _, v in ipairs({0, -5, "s"}) do print(classify(v)) end
print(classify(nil), classify(false))
if 0 then print("0 is true") end
if "" then print("empty string is true") end
if nil then print("x") else print("nil is false") end
