-- nested captures are numbered by their opening parenthesis
print(string.match("abcd", "((a)(b)(c(d)))"))
print(string.match("2024-01-15", "((%d+)-((%d+)-(%d+)))"))
print(string.find("xxabyy", "(a(b))"))
print(string.gsub("abc", "((a)(b))", "[%1|%2|%3]"))
print(string.match("hello", "(h(e(l(l(o)))))"))
print(string.match("key = value", "((%w+)%s*=%s*(%w+))"))
print(select("#", string.match("abc", "(a)(b)(c)")))
print(string.match("abc", "(a)()(b)"))
