-- Line hooks: a new line, a jump back, and a function's first instruction each give an event.
local function trace(s)
  local lines = {}
  local function hook(event, line)
    lines[#lines + 1] = event .. ":" .. line
  end
  debug.sethook(hook, "l"); loadstring(s)(); debug.sethook()
  print(table.concat(lines, " "))
end

trace("if\nmath.sin(1)\nthen\n  a=1\nelse\n  a=2\nend\n")
trace("--\nif nil then\n  a=1\nelse\n  a=2\nend\n")
trace("a=1\nrepeat\n  a=a+1\nuntil a==3\n")
trace(" do\n  return\nend\n")
trace("local a\na=1\nwhile a<=3 do\n  a=a+1\nend\n")
trace("while math.sin(1) do\n  if math.sin(1)\n  then\n    break\n  end\nend\na=1")
trace("for i=1,3 do\n  a=i\nend\n")
trace("for i,v in pairs{'a','b'} do\n  a=i..v\nend\n")
trace("for i=1,4 do a=1 end")
trace("local function f(x)\n  return x\nend\nlocal y = f(1)\ny = f(2)\n")

-- inside the hook, level 2 is the hooked function, at the line being reported
local seen = {}
debug.sethook(function(e, l)
  local info = debug.getinfo(2, "lS")
  seen[#seen + 1] = (info.currentline == l) and info.what or "?"
end, "l")
local z = 1
z = z + 1
debug.sethook()
print(table.concat(seen, " "))

-- hooks are off while a hook runs
local count = 0
debug.sethook(function(e, l)
  count = count + 1
  local function helper() return 1 end
  helper()
end, "l")
local w = 1
w = w + 1
debug.sethook()
print(count)
