-- The conditional idiom `a and b or c` compiles as Lua 5.1's jump lists do: a falsy `a` jumps
-- straight to `c`, so calling or indexing its nil result names `c`.
local k, t = false, {}
print(pcall(function() (k and gg1 or gg2)() end))
print(pcall(function() (k and t.f or t.g)() end))
print(pcall(function() local u = nil; (k and gg1 or u)() end))
print(pcall(function() (k and gg1 and gg3 or gg2)() end))
print(pcall(function() ((k and gg1) or gg2)() end))
print(pcall(function() return (k and gg1 or gg2).x end))
print(pcall(function() return (true and gg1 or gg2)() end))
-- Constants: 5.1 emits no code for `true and`, `nil or` and a falsy end of the `and` chain.
print(pcall(function() (true and gg1)() end))
print(pcall(function() (nil or gg1)() end))
print(pcall(function() (false or gg1)() end))
print(pcall(function() (1 and gg1 or gg2)() end))
print(pcall(function() (false and gg1 or gg2)() end))
print(pcall(function() (nil and gg1 or gg2)() end))
print(pcall(function() ("s" and nil or gg2)() end))
print(pcall(function() (gg0 and false or gg2)() end))
print(pcall(function() (gg0 and 1 or gg2)() end))
print(pcall(function() (gg0 or gg1 and gg2)() end))
print(true and 5, nil or 6, false or false, nil and 1, 1 and nil, true and nil or "d")
-- Values of the idiom, every combination.
local function show(...) print(select("#", ...), ...) end
for _, a in ipairs({false, true}) do
  for _, b in ipairs({false, true}) do
    for _, c in ipairs({false, true}) do
      show(a and b or c, a and b and c or "x", (a and b) or c, a and (b or c))
    end
  end
end
show(nil and 1 or 2, 1 and nil or 3, 1 and 2 or 3, nil and nil or nil)
local function two() return 1, 2 end
show(false and two() or two())
show(true and two() or 5)
