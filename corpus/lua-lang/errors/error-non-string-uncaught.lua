-- an uncaught error with a table value (no __tostring)
print("before")
error({code = 1})
