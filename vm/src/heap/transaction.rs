//! `HeapTransaction`: the only door to the heap.
//!
//! A transaction writes straight into the heap, so it reads its own writes at no cost, and keeps
//! an undo log of what it overwrote. `commit` drops the log (O(1) per record); dropping the
//! transaction uncommitted replays the log backwards and frees what it allocated, so the heap's
//! contents are as before and the handles it handed out no longer validate. The executor opens one
//! transaction per execution slice (thousands of instructions), not per instruction, and objects
//! created inside the open transaction are written without undo records at all: rolling back frees
//! them whole. What a rollback restores is the contents of every object; the internal layout of a
//! table that was written may differ (a re-inserted key can land in another node).

use super::{Handle, HandleError, Heap, Undo};
use crate::object::{Function, LuaStr, Table, Thread, Upvalue, UserData};
use crate::table::TableError;
use crate::value::{StrRef, TableRef, Value};

/// What a heap operation can fail with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeapError {
    Handle(HandleError),
    /// The memory limit would be exceeded.
    Memory,
    Table(TableError),
}

impl From<HandleError> for HeapError {
    fn from(e: HandleError) -> Self {
        HeapError::Handle(e)
    }
}

impl std::fmt::Display for HeapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeapError::Handle(e) => write!(f, "{e}"),
            HeapError::Memory => f.write_str("not enough memory"),
            HeapError::Table(e) => f.write_str(e.message()),
        }
    }
}

pub struct HeapTransaction<'h> {
    heap: &'h mut Heap,
    committed: bool,
}

const STRING_OVERHEAD: usize = 32;
const OBJECT_OVERHEAD: usize = 48;

impl<'h> HeapTransaction<'h> {
    pub(super) fn new(heap: &'h mut Heap) -> Self {
        // A transaction dropped earlier has already rolled back, so the log is empty here.
        debug_assert!(heap.undo.is_empty());
        heap.undo.clear();
        heap.epoch += 1;
        HeapTransaction {
            heap,
            committed: false,
        }
    }

    /// Makes every change visible for good.
    pub fn commit(mut self) {
        self.heap.undo.clear();
        self.committed = true;
    }

    /// Commits what was done so far and goes on in a fresh transaction (an execution slice ends).
    pub fn checkpoint(&mut self) {
        self.heap.undo.clear();
        self.heap.epoch += 1;
    }

    /// Gives the heap back for collection; only between transactions' changes (after a checkpoint).
    pub fn heap_mut(&mut self) -> &mut Heap {
        self.heap
    }

    pub fn heap(&self) -> &Heap {
        self.heap
    }

    fn charge(&mut self, bytes: usize) -> Result<(), HeapError> {
        let total = self.heap.bytes.saturating_add(bytes);
        if total > self.heap.limit {
            return Err(HeapError::Memory);
        }
        self.heap.bytes = total;
        self.heap.debt = self.heap.debt.saturating_add(bytes);
        Ok(())
    }

    /// Whether the heap has allocated enough since the last collection to warrant one.
    /// Whether enough was allocated since the last collection for the next one, by
    /// `collectgarbage("setpause")`'s percentage: `pause` - 100 halves of a hundredth of what is
    /// in use (the default, 200, waits for half as much again; 5.1's incremental collector waits
    /// for twice as much but then runs while the program allocates). At 100 or below every
    /// slice collects, as 5.1 then collects all the time.
    pub fn wants_collection(&self, pause: i64) -> bool {
        if pause <= 100 {
            return self.heap.debt > 0;
        }
        let wait = (self.heap.bytes as u128 * (pause as u128 - 100) / 200) as usize;
        self.heap.debt > wait.max(256 * 1024)
    }

    // ---- strings

    /// The interned string with these bytes.
    pub fn intern(&mut self, bytes: &[u8]) -> Result<StrRef, HeapError> {
        let hash = crate::value::lua_string_hash(bytes);
        if let Some(s) = self.heap.find_interned(bytes, hash) {
            return Ok(s);
        }
        self.charge(bytes.len() + STRING_OVERHEAD)?;
        let s = self.heap.intern_new(bytes);
        self.heap.undo.push(Undo::NewString(s.handle));
        Ok(s)
    }

