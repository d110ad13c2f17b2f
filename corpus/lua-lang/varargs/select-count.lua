-- select('#') counts trailing nils
local function n(...) return select("#", ...) end
print(n(), n(nil), n(nil, nil), n(1, nil, 3, nil), n(unpack({1, 2, 3})))
print(n(n()), n((n(1, 2))), n({}))
