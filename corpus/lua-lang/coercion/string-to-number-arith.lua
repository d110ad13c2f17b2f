-- strings convert to numbers in arithmetic
print("10" + 1, "3" * "4", "2" ^ "3", "10" / "4", "7" % "3", -"2")
print("0x10" + 0, "0X1f" * 1, " 10 " + 1, "\t5\n" + 0, "1e1" * 1, "1E-1" + 0)
print(".5" + 0, "5." + 0, "-.5" + 0, "+5" == nil, "  -7  " * 1)
print(type("1" + 1), math.type)
print(pcall(function() return "1" + "0x" end))
print(pcall(function() return "abc" + 1 end))
print(pcall(function() return "1 2" + 1 end))
print(pcall(function() return "" + 1 end))