    /// The interned string with the bytes `a..b` of string `s` (a substring, a capture),
    /// without copying them first.
    pub fn intern_sub(&mut self, s: StrRef, a: usize, b: usize) -> Result<StrRef, HeapError> {
        let src = self.heap.strings.get(s.handle)?;
        let bytes = src.bytes.get(a..b).unwrap_or(&[]);
        let hash = crate::value::lua_string_hash(bytes);
        if let Some(found) = self.heap.find_interned(bytes, hash) {
            return Ok(found);
        }
        let copy: Box<[u8]> = bytes.into();
        self.intern(&copy)
    }

    pub fn str_bytes(&self, s: StrRef) -> Result<&[u8], HeapError> {
        Ok(&self.heap.strings.get(s.handle)?.bytes)
    }

    pub fn string(&self, h: Handle<LuaStr>) -> Result<&LuaStr, HeapError> {
        Ok(self.heap.strings.get(h)?)
    }

    // ---- tables

    pub fn new_table(&mut self, narray: usize, nhash: usize) -> Result<TableRef, HeapError> {
        let t = Table::with_sizes(narray, nhash);
        self.charge(t.byte_size() + OBJECT_OVERHEAD)?;
        let h = self.heap.tables.insert(t);
        self.heap.record_epoch(h);
        self.heap.undo.push(Undo::NewTable(h));
        Ok(h)
    }

    pub fn table(&self, t: TableRef) -> Result<&Table, HeapError> {
        Ok(self.heap.tables.get(t)?)
    }

    pub fn get(&self, t: TableRef, key: &Value) -> Result<Value, HeapError> {
        Ok(self.heap.tables.get(t)?.get(key))
    }

    /// Whether table `t` was made by this transaction (its writes need no undo records).
    fn born_here(&self, t: TableRef) -> bool {
        self.heap
            .table_epochs
            .get(t.index() as usize)
            .is_some_and(|&e| e == self.heap.epoch)
    }

    pub fn set(&mut self, t: TableRef, key: Value, val: Value) -> Result<(), HeapError> {
        self.set_where(t, key, val, |_| true).map(|_| ())
    }

    /// `set` for a table without a metatable (the interpreter's fast path): `Ok(false)`, and no
    /// write, when the table has one (its `__newindex` may apply).
    #[inline]
    pub fn set_unless_meta(
        &mut self,
        t: TableRef,
        key: Value,
        val: Value,
    ) -> Result<bool, HeapError> {
        self.set_where(t, key, val, |table| table.metatable.is_none())
    }

    #[inline(always)]
    fn set_where(
        &mut self,
        t: TableRef,
        key: Value,
        val: Value,
        allowed: impl Fn(&Table) -> bool,
    ) -> Result<bool, HeapError> {
        let born_here = self.born_here(t);
        let table = self.heap.tables.get_mut(t)?;
        if !allowed(table) {
            return Ok(false);
        }
        // An existing array slot: the table cannot grow.
        let (old, growth) = match table.array_slot(&key) {
            Some(slot) => (std::mem::replace(slot, val), 0),
            None => {
                let before = table.byte_size();
                let slot = table.slot_for(key).map_err(HeapError::Table)?;
                let old = std::mem::replace(slot, val);
                (old, table.byte_size().saturating_sub(before))
            }
        };
        if !born_here {
            self.heap.undo.push(Undo::TableSet { table: t, key, old });
        }
        if growth > 0 {
            self.charge(growth)?;
        }
        Ok(true)
    }

    /// Writes `values[i]` to the integer key `first + i` wherever `dirty[i]` is set, in
    /// ascending order: like that many `set`s, but undone by one record (table.sort's write-back).
    pub fn set_run(
        &mut self,
        t: TableRef,
        first: usize,
        values: &[Value],
        dirty: &[bool],
    ) -> Result<(), HeapError> {
        let (Some(lo), Some(hi)) = (
            dirty.iter().position(|&d| d),
            dirty.iter().rposition(|&d| d),
        ) else {
            return Ok(());
        };
        let born_here = self.born_here(t);
        let table = self.heap.tables.get_mut(t)?;
        if !born_here {
            let old: Box<[Value]> = (lo..=hi)
                .map(|i| table.get(&Value::Num((first + i) as f64)))
                .collect();
            self.heap.undo.push(Undo::TableRun {
                table: t,
                first: first + lo,
                old,
            });
        }
        let table = self.heap.tables.get_mut(t)?;
        let before = table.byte_size();
        for i in lo..=hi {
            if dirty[i] {
                let slot = table
                    .slot_for(Value::Num((first + i) as f64))
                    .map_err(HeapError::Table)?;
                *slot = values[i];
            }
        }
        let after = table.byte_size();
        if after > before {
            self.charge(after - before)?;
        }
        Ok(())
    }

