-- uncaught gsub error: invalid replacement value (a table) with traceback
local function render(tpl, vars)
  return (tpl:gsub("%$(%w+)", vars))
end
print(render("hi $who", {who = "there"}))
print(render("hi $who", {who = {}}))
