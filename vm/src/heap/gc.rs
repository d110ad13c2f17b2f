//! The collector: stop-the-world mark and sweep over the arenas, run between execution slices
//! (never inside a transaction's changes). Roots are the VM's globals, registry and string
//! metatable, the metamethod names, and whatever the executor holds (its stacks, frames,
//! continuations). Weak tables (`__mode` with `k` and/or `v`) do not keep their keys or values
//! alive; their dead entries are cleared. Freed slots get a new generation, so old handles fail.

use super::{Handle, Heap};
use crate::exec::VmState;
use crate::object::{Function, Upvalue};
use crate::value::{TableRef, Value};

struct Marks {
    strings: Vec<bool>,
    tables: Vec<bool>,
    functions: Vec<bool>,
    upvalues: Vec<bool>,
    threads: Vec<bool>,
    userdata: Vec<bool>,
}

impl Heap {
    /// Frees everything not reachable from `state` and `roots`.
    pub fn collect(&mut self, state: &VmState, roots: &[Value]) {
        debug_assert!(self.undo.is_empty(), "collect only between transactions");
        let mut marks = Marks {
            strings: vec![false; self.strings.slot_count()],
            tables: vec![false; self.tables.slot_count()],
            functions: vec![false; self.functions.slot_count()],
            upvalues: vec![false; self.upvalues.slot_count()],
            threads: vec![false; self.threads.slot_count()],
            userdata: vec![false; self.userdata.slot_count()],
        };
        let mut work: Vec<Value> = roots.to_vec();
        work.push(Value::Table(state.globals));
        work.push(Value::Table(state.registry));
        work.push(state.lib_next);
        work.push(state.lib_inext);
        state.hooks.for_each_root(&mut |v| work.push(v));
        work.extend(state.type_meta.all().map(Value::Table));
        work.extend(state.names.all().iter().map(|s| Value::Str(*s)));
        // Userdata waiting for their finalizers are still alive.
        work.extend(self.finalize_queue.iter().map(|&u| Value::UserData(u)));
        let mut weak: Vec<(TableRef, bool, bool)> = Vec::new();
        while let Some(v) = work.pop() {
            self.mark_value(v, &mut marks, &mut work, &mut weak, state);
        }
        // Unreachable userdata with a `__gc` metamethod: queued for it, and kept (with all they
        // reach) until it has run (see `finalizers.rs`).
        if !self.closing {
            let doomed: Vec<(u64, Handle<crate::object::UserData>)> = self
                .userdata
                .iter()
                .filter(|(h, u)| {
                    let marked = self.userdata.slot_of(*h).is_some_and(|i| marks.userdata[i]);
                    !marked && !u.finalized && self.has_finalizer(u, state)
                })
                .map(|(h, u)| (u.serial, h))
                .collect();
            work.extend(doomed.iter().map(|&(_, h)| Value::UserData(h)));
            self.queue_finalizers(doomed);
            while let Some(v) = work.pop() {
                self.mark_value(v, &mut marks, &mut work, &mut weak, state);
            }
        }
        // Weak tables: drop entries whose key or value is an unmarked object. A finalized
        // userdata is also gone as a value (it stays as a key until it is freed).
        let dead = |m: &Marks, heap: &Heap, v: Value, is_value: bool| -> bool {
            match v {
                Value::Table(h) => heap.tables.slot_of(h).is_some_and(|i| !m.tables[i]),
                Value::Func(h) => heap.functions.slot_of(h).is_some_and(|i| !m.functions[i]),
                Value::Thread(h) => heap.threads.slot_of(h).is_some_and(|i| !m.threads[i]),
                Value::UserData(h) => {
                    heap.userdata.slot_of(h).is_some_and(|i| !m.userdata[i])
                        || (is_value && heap.userdata.get(h).is_ok_and(|u| u.finalized))
                }
                _ => false,
            }
        };
        for (t, wk, wv) in weak {
            let mut cleared = Vec::new();
            if let Ok(table) = self.tables.get(t) {
                let mut key = Value::Nil;
                while let Ok(Some((k, v))) = table.next(&key) {
                    if (wk && dead(&marks, self, k, false)) || (wv && dead(&marks, self, v, true)) {
                        cleared.push(k);
                    }
                    key = k;
                }
            }
            if let Ok(table) = self.tables.get_mut(t) {
                for k in cleared {
                    let _ = table.set(k, Value::Nil);
                }
            }
        }
        let mut bytes = 0usize;
        self.strings.sweep(&marks.strings);
        self.unintern_freed();
        for (_, s) in self.strings.iter() {
            bytes += s.bytes.len() + 32;
        }
        self.tables.sweep(&marks.tables);
        for (_, t) in self.tables.iter() {
            bytes += t.byte_size() + 48;
        }
        self.functions.sweep(&marks.functions);
        self.upvalues.sweep(&marks.upvalues);
        self.threads.sweep(&marks.threads);
        self.userdata.sweep(&marks.userdata);
        bytes += 48 * (self.functions.len() + self.upvalues.len() + self.userdata.len());
        bytes += 192 * self.threads.len();
        self.bytes = bytes;
        self.debt = 0;
    }

