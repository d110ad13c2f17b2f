-- forwarding varargs through several calls keeps nils
local function inner(...) return select("#", ...), ... end
local function middle(...) return inner(...) end
local function outer(...) return middle(...) end
print(outer(nil, nil, nil))
print(outer(1, nil))
local function wrap(f) return function(...) return f(...) end end
print(wrap(string.format)("%s-%s", "a", "b"))
print(wrap(math.max)(3, 7, 5))
