-- generators built from coroutines
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
for i in range(5) do io.write(i, " ") end
print()
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
for p in coroutine.wrap(function() permgen({"a", "b", "c"}) end) do print(table.concat(p)) end
local function fib()
  return coroutine.wrap(function() local a, b = 0, 1; while true do coroutine.yield(a); a, b = b, a + b end end)
end
local f = fib()
for _ = 1, 12 do io.write(f(), " ") end
print()
