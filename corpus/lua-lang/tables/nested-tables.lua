-- nested constructors and chained indexing
local cfg = {
  server = {host = "127.0.0.1", ports = {80, 443}},
  users = {{name = "ann", roles = {"admin"}}, {name = "bob", roles = {}}},
}
print(cfg.server.host, cfg.server.ports[2], #cfg.users)
print(cfg.users[1].roles[1], #cfg.users[2].roles, cfg["users"][2]["name"])
cfg.server.ports[#cfg.server.ports + 1] = 8080
print(table.concat(cfg.server.ports, ","))
local m = {{1, 2}, {3, 4}}
print(m[1][2] + m[2][1], #m, #m[1])
local deep = {{{{{"bottom"}}}}}
print(deep[1][1][1][1][1])
