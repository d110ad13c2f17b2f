-- library functions accept numbers where strings are expected and vice versa
print(string.rep(5, 3), string.len(12345), ("x"):rep("3"))
print(string.sub(123456, 2, "4"), math.max("10", 9), math.floor("3.7"))
print(string.format("%d %s %5.1f", "42", 42, "2.25"))
print(table.concat({1, 2.5, "x"}, 0))
print(pcall(string.rep, "x", "two"))
print(pcall(math.floor, "abc"))
print(select("#", 1, 2, 3), select("2", "a", "b"))
