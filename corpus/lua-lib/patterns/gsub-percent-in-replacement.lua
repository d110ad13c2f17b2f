-- 5.1 replacement strings: '%' before a non-digit yields that char; a trailing '%' yields a zero byte
local function show(ok, r, n)
  if not ok then print("error", r) return end
  print(#r, (r:gsub("%z", "\\0")), n)
end
show(pcall(string.gsub, "abc", "b", "%x"))
show(pcall(string.gsub, "abc", "b", "%%"))
show(pcall(string.gsub, "abc", "b", "%"))
show(pcall(string.gsub, "abc", "b", "x%"))
show(pcall(string.gsub, "abc", "b", "%a%b%.%-"))
show(pcall(string.gsub, "abc", "b", "%1"))
show(pcall(string.gsub, "abc", "b", "%0"))
show(pcall(string.gsub, "abc", "b", "%2"))
show(pcall(string.gsub, "abc", "(b)", "%1%2"))
show(pcall(string.gsub, "abc", "()b", "[%1]"))
