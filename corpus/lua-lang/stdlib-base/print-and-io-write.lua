-- print separates with tabs and calls tostring; io.write does not
print(1, nil, false, "s")
print()
print("")
io.write(1, " ", 2.5, " ", "x", "\n")
print(pcall(io.write, nil))
print(pcall(io.write, true))
io.write()
io.write("no newline at end")
