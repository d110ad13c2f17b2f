-- require searches package.path, caches in package.loaded, and reports what it tried
package.path = "./scripts/?.lua"
local g = require("greeter")
print(g.greet("lua"), require("greeter") == g, package.loaded.greeter == g)
package.preload.virtual = function(name) return {name = name} end
print(require("virtual").name)
local ok, err = pcall(require, "missing.module")
print(ok, err)
module("geo.shapes", package.seeall)
print(_NAME, _PACKAGE, _M == geo.shapes, type(print))
print(type(dofile), type(loadfile), loadfile("nonexistent.lua"))