    pub fn border(&self, t: TableRef) -> Result<usize, HeapError> {
        Ok(self.heap.tables.get(t)?.border())
    }

    pub fn next(&self, t: TableRef, key: &Value) -> Result<Option<(Value, Value)>, HeapError> {
        self.heap.tables.get(t)?.next(key).map_err(HeapError::Table)
    }

    pub fn resize_array(&mut self, t: TableRef, size: usize) -> Result<(), HeapError> {
        self.charge(size * std::mem::size_of::<Value>())?;
        self.heap.tables.get_mut(t)?.resize_array(size);
        Ok(())
    }

    pub fn metatable(&self, t: TableRef) -> Result<Option<TableRef>, HeapError> {
        Ok(self.heap.tables.get(t)?.metatable)
    }

    pub fn set_metatable(&mut self, t: TableRef, mt: Option<TableRef>) -> Result<(), HeapError> {
        let table = self.heap.tables.get_mut(t)?;
        let old = std::mem::replace(&mut table.metatable, mt);
        self.heap.undo.push(Undo::Metatable { table: t, old });
        Ok(())
    }

    // ---- functions, upvalues, threads, userdata

    pub fn new_function(&mut self, f: Function) -> Result<Handle<Function>, HeapError> {
        self.charge(OBJECT_OVERHEAD)?;
        let h = self.heap.functions.insert(f);
        self.heap.undo.push(Undo::NewFunction(h));
        Ok(h)
    }

    pub fn function(&self, f: Handle<Function>) -> Result<&Function, HeapError> {
        Ok(self.heap.functions.get(f)?)
    }

    /// Changes a function's environment (`setfenv`).
    pub fn set_function_env(
        &mut self,
        f: Handle<Function>,
        env: TableRef,
    ) -> Result<(), HeapError> {
        let old = match self.heap.functions.get_mut(f)? {
            Function::Lua { env: e, .. } | Function::Native { env: e, .. } => {
                std::mem::replace(e, env)
            }
        };
        self.heap.undo.push(Undo::FunctionEnv { function: f, old });
        Ok(())
    }

    pub fn new_upvalue(&mut self, u: Upvalue) -> Result<Handle<Upvalue>, HeapError> {
        self.charge(OBJECT_OVERHEAD)?;
        let h = self.heap.upvalues.insert(u);
        let i = h.index() as usize;
        if self.heap.upvalue_epochs.len() <= i {
            self.heap.upvalue_epochs.resize(i + 1, 0);
        }
        self.heap.upvalue_epochs[i] = self.heap.epoch;
        self.heap.undo.push(Undo::NewUpvalue(h));
        Ok(h)
    }

    pub fn upvalue(&self, u: Handle<Upvalue>) -> Result<Upvalue, HeapError> {
        Ok(*self.heap.upvalues.get(u)?)
    }

    pub fn set_upvalue(&mut self, u: Handle<Upvalue>, value: Upvalue) -> Result<(), HeapError> {
        let born_here = self
            .heap
            .upvalue_epochs
            .get(u.index() as usize)
            .is_some_and(|&e| e == self.heap.epoch);
        let slot = self.heap.upvalues.get_mut(u)?;
        let old = std::mem::replace(slot, value);
        if !born_here {
            self.heap.undo.push(Undo::UpvalueSet { upvalue: u, old });
        }
        Ok(())
    }

    pub fn new_thread(&mut self, t: Thread) -> Result<Handle<Thread>, HeapError> {
        self.charge(OBJECT_OVERHEAD * 4)?;
        let h = self.heap.threads.insert(t);
        self.heap.undo.push(Undo::NewThread(h));
        Ok(h)
    }

    pub fn thread(&self, t: Handle<Thread>) -> Result<&Thread, HeapError> {
        Ok(self.heap.threads.get(t)?)
    }

    /// A coroutine's saved state is owned by the executor while it runs; swapping it in and out
    /// is not logged (a rolled-back execution is abandoned with its threads).
    pub fn thread_mut(&mut self, t: Handle<Thread>) -> Result<&mut Thread, HeapError> {
        Ok(self.heap.threads.get_mut(t)?)
    }

