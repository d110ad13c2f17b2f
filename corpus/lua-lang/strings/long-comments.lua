-- long comments and comment edge cases
--[[ a long
comment spanning lines ]] print("after long comment on same line")
--[==[ level two ]] still comment ]==] print("after level two")
---[[ this is a line comment, so the next line runs
print("single dash trick")
--]]
--[ not long
print("bracket line comment")
--[=x not long either
print(1 --[[ inline ]] + --[[ another ]] 2)
