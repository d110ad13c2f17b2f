//! The kinds of heap objects besides tables: strings, function prototypes, closures, upvalues,
//! coroutines and userdata.

use std::rc::Rc;

use crate::heap::Handle;
use crate::value::{TableRef, Value};

/// An interned Lua string (8-bit bytes) with its Lua hash.
#[derive(Debug)]
pub struct LuaStr {
    pub bytes: Box<[u8]>,
    pub hash: u32,
}

pub use crate::table::Table;

/// Where a closure's upvalue comes from when the closure is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpvalSource {
    /// A local (register) of the enclosing function.
    Local(u8),
    /// An upvalue of the enclosing function.
    Upvalue(u8),
}

/// A local variable's name and the instructions where it is active (for error messages).
#[derive(Clone, Debug)]
pub struct LocalInfo {
    pub name: Rc<str>,
    pub register: u8,
    pub start_pc: u32,
    pub end_pc: u32,
}

/// A compiled function: code, constants, nested prototypes and debug information. Immutable
/// once made, and shared (`Rc`) by the closures and frames that run it, so the hot loop reads code
/// without a heap lookup. Its string constants are heap strings, kept alive by the collector
/// through every closure of the prototype (and by the compiler's caller until it makes one).
#[derive(Debug)]
pub struct ProtoData {
    pub code: Vec<u32>,
    pub constants: Vec<Value>,
    pub protos: Vec<Rc<ProtoData>>,
    pub upvalues: Vec<UpvalSource>,
    pub upvalue_names: Vec<Rc<str>>,
    pub num_params: u8,
    pub is_vararg: bool,
    /// Lua 5.1's compatibility `arg` table: built at each call from the extra arguments, into the
    /// register after the parameters.
    pub needs_arg: bool,
    pub max_stack: u8,
    /// The source line of each instruction.
    pub lines: Vec<u32>,
    pub locals: Vec<LocalInfo>,
    /// The chunk name as given (`@file`, `=name`, or source text).
    pub source: Rc<[u8]>,
    /// The chunk name as messages show it (`luaO_chunkid`'s result).
    pub short_src: Rc<[u8]>,
    pub line_defined: u32,
    pub last_line_defined: u32,
}

impl ProtoData {
    /// The name of the local in `register` at instruction `pc`, if it is a named local.
    pub fn local_name(&self, register: u32, pc: usize) -> Option<&str> {
        self.locals
            .iter()
            .rfind(|l| {
                l.register as u32 == register
                    && (l.start_pc as usize) <= pc
                    && pc < l.end_pc as usize
            })
            .map(|l| &*l.name)
    }

    /// Visits every string constant, in this prototype and nested ones.
    pub fn for_each_constant(&self, f: &mut dyn FnMut(Value)) {
        let mut stack: Vec<&ProtoData> = vec![self];
        while let Some(p) = stack.pop() {
            for c in &p.constants {
                f(*c);
            }
            stack.extend(p.protos.iter().map(|p| &**p));
        }
    }
}

/// A native function: gets the VM and its arguments, returns what to do next.
pub type NativeFn = fn(
    &mut crate::exec::NativeCtx<'_, '_>,
) -> Result<crate::exec::NativeReturn, crate::exec::LuaError>;

#[derive(Debug)]
pub enum Function {
    Lua {
        proto: Rc<ProtoData>,
        /// Shared with the frames running the closure, so upvalue access needs no lookup of the
        /// function itself.
        upvalues: Rc<[Handle<Upvalue>]>,
        env: TableRef,
    },
    Native {
        f: NativeFn,
        name: &'static str,
        upvalues: Box<[Value]>,
        env: TableRef,
    },
}

/// An upvalue: open while its variable lives in a stack slot, closed once the variable's scope
/// ends and the value moves into the upvalue itself.
#[derive(Clone, Copy, Debug)]
pub enum Upvalue {
    Open { thread: Handle<Thread>, slot: usize },
    Closed(Value),
}

/// A coroutine's state while it is not running (the running one is held by the executor).
#[derive(Debug, Default)]
pub struct Thread {
    pub state: Option<Box<crate::exec::ThreadState>>,
    pub status: CoStatus,
    /// The coroutine's own global table, once `setfenv(0, t)` gave it one (else the VM's).
    pub globals: Option<TableRef>,
    /// The traceback lines of the error a dead coroutine died of (Lua 5.1 keeps such a
    /// coroutine's stack; `debug.traceback(co)` shows it).
    pub error_traceback: Option<Vec<String>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CoStatus {
    #[default]
    Suspended,
    Running,
    /// Resumed another coroutine and waits for it.
    Normal,
    Dead,
}

/// A full userdata: a metatable and an environment (newproxy's kind).
#[derive(Debug, Default)]
pub struct UserData {
    pub metatable: Option<TableRef>,
    pub env: Option<TableRef>,
    /// Set when the collector queues it for its `__gc` metamethod: a userdata is finalized at
    /// most once, even when its finalizer makes it reachable again.
    pub finalized: bool,
    /// Creation order, assigned by the heap (finalizers run newest first).
    pub serial: u64,
}
