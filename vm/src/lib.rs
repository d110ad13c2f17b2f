//! ferrous-vm: Ferrous's Lua 5.1 virtual machine.
//!
//! - `compile` — lexer, parser (to `compile::ast`), code generator, and `opcode`, the
//!   instruction format;
//! - `heap` — generational arenas, typed handles, `HeapTransaction`, the collector;
//! - `value`, `object`, `table` — what lives on the heap; `number` — numbers as text;
//! - `exec` — the non-recursive executor, calls, errors, coroutines;
//! - `stdlib` — the standard libraries.

pub mod compile;
pub mod exec;
pub mod heap;
pub mod number;
pub mod object;
pub mod opcode;
pub mod stdlib;
pub mod table;
pub mod value;

/// The value of `_VERSION`, as in Lua 5.1.
pub const LUA_VERSION: &str = "Lua 5.1";
