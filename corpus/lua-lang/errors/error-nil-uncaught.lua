-- an uncaught error(nil)
io.write("partial line")
error()