    fn mark_value(
        &self,
        v: Value,
        m: &mut Marks,
        work: &mut Vec<Value>,
        weak: &mut Vec<(TableRef, bool, bool)>,
        state: &VmState,
    ) {
        fn first_mark(marks: &mut [bool], i: Option<usize>) -> bool {
            match i {
                Some(i) if !marks[i] => {
                    marks[i] = true;
                    true
                }
                _ => false,
            }
        }
        match v {
            Value::Str(s) => {
                first_mark(&mut m.strings, self.strings.slot_of(s.handle));
            }
            Value::Table(h) => {
                if !first_mark(&mut m.tables, self.tables.slot_of(h)) {
                    return;
                }
                let Ok(t) = self.tables.get(h) else { return };
                let (mut wk, mut wv) = (false, false);
                if let Some(mt) = t.metatable {
                    work.push(Value::Table(mt));
                    if let Ok(mtt) = self.tables.get(mt) {
                        if let Value::Str(mode) = mtt.get(&Value::Str(state.names.mode)) {
                            if let Ok(s) = self.strings.get(mode.handle) {
                                wk = s.bytes.contains(&b'k');
                                wv = s.bytes.contains(&b'v');
                            }
                        }
                    }
                }
                if wk || wv {
                    weak.push((h, wk, wv));
                }
                for (k, val) in t.entries() {
                    // Strings are values, not objects: weak tables keep them. Numbers, booleans
                    // and nil need no marking, so they never go on the work list.
                    if is_object(k) && (!wk || matches!(k, Value::Str(_))) {
                        work.push(k);
                    }
                    if is_object(val) && (!wv || matches!(val, Value::Str(_))) {
                        work.push(val);
                    }
                }
            }
            Value::Func(h) => {
                if !first_mark(&mut m.functions, self.functions.slot_of(h)) {
                    return;
                }
                match self.functions.get(h) {
                    Ok(Function::Lua {
                        proto,
                        upvalues,
                        env,
                    }) => {
                        work.push(Value::Table(*env));
                        proto.for_each_constant(&mut |c| work.push(c));
                        for u in upvalues.iter() {
                            self.mark_upvalue(*u, m, work);
                        }
                    }
                    Ok(Function::Native { upvalues, env, .. }) => {
                        work.push(Value::Table(*env));
                        work.extend(upvalues.iter().copied());
                    }
                    Err(_) => {}
                }
            }
            Value::Thread(h) => {
                if !first_mark(&mut m.threads, self.threads.slot_of(h)) {
                    return;
                }
                if let Ok(t) = self.threads.get(h) {
                    if let Some(st) = &t.state {
                        st.for_each_root(&mut |v| work.push(v));
                    }
                    if let Some(g) = t.globals {
                        work.push(Value::Table(g));
                    }
                }
            }
            Value::UserData(h) => {
                if !first_mark(&mut m.userdata, self.userdata.slot_of(h)) {
                    return;
                }
                if let Ok(u) = self.userdata.get(h) {
                    if let Some(mt) = u.metatable {
                        work.push(Value::Table(mt));
                    }
                    if let Some(env) = u.env {
                        work.push(Value::Table(env));
                    }
                }
            }
            Value::Nil | Value::Bool(_) | Value::Num(_) => {}
        }
    }

    fn mark_upvalue(&self, u: Handle<Upvalue>, m: &mut Marks, work: &mut Vec<Value>) {
        let Some(i) = self.upvalues.slot_of(u) else {
            return;
        };
        if m.upvalues[i] {
            return;
        }
        m.upvalues[i] = true;
        match self.upvalues.get(u) {
            Ok(Upvalue::Closed(v)) => work.push(*v),
            Ok(Upvalue::Open { thread, .. }) => work.push(Value::Thread(*thread)),
            Err(_) => {}
        }
    }
}

/// Whether a value refers to a heap object (and so may need marking).
fn is_object(v: Value) -> bool {
    !matches!(v, Value::Nil | Value::Bool(_) | Value::Num(_))
}