    pub fn new_userdata(&mut self, mut u: UserData) -> Result<Handle<UserData>, HeapError> {
        self.charge(OBJECT_OVERHEAD)?;
        u.serial = self.heap.next_serial;
        u.finalized = false;
        self.heap.next_serial += 1;
        let h = self.heap.userdata.insert(u);
        self.heap.undo.push(Undo::NewUserData(h));
        Ok(h)
    }

    pub fn userdata(&self, u: Handle<UserData>) -> Result<&UserData, HeapError> {
        Ok(self.heap.userdata.get(u)?)
    }

    /// Changes a userdata's metatable (`debug.setmetatable`).
    pub fn set_userdata_metatable(
        &mut self,
        u: Handle<UserData>,
        mt: Option<TableRef>,
    ) -> Result<(), HeapError> {
        self.change_userdata(u, |ud| ud.metatable = mt)
    }

    /// Changes a userdata's environment (`debug.setfenv`).
    pub fn set_userdata_env(
        &mut self,
        u: Handle<UserData>,
        env: TableRef,
    ) -> Result<(), HeapError> {
        self.change_userdata(u, |ud| ud.env = Some(env))
    }

    fn change_userdata(
        &mut self,
        u: Handle<UserData>,
        change: impl FnOnce(&mut UserData),
    ) -> Result<(), HeapError> {
        let ud = self.heap.userdata.get_mut(u)?;
        let undo = Undo::UserDataFields {
            userdata: u,
            metatable: ud.metatable,
            env: ud.env,
        };
        change(ud);
        self.heap.undo.push(undo);
        Ok(())
    }

    /// Gives a coroutine its own global table (`setfenv(0, t)` inside it).
    pub fn set_thread_globals(
        &mut self,
        t: Handle<Thread>,
        globals: TableRef,
    ) -> Result<(), HeapError> {
        let thread = self.heap.threads.get_mut(t)?;
        let old = thread.globals.replace(globals);
        self.heap.undo.push(Undo::ThreadGlobals { thread: t, old });
        Ok(())
    }

    fn rollback(&mut self) {
        while let Some(undo) = self.heap.undo.pop() {
            let heap = &mut *self.heap;
            match undo {
                Undo::NewString(h) => {
                    if let Ok(s) = heap.strings.remove(h) {
                        heap.unintern(h, s.hash);
                        heap.bytes = heap.bytes.saturating_sub(s.bytes.len() + STRING_OVERHEAD);
                    }
                }
                Undo::NewTable(h) => {
                    if let Ok(t) = heap.tables.remove(h) {
                        heap.bytes = heap.bytes.saturating_sub(t.byte_size() + OBJECT_OVERHEAD);
                    }
                }
                Undo::NewFunction(h) => {
                    let _ = heap.functions.remove(h);
                }
                Undo::NewUpvalue(h) => {
                    let _ = heap.upvalues.remove(h);
                }
                Undo::NewThread(h) => {
                    let _ = heap.threads.remove(h);
                }
                Undo::NewUserData(h) => {
                    let _ = heap.userdata.remove(h);
                }
                Undo::TableRun { table, first, old } => {
                    if let Ok(t) = heap.tables.get_mut(table) {
                        for (i, v) in old.iter().enumerate() {
                            let _ = t.set(Value::Num((first + i) as f64), *v);
                        }
                    }
                }
                Undo::TableSet { table, key, old } => {
                    if let Ok(t) = heap.tables.get_mut(table) {
                        let _ = t.set(key, old);
                    }
                }
                Undo::Metatable { table, old } => {
                    if let Ok(t) = heap.tables.get_mut(table) {
                        t.metatable = old;
                    }
                }
                Undo::FunctionEnv { function, old } => {
                    if let Ok(Function::Lua { env, .. } | Function::Native { env, .. }) =
                        heap.functions.get_mut(function)
                    {
                        *env = old;
                    }
                }
                Undo::UserDataFields {
                    userdata,
                    metatable,
                    env,
                } => {
                    if let Ok(u) = heap.userdata.get_mut(userdata) {
                        u.metatable = metatable;
                        u.env = env;
                    }
                }
                Undo::ThreadGlobals { thread, old } => {
                    if let Ok(t) = heap.threads.get_mut(thread) {
                        t.globals = old;
                    }
                }
                Undo::UpvalueSet { upvalue, old } => {
                    if let Ok(u) = heap.upvalues.get_mut(upvalue) {
                        *u = old;
                    }
                }
            }
        }
    }
}

