-- %s with a string of 100+ chars: kept whole without precision, truncated/padded with
local f = string.format
local long = string.rep("abcdefghij", 20)
print(#f("%s", long))
print(#f("<%s>", long))
print(#f("%.50s", long), f("%.15s", long))
print(#f("%5s", long))
print(pcall(f, "%300s", "x"))
print(#f("%99s", "x"))
