-- collectgarbage options and gcinfo return types only
print(type(collectgarbage("count")), collectgarbage("count") > 0)
print(collectgarbage(), collectgarbage("collect"))
print(type(gcinfo()), gcinfo() > 0)
print(type(collectgarbage("step")), type(collectgarbage("setpause", 200)), type(collectgarbage("setstepmul", 200)))
print(collectgarbage("stop"), collectgarbage("restart"))
print(pcall(collectgarbage, "bogus"))
