-- common pattern idioms: trim, split, count, escape, title case
local function trim(s) return (s:gsub("^%s*(.-)%s*$", "%1")) end
print("[" .. trim("  hello world \t\n") .. "]")
print("[" .. trim("") .. "]", "[" .. trim("   ") .. "]")
local function split(s, sep)
  local out = {}
  for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = piece end
  return out
end
local parts = split("a,b,,c", ",")
print(#parts, table.concat(parts, "|"))
parts = split("x.y.z", ".")
print(#parts, table.concat(parts, "|"))
print(select(2, ("the rain in spain"):gsub("ain", "")))
local function esc(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end
print(esc("1+1=2? (maybe) [x] 100% $5 ^-^"))
print(("hello big world"):gsub("(%a)(%w*)", function(a, b) return a:upper() .. b end))
print(("  multiple   spaces  here "):gsub("%s+", " "))
local ip = "192.168.1.254"
print(ip:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$"))
print(("path/to/file.txt"):match("([^/]+)$"), ("path/to/file.txt"):match("(.+)/"), ("file.tar.gz"):match("^(.-)%.(.*)$"))
print(("%d items"):gsub("%%d", "5"))
