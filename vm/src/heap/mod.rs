//! The heap: one generational arena per object kind, string interning, memory accounting, and
//! the collector. Nothing outside this module touches an arena: all access goes through a
//! [`HeapTransaction`], which validates every handle and can roll its changes back.

mod arena;
mod finalizers;
mod gc;
mod handle;
mod transaction;

pub use arena::Arena;
pub use handle::{Handle, HandleError};
pub use transaction::{HeapError, HeapTransaction};

use crate::object::{Function, LuaStr, Table, Thread, Upvalue, UserData};
use crate::value::{lua_string_hash, StrRef};

/// The interning table's hash of a string: its Lua hash, spread over 64 bits (the table takes
/// its buckets from the low bits and its tags from the high ones).
fn spread(hash: u32) -> u64 {
    (hash as u64 | (hash as u64) << 32).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Distinguishes heaps so a handle from one is rejected by another (see `handle.rs`).
static NEXT_HEAP_TAG: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(1);

/// An undo record: how to put back one change of an open transaction.
#[derive(Debug)]
pub(crate) enum Undo {
    NewString(Handle<LuaStr>),
    NewTable(Handle<Table>),
    NewFunction(Handle<Function>),
    NewUpvalue(Handle<Upvalue>),
    NewThread(Handle<Thread>),
    NewUserData(Handle<UserData>),
    TableSet {
        table: Handle<Table>,
        key: crate::value::Value,
        old: crate::value::Value,
    },
    /// Many writes to the integer keys `first..first + old.len()`: their earlier values (16
    /// bytes a key rather than a record each).
    TableRun {
        table: Handle<Table>,
        first: usize,
        old: Box<[crate::value::Value]>,
    },
    Metatable {
        table: Handle<Table>,
        old: Option<Handle<Table>>,
    },
    UpvalueSet {
        upvalue: Handle<Upvalue>,
        old: Upvalue,
    },
    FunctionEnv {
        function: Handle<Function>,
        old: Handle<Table>,
    },
    /// A userdata's metatable and environment before a change to either.
    UserDataFields {
        userdata: Handle<UserData>,
        metatable: Option<Handle<Table>>,
        env: Option<Handle<Table>>,
    },
    /// A coroutine's own global table before `setfenv` changed it.
    ThreadGlobals {
        thread: Handle<Thread>,
        old: Option<Handle<Table>>,
    },
}

pub struct Heap {
    pub(crate) strings: Arena<LuaStr>,
    /// Interned strings, each with its Lua hash (so the table rehashes without the arena).
    intern: hashbrown::HashTable<(u32, Handle<LuaStr>)>,
    pub(crate) tables: Arena<Table>,
    /// The transaction epoch each table was created in: tables made by the open transaction need
    /// no undo records (rolling back frees them whole).
    pub(crate) table_epochs: Vec<u64>,
    pub(crate) functions: Arena<Function>,
    pub(crate) upvalues: Arena<Upvalue>,
    /// Like `table_epochs`, for upvalues.
    pub(crate) upvalue_epochs: Vec<u64>,
    pub(crate) threads: Arena<Thread>,
    pub(crate) userdata: Arena<UserData>,
    pub(crate) undo: Vec<Undo>,
    pub(crate) epoch: u64,
    /// Bytes in use (approximate) and the limit past which allocation fails.
    pub(crate) bytes: usize,
    pub(crate) limit: usize,
    /// Bytes allocated since the last collection.
    pub(crate) debt: usize,
    /// Userdata whose `__gc` metamethod is due, next first (see `finalizers.rs`).
    pub(crate) finalize_queue: std::collections::VecDeque<Handle<UserData>>,
    /// The serial the next userdata gets.
    pub(crate) next_serial: u64,
    /// Work done by `collectgarbage("step")` towards the current cycle.
    pub(crate) step_work: usize,
    /// The state is closing: every finalizer has been queued, collections queue no more.
    pub(crate) closing: bool,
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        let tag = NEXT_HEAP_TAG.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Heap {
            strings: Arena::new(tag),
            intern: hashbrown::HashTable::new(),
            tables: Arena::new(tag),
            table_epochs: Vec::new(),
            functions: Arena::new(tag),
            upvalues: Arena::new(tag),
            upvalue_epochs: Vec::new(),
            threads: Arena::new(tag),
            userdata: Arena::new(tag),
            undo: Vec::new(),
            epoch: 1,
            bytes: 0,
            limit: usize::MAX,
            debt: 0,
            finalize_queue: std::collections::VecDeque::new(),
            next_serial: 0,
            step_work: 0,
            closing: false,
        }
    }

    /// Sets the memory limit in bytes; allocations past it fail with `not enough memory`.
    pub fn set_limit(&mut self, bytes: usize) {
        self.limit = bytes;
    }

    /// The memory limit in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Bytes in use, approximately.
    pub fn bytes_in_use(&self) -> usize {
        self.bytes
    }

    /// Opens a transaction.
    pub fn transaction(&mut self) -> HeapTransaction<'_> {
        HeapTransaction::new(self)
    }

    /// Finds an interned string.
    fn find_interned(&self, bytes: &[u8], hash: u32) -> Option<StrRef> {
        let strings = &self.strings;
        self.intern
            .find(spread(hash), |&(h, s)| {
                h == hash && strings.get(s).is_ok_and(|s| &*s.bytes == bytes)
            })
            .map(|&(hash, handle)| StrRef { handle, hash })
    }

    fn intern_new(&mut self, bytes: &[u8]) -> StrRef {
        let hash = lua_string_hash(bytes);
        if let Some(s) = self.find_interned(bytes, hash) {
            return s;
        }
        let handle = self.strings.insert(LuaStr {
            bytes: bytes.into(),
            hash,
        });
        self.intern
            .insert_unique(spread(hash), (hash, handle), |&(h, _)| spread(h));
        StrRef { handle, hash }
    }

    fn unintern(&mut self, handle: Handle<LuaStr>, hash: u32) {
        if let Ok(entry) = self.intern.find_entry(spread(hash), |&(_, s)| s == handle) {
            entry.remove();
        }
    }

    /// Drops the interning entries of strings that were freed.
    fn unintern_freed(&mut self) {
        let strings = &self.strings;
        self.intern.retain(|&mut (_, s)| strings.contains(s));
    }

    fn record_epoch(&mut self, t: Handle<Table>) {
        let i = t.index() as usize;
        if self.table_epochs.len() <= i {
            self.table_epochs.resize(i + 1, 0);
        }
        self.table_epochs[i] = self.epoch;
    }

    /// Counts of live objects per kind (for tests and diagnostics).
    pub fn census(&self) -> Census {
        Census {
            strings: self.strings.len(),
            tables: self.tables.len(),
            functions: self.functions.len(),
            upvalues: self.upvalues.len(),
            threads: self.threads.len(),
            userdata: self.userdata.len(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Census {
    pub strings: usize,
    pub tables: usize,
    pub functions: usize,
    pub upvalues: usize,
    pub threads: usize,
    pub userdata: usize,
}
