-- _VERSION, _G and the set of base globals
print(_VERSION, _G._G == _G, _G._G._G == _G, _G.print == print)
x_global = 5
print(_G.x_global, _G["x_global"], rawget(_G, "x_global"))
_G.y_global = "via _G"
print(y_global)
local names = {}
for k, v in pairs(_G) do if type(v) == "function" then names[#names + 1] = k end end
table.sort(names)
print(table.concat(names, " "))
local libs = {}
for k, v in pairs(_G) do if type(v) == "table" and k ~= "_G" then libs[#libs + 1] = k end end
table.sort(libs)
print(table.concat(libs, " "))
