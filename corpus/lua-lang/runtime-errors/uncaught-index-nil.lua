-- uncaught: indexing a nil local inside a function
local function get_name(user)
  return user.name
end
print(get_name({name = "ann"}))
print(get_name(nil))
