-- %q quoting of ordinary strings, quotes and backslashes
local f = string.format
print(f("%q", "hello"))
print(f("%q", ""))
print(f("%q", 'say "hi"'))
print(f("%q", "it's"))
print(f("%q", "back\\slash"))
print(f("%q", "tab\there"))
print(f("%q", 42))
print(f("%q", 1.5))
print(f("%q", 1e100))
print(f("%q%q", "a", "b"))
print(f("x=%q;", "y"))