impl Drop for HeapTransaction<'_> {
    fn drop(&mut self) {
        if !self.committed {
            self.rollback();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_changes_stay_and_dropped_ones_vanish() {
        let mut heap = Heap::new();
        let mut tx = heap.transaction();
        let t = tx.new_table(0, 0).unwrap();
        let k = tx.intern(b"k").unwrap();
        tx.set(t, Value::Str(k), Value::Num(1.0)).unwrap();
        tx.commit();

        let mut tx = heap.transaction();
        let k2 = tx.intern(b"other").unwrap();
        let t2 = tx.new_table(4, 4).unwrap();
        tx.set(t, Value::Str(k), Value::Num(2.0)).unwrap();
        tx.set(t, Value::Str(k2), Value::Bool(true)).unwrap();
        assert_eq!(
            tx.get(t, &Value::Str(k)).unwrap(),
            Value::Num(2.0),
            "reads its own writes"
        );
        drop(tx);

        let tx = heap.transaction();
        assert_eq!(tx.get(t, &Value::Str(k)).unwrap(), Value::Num(1.0));
        assert!(matches!(
            tx.table(t2),
            Err(HeapError::Handle(HandleError::Stale))
        ));
        assert!(matches!(tx.str_bytes(k2), Err(HeapError::Handle(_))));
        assert_eq!(tx.next(t, &Value::Str(k)).unwrap(), None);
        tx.commit();
        assert_eq!(heap.census().tables, 1);
    }

    #[test]
    fn a_run_of_writes_is_undone_whole() {
        let mut heap = Heap::new();
        let mut tx = heap.transaction();
        let t = tx.new_table(4, 0).unwrap();
        for i in 1..=4 {
            tx.set(t, Value::Num(i as f64), Value::Num(i as f64 * 10.0))
                .unwrap();
        }
        tx.commit();

        let mut tx = heap.transaction();
        let values = [7.0, 8.0, 9.0, 6.0, 5.0].map(Value::Num);
        tx.set_run(t, 1, &values, &[true, false, true, false, true])
            .unwrap();
        let read = |tx: &HeapTransaction<'_>, i: usize| tx.get(t, &Value::Num(i as f64)).unwrap();
        assert_eq!(read(&tx, 1), Value::Num(7.0));
        assert_eq!(
            read(&tx, 2),
            Value::Num(20.0),
            "a clean position is not written"
        );
        assert_eq!(read(&tx, 3), Value::Num(9.0));
        assert_eq!(read(&tx, 5), Value::Num(5.0), "a run may grow the table");
        drop(tx);

        let tx = heap.transaction();
        for i in 1..=4 {
            assert_eq!(read(&tx, i), Value::Num(i as f64 * 10.0));
        }
        assert_eq!(read(&tx, 5), Value::Nil);
        tx.commit();
    }

    #[test]
    fn userdata_and_coroutine_fields_are_rolled_back() {
        let mut heap = Heap::new();
        let mut tx = heap.transaction();
        let mt = tx.new_table(0, 0).unwrap();
        let env = tx.new_table(0, 0).unwrap();
        let u = tx.new_userdata(UserData::default()).unwrap();
        let co = tx.new_thread(Thread::default()).unwrap();
        tx.commit();

        let mut tx = heap.transaction();
        tx.set_userdata_metatable(u, Some(mt)).unwrap();
        tx.set_userdata_env(u, env).unwrap();
        tx.set_thread_globals(co, env).unwrap();
        assert_eq!(
            tx.userdata(u).unwrap().metatable,
            Some(mt),
            "reads its own writes"
        );
        drop(tx);

        let mut tx = heap.transaction();
        assert_eq!(tx.userdata(u).unwrap().metatable, None);
        assert_eq!(tx.userdata(u).unwrap().env, None);
        assert_eq!(tx.thread_mut(co).unwrap().globals, None);
        tx.commit();
    }

    #[test]
    fn the_memory_limit_is_an_error() {
        let mut heap = Heap::new();
        heap.set_limit(1000);
        let mut tx = heap.transaction();
        assert_eq!(tx.intern(&[b'x'; 2000]), Err(HeapError::Memory));
        assert!(tx.intern(b"small").is_ok());
    }
}
