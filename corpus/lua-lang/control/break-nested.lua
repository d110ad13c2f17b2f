-- break exits only the innermost loop
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    io.write(i, ":", j, " ")
  end
end
print()
local found
for i = 1, 10 do
  if i * i > 20 then found = i; break end
end
print(found)
repeat
  do break end
  print("not reached")
until true
print("after repeat")
