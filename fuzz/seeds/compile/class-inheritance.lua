-- a class hierarchy with __index = class and super calls
local Animal = {}
Animal.__index = Animal
function Animal.new(name) return setmetatable({name = name}, Animal) end
function Animal:speak() return self.name .. " makes a sound" end
function Animal:kind() return "animal" end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name) local d = Animal.new(name); return setmetatable(d, Dog) end
function Dog:speak() return Animal.speak(self) .. ": woof" end
local a, d = Animal.new("generic"), Dog.new("rex")
print(a:speak())
print(d:speak(), d:kind())
print(getmetatable(d) == Dog, getmetatable(Dog).__index == Animal, rawget(Dog, "kind"))
