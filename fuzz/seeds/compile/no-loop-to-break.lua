-- break outside of a loop
print(select(2, loadstring("break")))
print(select(2, loadstring("if x then break end")))
print(select(2, loadstring("for i = 1, 2 do local f = function() break end end")))
print(select(2, loadstring("do\n\nbreak\nend")))
