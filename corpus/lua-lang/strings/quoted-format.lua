-- %q escaping of control characters and quotes
print(string.format("%q", 'he said "hi"\n\\ok\r\0end'))
print(string.format("%q", "\t\1\127\255"))
print(string.format("%q", ""))
print(#string.format("%q", "\n"))
