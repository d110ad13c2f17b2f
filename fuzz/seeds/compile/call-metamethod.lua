-- __call makes tables callable and receives the table first
local mt = {__call = function(self, a, b) return self.name, a, b end}
local obj = setmetatable({name = "callable"}, mt)
print(obj(1, 2))
print(obj "str")
print(pcall(obj, "via pcall"))
local memo = setmetatable({}, {__call = function(self, n)
  if not self[n] then self[n] = n * n end
  return self[n]
end})
print(memo(4), memo(4), rawget(memo, 4))
print(pcall(setmetatable({}, {__call = 5})))
