-- for loop bounds must be numbers
print(pcall(function() for i = "a", 2 do end end))
print(pcall(function() for i = 1, {} do end end))
print(pcall(function() for i = 1, 2, nil do end end))
print(pcall(function() for i = "1", "2" do io.write(i, type(i), " ") end end))
print(pcall(function() for k in nil do end end))
print(pcall(function() for k in 5 do end end))
