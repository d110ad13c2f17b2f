-- loadstring uses the source as chunk name; a leading @ or = changes its meaning
print(select(2, loadstring("@oops")))
print(select(2, loadstring("=oops")))
print(select(2, loadstring("=x\n=")))
print(select(2, loadstring("@file\n=")))
print(select(2, loadstring("  x = ")))
