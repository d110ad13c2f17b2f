-- an uncaught error with a number value is converted to a message
print("about to fail")
error(42)
