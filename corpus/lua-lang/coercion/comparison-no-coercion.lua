-- < does not coerce between strings and numbers but == never errors
print("10" == 10, 10 == "10")
print(pcall(function() return 1 < "2" end))
print(pcall(function() return "1" <= 2 end))
print(pcall(function() return "a" > 1 end))
print("2" < "10", 2 < 10)
