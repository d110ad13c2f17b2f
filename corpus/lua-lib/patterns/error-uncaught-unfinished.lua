-- uncaught 'unfinished capture' error from string.match in nested functions
local function parse(line)
  return line:match("^(%w+=(%w+)")
end
local function run()
  print(parse("a=b"))
end
run()
