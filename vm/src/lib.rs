//! ferrous-vm: Ferrous's Lua 5.1 virtual machine.
//!
//! The VM is being built (see the project's issues); until it runs programs, `ferrous-lua` reports
//! that it cannot and the harness's scoreboard counts those cases as failing.

/// The value of `_VERSION`, as in Lua 5.1.
pub const LUA_VERSION: &str = "Lua 5.1";
