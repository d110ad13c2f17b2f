//! The interpreter loop.
//!
//! `Executor::run_slice` runs instructions inside one heap transaction until the slice's budget
//! is spent, the outermost call returns, or an error escapes. Calls push frames; natives run in
//! place and may ask for calls back into Lua through continuations; errors unwind frames to the
//! nearest `pcall`; coroutines swap whole `ThreadState`s. No Rust recursion anywhere.

use std::rc::Rc;

use crate::heap::{Heap, HeapError, HeapTransaction};
use crate::number::number_to_string;
use crate::object::{CoStatus, Function, ProtoData, Upvalue};
use crate::opcode::*;
use crate::table::fb_to_int;
use crate::value::{ThreadRef, Value};

use super::debug::{describe_operand, object_name, position, type_error_text};
use super::hook::{
    AfterHook, HookDone, HookWait, CALL as HOOK_CALL, COUNT as HOOK_COUNT, LINE as HOOK_LINE,
    RET as HOOK_RET,
};
use super::meta::{
    less_equal_prim, less_than_prim, metamethod, metatable_of, same_type, to_number, Arith,
};
use super::{
    CallArgs, Continuation, Frame, LuaError, MetaDest, NativeContinuation, NativeCtx, NativeReturn,
    NativeWait, Pending, ReturnTo, ThreadState, VmState,
};

/// Deepest Lua call nesting before "stack overflow" (PUC's call-info limit).
pub const MAX_FRAMES: usize = 16_000;
/// Most nested native/metamethod calls before "C stack overflow" (PUC's LUAI_MAXCCALLS).
pub const MAX_BOUNDARIES: usize = 200;
/// Largest value stack, in slots.
pub const MAX_STACK: usize = 1_000_000;
/// Instructions per transaction slice.
pub const SLICE: u64 = 20_000;
/// Slice length under `VmState::gc_stress`: a full collection after every few instructions.
pub const STRESS_SLICE: u64 = 7;
/// Longest `__index`/`__newindex` chain (PUC's MAXTAGLOOP).
const MAX_TAG_LOOP: usize = 100;

/// An error with the return destination that was in flight when it happened, so that a
/// catching `pcall` in that chain is still found.
type Thrown = (LuaError, Option<ReturnTo>);
type Flow = Result<(), Thrown>;

fn thrown(e: LuaError) -> Thrown {
    (e, None)
}

/// Unwraps a heap result, or returns its error as a thrown Lua error.
macro_rules! hx {
    ($tx:ident, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(Executor::heap_err($tx, e)),
        }
    };
}

pub struct Executor {
    thread: ThreadState,
    /// The running coroutine; `None` for the main thread.
    current: Option<ThreadRef>,
    /// The resumers of the running coroutine, innermost last, with their saved states.
    chain: Vec<(Option<ThreadRef>, ThreadState)>,
    out: Vec<Value>,
    /// A buffer for results on their way to a native continuation (kept to save allocations).
    spare: Vec<Value>,
    start: Option<(Value, Vec<Value>)>,
    finished: Option<Vec<Value>>,
    /// The traceback of an error that escaped (lines as lua5.1's `stack traceback:` prints).
    pub traceback: Option<Vec<String>>,
    /// A collection was asked for during the slice.
    gc_pending: bool,
    /// The error being raised came from a native (`Some(called from Lua)`), for tracebacks.
    native_error: Option<bool>,
    /// The `VmState::env_changes` the frames' environments are up to date with.
    env_seen: u64,
    /// An xpcall handler is being called for an error raised by a Lua instruction: its level 1
    /// is that Lua function (not a native).
    handler_sees_lua: bool,
    /// A native asked for a collection (`NativeReturn::Collect`): where its continuation waits
    /// (stack floor, return chain) until the collection has run.
    after_collect: Option<(usize, ReturnTo)>,
    /// Set by `call_from_continuation` for the `call_value` it makes: a native callee's results
    /// are handed back in `handed_back` instead of delivered by a nested `deliver`.
    hand_back: bool,
    handed_back: Option<Delivery>,
    /// The running thread's call and return hook bits (zero while its hook function runs).
    hook_cr: u8,
    /// The running thread has a line, count or return hook: the loop runs short slices and
    /// `trace` looks at each stop (return hooks fire there, before a `RETURN` runs, so the
    /// loop's `RETURN` has no test for them).
    hook_lc: bool,
    /// `MAX_FRAMES`, or 0 while call hooks are on: the inline Lua call in `CALL` then gives way
    /// to `call_value`, which calls the hook (no extra test on the inline path).
    frame_limit: usize,
    /// Line hooks: the thread, frame depth and "saved pc" (the instruction after the last one
    /// traced) of the last instruction traced, as Lua 5.1's `savedpc` (`traceexec`'s `oldpc`).
    trace_last: Option<(Option<ThreadRef>, usize, usize)>,
    /// The instruction about to run (thread, depth, pc) and how far its tracing got (1: count
    /// done, 2: line done, 3: return hook done): after a hook returns, it goes on from there.
    traced: Option<(Option<ThreadRef>, usize, usize, u8)>,
    /// The next native call is the one whose call hook just ran.
    skip_call_hook: bool,
}

/// Results on their way somewhere: (slot, results, wanted, destination).
type Delivery = (usize, Vec<Value>, i32, ReturnTo);

impl Executor {
    pub fn new(f: Value, args: Vec<Value>) -> Executor {
        Executor {
            thread: ThreadState::default(),
            current: None,
            chain: Vec::new(),
            out: Vec::new(),
            spare: Vec::new(),
            start: Some((f, args)),
            finished: None,
            traceback: None,
            gc_pending: false,
            native_error: None,
            env_seen: 0,
            handler_sees_lua: false,
            after_collect: None,
            hand_back: false,
            handed_back: None,
            hook_cr: 0,
            hook_lc: false,
            frame_limit: MAX_FRAMES,
            trace_last: None,
            traced: None,
            skip_call_hook: false,
        }
    }

    /// Rereads the running thread's hook from `state.hooks`.
    fn refresh_hooks(&mut self, state: &mut VmState) {
        state.hooks.changed = false;
        let (mask, running) = match state.hooks.get(self.current) {
            Some(e) if !e.func.is_nil() => (e.mask, e.running),
            _ => (0, false),
        };
        self.hook_cr = if running {
            0
        } else {
            mask & (HOOK_CALL | HOOK_RET)
        };
        self.hook_lc = mask & (HOOK_LINE | HOOK_COUNT | HOOK_RET) != 0;
        self.frame_limit = if self.hook_cr & HOOK_CALL != 0 {
            0
        } else {
            MAX_FRAMES
        };
        if mask & HOOK_LINE == 0 {
            self.trace_last = None;
        }
        if !self.hook_lc {
            self.traced = None;
        }
    }

    /// Another thread runs now: its own hook applies, and the loop returns to recompute its limit.
    fn switched_thread(&mut self, state: &mut VmState) {
        if !state.hooks.is_empty() || self.hook_cr != 0 || self.hook_lc {
            self.refresh_hooks(state);
            state.attention = true;
        }
    }

    fn sync_hooks(&mut self, state: &mut VmState) {
        if state.hooks.changed {
            self.refresh_hooks(state);
        }
    }

    /// The running thread's hook function, when one may fire now.
    fn hook_fn(&self, state: &VmState) -> Option<Value> {
        state.hooks.active(self.current)
    }

    /// A native returned `results` (`native`: its slot, wanted results, destination and
    /// function): with a return hook set, the hook runs first and the results follow it
    /// (`Ok`); otherwise `Err` hands the results and the destination back.
    fn native_return_hook(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        results: Vec<Value>,
        native: (usize, i32, ReturnTo, Value),
        floor: usize,
    ) -> Result<Flow, (Vec<Value>, ReturnTo)> {
        if self.hook_cr & HOOK_RET != 0 {
            if let Some(hf) = self.hook_fn(state) {
                let after = AfterHook::ReturnNative(results);
                return Ok(self.fire_hook(
                    tx,
                    state,
                    hf,
                    b"return",
                    None,
                    after,
                    Some(native),
                    floor,
                ));
            }
        }
        Err((results, native.2))
    }

    /// Calls hook function `func` for `event` (`line` for line events). `native`: the call or
    /// return of a native (slot, wanted, destination, function), whose own call or results
    /// follow the hook (`after`); otherwise the hook interrupts the top Lua frame.
    #[allow(clippy::too_many_arguments)]
    fn fire_hook(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        func: Value,
        event: &'static [u8],
        line: Option<u32>,
        after: AfterHook,
        native: Option<(usize, i32, ReturnTo, Value)>,
        floor: usize,
    ) -> Flow {
        let thread = self.current;
        state.hooks.set_running(thread, true);
        self.refresh_hooks(state);
        let ev = Value::Str(hx!(tx, tx.intern(event)));
        let line = line.map_or(Value::Nil, |l| Value::Num(l as f64));
        let floor = floor.max(self.live_extent());
        let then = Continuation::Native(Box::new(HookDone { thread, after }));
        let wait = match native {
            Some((slot, wanted, outer, f)) => {
                self.enter_boundary(tx)?;
                NativeWait {
                    hook: HookWait::Native,
                    ..NativeWait::new(then, slot, wanted, outer, floor, "hook", f)
                }
            }
            None => {
                self.enter_boundary(tx)?;
                self.enter_boundary(tx)?;
                NativeWait {
                    hook: HookWait::Lua,
                    ..NativeWait::new(
                        then,
                        floor,
                        0,
                        ReturnTo::Meta(MetaDest::Discard),
                        floor,
                        "hook",
                        Value::Nil,
                    )
                }
            }
        };
        self.place_call(tx, floor, func, &[ev, line])?;
        self.call_value(
            tx,
            state,
            floor,
            2,
            0,
            ReturnTo::Native(Box::new(wait)),
            None,
        )
    }

    /// Before the top frame's next instruction, with a line or count hook set: runs the count
    /// down and calls the hooks due (`Ok(None)`: a hook was called), or says how many
    /// instructions may run before the next check.
    fn trace(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
    ) -> Result<Option<u64>, Thrown> {
        let Some(f) = self.thread.frames.last() else {
            return Ok(Some(u64::MAX));
        };
        let thread = self.current;
        let (depth, npc) = (self.thread.frames.len(), f.pc.get());
        let Some(e) = state.hooks.get_mut(thread) else {
            return Ok(Some(u64::MAX));
        };
        let count_on = e.mask & HOOK_COUNT != 0;
        if e.running || e.func.is_nil() || e.mask == 0 {
            // Inside the hook function: the count runs down, nothing fires.
            return Ok(Some(if count_on {
                e.left.max(1) as u64
            } else {
                u64::MAX
            }));
        }
        let func = e.func;
        let line_on = e.mask & HOOK_LINE != 0;
        let mut phase = match self.traced {
            Some((t, d, p, ph)) if t == thread && d == depth && p == npc => ph,
            _ => 0,
        };
        if phase == 0 {
            phase = 1;
            self.traced = Some((thread, depth, npc, 1));
            if count_on {
                e.left -= 1;
                if e.left <= 0 {
                    e.left = e.count;
                    self.fire_hook(tx, state, func, b"count", None, AfterHook::Resume, None, 0)?;
                    return Ok(None);
                }
            }
        }
        if phase == 1 {
            phase = 2;
            self.traced = Some((thread, depth, npc, 2));
            if line_on {
                let f = self.thread.frames.last().expect("checked above");
                let old = match self.trace_last {
                    Some((t, d, p)) if t == thread && d == depth => p,
                    _ => npc,
                };
                // Lua 5.1 runs the jump after a comparison or test within that instruction.
                let inline_jump = npc == old
                    && npc > 0
                    && matches!(f.proto.code.get(npc).map(|&i| op(i)), Some(JMP))
                    && matches!(
                        f.proto.code.get(npc - 1).map(|&i| op(i)),
                        Some(EQ | LT | LE | TEST | TESTSET)
                    );
                if !inline_jump {
                    self.trace_last = Some((thread, depth, npc + 1));
                    let line = super::debug::line_at(&f.proto, npc);
                    if npc == 0
                        || npc < old
                        || line != super::debug::line_at(&f.proto, old.saturating_sub(1))
                    {
                        self.fire_hook(
                            tx,
                            state,
                            func,
                            b"line",
                            Some(line),
                            AfterHook::Resume,
                            None,
                            0,
                        )?;
                        return Ok(None);
                    }
                }
            }
        }
        let ret_on = state
            .hooks
            .get(thread)
            .is_some_and(|e| e.mask & HOOK_RET != 0);
        if phase == 2 {
            self.traced = Some((thread, depth, npc, 3));
            let f = self.thread.frames.last().expect("checked above");
            if ret_on && matches!(f.proto.code.get(npc).map(|&i| op(i)), Some(RETURN)) {
                let tails = f.tail;
                self.fire_hook(
                    tx,
                    state,
                    func,
                    b"return",
                    None,
                    AfterHook::TailReturns(tails),
                    None,
                    0,
                )?;
                return Ok(None);
            }
        }
        let left = state.hooks.get(thread).map_or(1, |e| e.left.max(1));
        Ok(Some(if line_on || ret_on {
            1
        } else if count_on {
            left as u64
        } else {
            u64::MAX
        }))
    }

    /// `k` instructions ran from (thread, depth, pc): the count runs down.
    fn traced_run(&mut self, state: &mut VmState, from: (Option<ThreadRef>, usize, usize), k: u64) {
        let Some(e) = state.hooks.get_mut(from.0) else {
            return;
        };
        let pre = match self.traced {
            Some((t, d, p, _)) if (t, d, p) == from => {
                self.traced = None;
                true
            }
            _ => false,
        };
        if e.mask & HOOK_COUNT != 0 {
            // The first instruction was counted when it was traced (not inside a hook).
            let k = if pre { k - 1 } else { k } as i64;
            e.left -= k;
            if e.left <= 0 {
                e.left = e.count;
            }
        }
    }

    /// Runs until the call returns or fails, one transaction per slice, collecting garbage
    /// between slices when enough was allocated.
    pub fn run_to_end(
        &mut self,
        heap: &mut Heap,
        state: &mut VmState,
    ) -> Result<Vec<Value>, LuaError> {
        // Garbage from earlier runs must not starve this one of memory.
        if heap.bytes_in_use() > heap.limit() / 4 * 3 {
            self.collect(heap, state);
        }
        loop {
            let mut tx = heap.transaction();
            let slice = if state.gc_stress { STRESS_SLICE } else { SLICE };
            let step = self.run_slice(&mut tx, state, slice);
            let force_gc =
                std::mem::take(&mut self.gc_pending) || (state.gc_stress && state.gc_running);
            let wants_gc = tx.wants_collection(state.gc_pause);
            // Lua keeps the effects of a failed call, so errors commit too.
            tx.commit();
            match step {
                Ok(Some(results)) => return Ok(results),
                Ok(None) => {
                    if (wants_gc && state.gc_running) || force_gc {
                        self.collect(heap, state);
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// A full collection with this executor's stacks as roots.
    pub fn collect(&mut self, heap: &mut Heap, state: &VmState) {
        let mut roots: Vec<Value> = Vec::new();
        self.for_each_root(&mut |v| roots.push(v));
        heap.collect(state, &roots);
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        // Only the live part of the running stack counts. While a native waits for the
        // collection it asked for, that ends with its arguments: the registers of its Lua
        // caller above them are free temporaries (as in Lua 5.1, which marks the stack up to
        // the running C function's top).
        let live = match &self.after_collect {
            Some((floor, _)) => *floor,
            None => self.live_extent(),
        };
        for v in &self.thread.stack[..live.min(self.thread.stack.len())] {
            f(*v);
        }
        for fr in &self.thread.frames {
            f(Value::Func(fr.func));
            for_each_ret_root(&fr.ret, f);
        }
        if let Some(p) = &self.thread.pending {
            for_each_ret_root(&p.ret, f);
        }
        if let Some(t) = self.current {
            f(Value::Thread(t));
        }
        for (t, st) in &self.chain {
            if let Some(t) = t {
                f(Value::Thread(*t));
            }
            st.for_each_root(f);
            if let Some(p) = &st.pending {
                for_each_ret_root(&p.ret, f);
            }
        }
        for v in &self.out {
            f(*v);
        }
        if let Some((_, ret)) = &self.after_collect {
            for_each_ret_root(ret, f);
        }
        if let Some((func, args)) = &self.start {
            f(*func);
            args.iter().for_each(|v| f(*v));
        }
    }

    fn live_extent(&self) -> usize {
        let mut top = self.thread.top;
        if let Some(fr) = self.thread.frames.last() {
            top = top.max(fr.base + fr.proto.max_stack as usize);
        }
        top
    }

    /// Runs at most `budget` instructions. `Ok(Some(results))` when the outermost call returned.
    pub fn run_slice(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        budget: u64,
    ) -> Result<Option<Vec<Value>>, LuaError> {
        if let Some((f, args)) = self.start.take() {
            let n = args.len();
            self.ensure(n + 1 + 64)
                .map_err(|e| self.plain_error(tx, e))?;
            self.thread.stack[0] = f;
            self.thread.stack[1..=n].copy_from_slice(&args);
            if let Err((e, inflight)) = self.call_value(tx, state, 0, n, -1, ReturnTo::Host, None) {
                self.throw(tx, state, e, inflight)?;
            }
        }
        if let Some((floor, ret)) = self.after_collect.take() {
            // The collection a native asked for has run: its continuation goes on.
            if let Err((e, inflight)) = self.deliver(tx, state, floor, Vec::new(), -1, ret) {
                self.throw(tx, state, e, inflight)?;
            }
        } else if tx.finalizers_due() && self.at_safe_point() {
            // An automatic collection queued finalizers: they run now, as if the current
            // instruction called them.
            if let Err((e, inflight)) = self.run_due_finalizers(tx, state) {
                self.throw(tx, state, e, inflight)?;
            }
        }
        self.refresh_hooks(state);
        let mut count = 0u64;
        loop {
            if let Some(results) = self.finished.take() {
                return Ok(Some(results));
            }
            if count >= budget {
                return Ok(None);
            }
            if let Some(left) = state.budget.as_mut() {
                if *left == 0 {
                    return Err(LuaError::Interrupted(
                        "the script exceeded its instruction limit".to_string(),
                    ));
                }
            }
            if self.thread.frames.is_empty() {
                // Nothing left to run but no result: the main function returned to Host already.
                return Ok(Some(Vec::new()));
            }
            let mut limit = match state.budget {
                Some(left) => (budget - count).min(left),
                None => budget - count,
            };
            let mut from = None;
            if self.hook_lc {
                match self.trace(tx, state) {
                    Ok(Some(cap)) => limit = limit.min(cap),
                    Ok(None) => continue,
                    Err((e, inflight)) => {
                        self.throw(tx, state, e, inflight)?;
                        continue;
                    }
                }
                from = self
                    .thread
                    .frames
                    .last()
                    .map(|f| (self.current, self.thread.frames.len(), f.pc.get()));
            }
            let before = count;
            let r = self.execute(tx, state, &mut count, before + limit);
            if let Some(left) = state.budget.as_mut() {
                *left = left.saturating_sub(count - before);
            }
            if let (Some(from), true) = (from, count > before) {
                self.traced_run(state, from, count - before);
            }
            if let Err((e, inflight)) = r {
                self.throw(tx, state, e, inflight)?;
            }
            if state.attention {
                state.attention = false;
                self.sync_hooks(state);
                if state.gc_requested {
                    state.gc_requested = false;
                    self.gc_pending = true;
                    if self.finished.is_none() {
                        return Ok(None);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    fn ensure(&mut self, size: usize) -> Result<(), &'static str> {
        grow_stack(&mut self.thread.stack, size)
    }

    fn plain_error(&self, tx: &mut HeapTransaction<'_>, msg: &str) -> LuaError {
        match tx.intern(msg.as_bytes()) {
            Ok(s) => LuaError::Value(Value::Str(s)),
            Err(e) => LuaError::from_heap(tx, e),
        }
    }

    fn heap_err(tx: &mut HeapTransaction<'_>, e: HeapError) -> Thrown {
        thrown(LuaError::from_heap(tx, e))
    }

    /// A runtime error at the current instruction of the top frame: `chunk:line: msg`.
    fn rt_error(&self, tx: &mut HeapTransaction<'_>, msg: &str) -> Thrown {
        let text = match self.thread.frames.last() {
            Some(f) => format!("{} {msg}", position(&f.proto, f.pc.get().saturating_sub(1))),
            None => msg.to_string(),
        };
        thrown(self.plain_error(tx, &text))
    }

    fn op_type_error(
        &self,
        tx: &mut HeapTransaction<'_>,
        what: &str,
        rk: Option<u32>,
        v: Value,
    ) -> Thrown {
        let name = match (rk, self.thread.frames.last()) {
            (Some(rk), Some(f)) => describe_operand(tx, &f.proto, f.pc.get().saturating_sub(1), rk),
            _ => None,
        };
        let msg = type_error_text(what, name, v.type_name());
        self.rt_error(tx, &msg)
    }

    /// A slot of a thread's stack, wherever that thread's state is kept now.
    fn read_stack_of(
        &self,
        tx: &HeapTransaction<'_>,
        thread: ThreadRef,
        slot: usize,
    ) -> Result<Value, HeapError> {
        if Some(thread) == self.current || (self.current.is_none() && thread == MAIN) {
            return Ok(self.thread.stack.get(slot).copied().unwrap_or(Value::Nil));
        }
        for (t, st) in &self.chain {
            if t.unwrap_or(MAIN) == thread {
                return Ok(st.stack.get(slot).copied().unwrap_or(Value::Nil));
            }
        }
        let t = tx.thread(thread)?;
        Ok(t.state
            .as_ref()
            .and_then(|s| s.stack.get(slot).copied())
            .unwrap_or(Value::Nil))
    }

    fn write_stack_of(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        thread: ThreadRef,
        slot: usize,
        v: Value,
    ) -> Result<(), HeapError> {
        if Some(thread) == self.current || (self.current.is_none() && thread == MAIN) {
            if let Some(s) = self.thread.stack.get_mut(slot) {
                *s = v;
            }
            return Ok(());
        }
        for (t, st) in &mut self.chain {
            if t.unwrap_or(MAIN) == thread {
                if let Some(s) = st.stack.get_mut(slot) {
                    *s = v;
                }
                return Ok(());
            }
        }
        if let Some(st) = tx.thread_mut(thread)?.state.as_mut() {
            if let Some(s) = st.stack.get_mut(slot) {
                *s = v;
            }
        }
        Ok(())
    }

    /// The open upvalue for a stack slot of the running thread (`open`: its list of open
    /// upvalues, sorted by slot), made if needed.
    fn find_upvalue(
        open: &mut Vec<(usize, crate::heap::Handle<Upvalue>)>,
        current: Option<ThreadRef>,
        tx: &mut HeapTransaction<'_>,
        slot: usize,
    ) -> Result<crate::heap::Handle<Upvalue>, HeapError> {
        // The list does not keep its upvalues alive: one whose closures were all collected is
        // gone (its handle no longer validates) and is replaced by a new one.
        let thread = current.unwrap_or(MAIN);
        match open.binary_search_by_key(&slot, |(s, _)| *s) {
            Ok(i) if tx.upvalue(open[i].1).is_ok() => Ok(open[i].1),
            Ok(i) => {
                let h = tx.new_upvalue(Upvalue::Open { thread, slot })?;
                open[i].1 = h;
                Ok(h)
            }
            Err(i) => {
                let h = tx.new_upvalue(Upvalue::Open { thread, slot })?;
                open.insert(i, (slot, h));
                Ok(h)
            }
        }
    }

    /// Closes the open upvalues at or above `level`.
    #[inline(always)]
    fn close_upvalues(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        level: usize,
    ) -> Result<(), HeapError> {
        match self.thread.open_upvalues.last() {
            Some(&(slot, _)) if slot >= level => self.close_upvalues_from(tx, level),
            _ => Ok(()),
        }
    }

    fn close_upvalues_from(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        level: usize,
    ) -> Result<(), HeapError> {
        while let Some(&(slot, h)) = self.thread.open_upvalues.last() {
            if slot < level {
                break;
            }
            self.thread.open_upvalues.pop();
            let v = self.thread.stack.get(slot).copied().unwrap_or(Value::Nil);
            match tx.set_upvalue(h, Upvalue::Closed(v)) {
                // Collected: no closure can see it any more.
                Ok(()) | Err(HeapError::Handle(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------------ calls

    /// Calls the value at `slot` with the `nargs` values above it. Lua functions get a frame;
    /// natives run now. `site` names the callee register for error messages (pc, register).
    #[allow(clippy::too_many_arguments)]
    fn call_value(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        mut slot: usize,
        mut nargs: usize,
        mut wanted: i32,
        mut ret: ReturnTo,
        site: Option<u32>,
    ) -> Flow {
        let hand_back = std::mem::take(&mut self.hand_back);
        loop {
            let f = self.thread.stack[slot];
            let Value::Func(h) = f else {
                // Not a function: try __call.
                let tm = metamethod(tx, state, f, state.names.call)
                    .map_err(|e| Self::heap_err(tx, e))?;
                if !matches!(tm, Value::Func(_)) {
                    let name = match (site, self.thread.frames.last()) {
                        (Some(reg), Some(fr)) if matches!(ret, ReturnTo::Caller) => {
                            object_name(tx, &fr.proto, fr.pc.get().saturating_sub(1), reg)
                        }
                        _ => None,
                    };
                    let msg = type_error_text("call", name, f.type_name());
                    // Calls a native asked for run "in C": their errors have no position.
                    let e = if matches!(ret, ReturnTo::Native(_)) {
                        self.plain_error(tx, &msg)
                    } else {
                        self.rt_error(tx, &msg).0
                    };
                    return Err((e, Some(ret)));
                }
                self.ensure(slot + nargs + 2)
                    .map_err(|e| thrown(self.plain_error(tx, e)))?;
                self.thread
                    .stack
                    .copy_within(slot..slot + 1 + nargs, slot + 1);
                self.thread.stack[slot] = tm;
                nargs += 1;
                continue;
            };
            let func = hx!(tx, tx.function(h));
            match func {
                Function::Lua {
                    proto,
                    env,
                    upvalues,
                } => {
                    let callee = Callee {
                        func: h,
                        proto: Rc::clone(proto),
                        env: *env,
                        upvalues: Rc::clone(upvalues),
                    };
                    return self.push_lua_frame(tx, state, callee, slot, nargs, wanted, ret, 0);
                }
                Function::Native {
                    f, name, upvalues, ..
                } => {
                    let f = *f;
                    let name = *name;
                    let upvalues: smallvec::SmallVec<[Value; 4]> =
                        smallvec::SmallVec::from_slice(upvalues);
                    if self.hook_cr != 0 {
                        let skip = std::mem::take(&mut self.skip_call_hook);
                        if self.hook_cr & HOOK_CALL != 0 && !skip {
                            if let Some(hf) = self.hook_fn(state) {
                                let args = CallArgs::from_slice(
                                    &self.thread.stack[slot + 1..slot + 1 + nargs],
                                );
                                let floor = slot + 1 + nargs;
                                return self.fire_hook(
                                    tx,
                                    state,
                                    hf,
                                    b"call",
                                    None,
                                    AfterHook::CallNative {
                                        func: Value::Func(h),
                                        args,
                                    },
                                    Some((slot, wanted, ret, Value::Func(h))),
                                    floor,
                                );
                            }
                        }
                    }
                    let from_lua = matches!(ret, ReturnTo::Caller)
                        || std::mem::take(&mut self.handler_sees_lua);
                    self.out.clear();
                    let (result, stack_write) = {
                        let ThreadState { stack, frames, .. } = &self.thread;
                        let mut ctx = NativeCtx {
                            tx,
                            state,
                            args: &stack[slot + 1..slot + 1 + nargs],
                            out: &mut self.out,
                            upvalues: &upvalues,
                            coroutine: self.current,
                            frames,
                            from_lua,
                            native_name: name,
                            stack,
                            slot,
                            resumers: &self.chain,
                            stack_write: None,
                        };
                        let r = f(&mut ctx);
                        (r, ctx.stack_write)
                    };
                    if let Some((t, at, v)) = stack_write {
                        hx!(tx, self.write_stack_of(tx, t.unwrap_or(MAIN), at, v));
                    }
                    self.sync_hooks(state);
                    let result = match result {
                        Ok(r) => r,
                        Err(e) => {
                            self.native_error = Some(from_lua);
                            return Err((e, Some(ret)));
                        }
                    };
                    match result {
                        NativeReturn::Return => {
                            // Results for a Lua caller go straight to its registers (unless a
                            // return hook must see them first).
                            if !hand_back
                                && self.hook_cr & HOOK_RET == 0
                                && matches!(ret, ReturnTo::Caller)
                            {
                                let n = self.out.len();
                                let count = if wanted < 0 { n } else { wanted as usize };
                                if let Some(dst) = self.thread.stack.get_mut(slot..slot + count + 1)
                                {
                                    for (i, d) in dst[..count].iter_mut().enumerate() {
                                        *d = self.out.get(i).copied().unwrap_or(Value::Nil);
                                    }
                                    if wanted < 0 {
                                        self.thread.top = slot + n;
                                    }
                                    return Ok(());
                                }
                            }
                            let results = std::mem::take(&mut self.out);
                            let native = (slot, wanted, ret, Value::Func(h));
                            let (results, ret) = match self.native_return_hook(
                                tx,
                                state,
                                results,
                                native,
                                slot + 1 + nargs,
                            ) {
                                Ok(flow) => return flow,
                                Err(unhooked) => unhooked,
                            };
                            if hand_back {
                                self.handed_back = Some((slot, results, wanted, ret));
                                return Ok(());
                            }
                            return self.deliver(tx, state, slot, results, wanted, ret);
                        }
                        NativeReturn::Call { func, args, then } => {
                            let floor = (slot + 1 + nargs).max(self.live_extent());
                            self.place_call(tx, floor, func, &args)?;
                            self.enter_boundary(tx)?;
                            ret = ReturnTo::Native(Box::new(NativeWait::new(
                                then,
                                slot,
                                wanted,
                                ret,
                                floor,
                                name,
                                Value::Func(h),
                            )));
                            slot = floor;
                            nargs = args.len();
                            wanted = -1;
                            continue;
                        }
                        NativeReturn::TailCall { func, args } => {
                            self.place_call(tx, slot, func, &args)?;
                            nargs = args.len();
                            continue;
                        }
                        NativeReturn::Yield => return self.yield_now(tx, state, slot, wanted, ret),
                        NativeReturn::Collect(then) => {
                            let floor = slot + 1 + nargs;
                            let wait = NativeWait::new(
                                then,
                                slot,
                                wanted,
                                ret,
                                floor,
                                name,
                                Value::Func(h),
                            );
                            return self.collect_then(tx, state, wait);
                        }
                        NativeReturn::Resume { thread, args, wrap } => {
                            let position = if from_lua {
                                self.thread
                                    .frames
                                    .last()
                                    .map(|fr| position(&fr.proto, fr.pc.get().saturating_sub(1)))
                                    .unwrap_or_default()
                            } else {
                                String::new()
                            };
                            let pending = Pending {
                                slot,
                                wanted,
                                ret,
                                wrap,
                                position,
                            };
                            return self.resume(tx, state, thread, args, pending);
                        }
                    }
                }
            }
        }
    }

    /// A call asked for by a native continuation (slot, nargs, wanted, destination). When the
    /// callee is a native that returns at once, its results come back to the caller's loop
    /// rather than through a nested `deliver`: long chains of native callbacks (gsub with a
    /// native replacement function) use no Rust stack.
    fn call_from_continuation(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        (slot, nargs, wanted, ret): (usize, usize, i32, ReturnTo),
    ) -> Result<Option<Delivery>, Thrown> {
        self.hand_back = true;
        let r = self.call_value(tx, state, slot, nargs, wanted, ret, None);
        self.hand_back = false;
        r?;
        Ok(self.handed_back.take())
    }

    /// Whether finalizers can be called between the top frame's last instruction and its next:
    /// not when the last one left an open number of results above `top` for the next one.
    fn at_safe_point(&self) -> bool {
        if self.finished.is_some() || self.start.is_some() {
            return false;
        }
        let Some(f) = self.thread.frames.last() else {
            return false;
        };
        if self.thread.boundaries + 2 > MAX_BOUNDARIES {
            return false;
        }
        // Finalizers do not interrupt one another.
        let finalizing = |frames: &[super::Frame]| {
            frames.iter().any(|fr| {
                matches!(&fr.ret, ReturnTo::Native(nw)
                    if matches!(&nw.then, Continuation::Native(k) if k.runs_finalizers()))
            })
        };
        if finalizing(&self.thread.frames)
            || self.chain.iter().any(|(_, st)| finalizing(&st.frames))
        {
            return false;
        }
        match f
            .pc
            .get()
            .checked_sub(1)
            .and_then(|pc| f.proto.code.get(pc))
        {
            Some(&i) => !matches!(
                (op(i), arg_b(i), arg_c(i)),
                (CALL, _, 0) | (TAILCALL, _, _) | (VARARG, 0, _)
            ),
            None => true,
        }
    }

    /// Calls the queued finalizers from the top frame, their results discarded (like a
    /// `__newindex` call's).
    fn run_due_finalizers(&mut self, tx: &mut HeapTransaction<'_>, state: &mut VmState) -> Flow {
        let floor = self.live_extent();
        // Two levels of call: the discarded result's, and the continuation's.
        self.enter_boundary(tx)?;
        self.enter_boundary(tx)?;
        let wait = NativeWait::new(
            super::finalize::run_finalizers(Value::Nil),
            floor,
            0,
            ReturnTo::Meta(MetaDest::Discard),
            floor,
            "__gc",
            Value::Nil,
        );
        self.deliver(
            tx,
            state,
            floor,
            Vec::new(),
            -1,
            ReturnTo::Native(Box::new(wait)),
        )
    }

    /// Ends the slice for a collection; `wait`'s continuation runs first thing in the next one.
    fn collect_then(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        wait: NativeWait,
    ) -> Flow {
        self.enter_boundary(tx)?;
        let floor = wait.floor;
        self.after_collect = Some((floor, ReturnTo::Native(Box::new(wait))));
        state.gc_requested = true;
        state.attention = true;
        Ok(())
    }

    fn enter_boundary(&mut self, tx: &mut HeapTransaction<'_>) -> Flow {
        self.thread.boundaries += 1;
        if self.thread.boundaries > MAX_BOUNDARIES {
            self.thread.boundaries -= 1;
            return Err(thrown(self.plain_error(tx, "C stack overflow")));
        }
        Ok(())
    }

    /// Calls a Lua function with fixed parameters for a native's continuation: its frame is
    /// pushed at `slot`, returning all results to `ret`. `Err(ret)` when the callee needs the
    /// general path (not a Lua function, a vararg one, a stack to grow, a limit reached).
    fn push_lua_callback(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        slot: usize,
        func: Value,
        args: &[Value],
        ret: ReturnTo,
    ) -> Result<(), ReturnTo> {
        let Value::Func(h) = func else {
            return Err(ret);
        };
        let Ok(Function::Lua {
            proto,
            env,
            upvalues,
        }) = tx.function(h)
        else {
            return Err(ret);
        };
        let base = slot + 1;
        let top = base + (proto.max_stack as usize).max(args.len());
        if proto.is_vararg
            || top >= self.thread.stack.len()
            || self.thread.frames.len() >= self.frame_limit
            || self.thread.boundaries >= MAX_BOUNDARIES
        {
            return Err(ret);
        }
        self.thread.boundaries += 1;
        let np = proto.num_params as usize;
        self.thread.stack[slot] = func;
        self.thread.stack[base..base + args.len()].copy_from_slice(args);
        self.thread.stack[base + args.len().min(np)..base + proto.max_stack as usize]
            .fill(Value::Nil);
        self.thread.frames.push(Frame {
            func: h,
            proto: Rc::clone(proto),
            func_slot: slot,
            base,
            pc: std::cell::Cell::new(0),
            wanted: -1,
            ret,
            tail: 0,
            env: *env,
            upvalues: Rc::clone(upvalues),
            nvarargs: 0,
        });
        Ok(())
    }

    fn place_call(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        slot: usize,
        func: Value,
        args: &[Value],
    ) -> Flow {
        self.ensure(slot + 1 + args.len() + 1)
            .map_err(|e| thrown(self.plain_error(tx, e)))?;
        self.thread.stack[slot] = func;
        self.thread.stack[slot + 1..slot + 1 + args.len()].copy_from_slice(args);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn push_lua_frame(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        callee: Callee,
        slot: usize,
        nargs: usize,
        wanted: i32,
        ret: ReturnTo,
        tail: u32,
    ) -> Flow {
        if self.thread.frames.len() >= MAX_FRAMES {
            return Err((self.rt_error(tx, "stack overflow").0, Some(ret)));
        }
        let Callee {
            func,
            proto,
            env,
            upvalues,
        } = callee;
        let np = proto.num_params as usize;
        let max = proto.max_stack as usize;
        let (base, nvarargs) = if proto.is_vararg {
            let base = slot + 1 + nargs;
            if let Err(e) = self.ensure(base + max + 1) {
                return Err((self.rt_error(tx, e).0, Some(ret)));
            }
            for i in 0..np {
                self.thread.stack[base + i] = if i < nargs {
                    self.thread.stack[slot + 1 + i]
                } else {
                    Value::Nil
                };
            }
            if proto.needs_arg {
                let extra = nargs.saturating_sub(np);
                let t = match tx.new_table(extra, 1) {
                    Ok(t) => t,
                    Err(e) => return Err((Self::heap_err(tx, e).0, Some(ret))),
                };
                for j in 0..extra {
                    let v = self.thread.stack[slot + 1 + np + j];
                    if let Err(e) = tx.set(t, Value::Num((j + 1) as f64), v) {
                        return Err((Self::heap_err(tx, e).0, Some(ret)));
                    }
                }
                let n = Value::Str(state_n(tx));
                if let Err(e) = tx.set(t, n, Value::Num(extra as f64)) {
                    return Err((Self::heap_err(tx, e).0, Some(ret)));
                }
                self.thread.stack[base + np] = Value::Table(t);
            }
            (base, nargs.saturating_sub(np))
        } else {
            let base = slot + 1;
            if let Err(e) = self.ensure(base + max + 1) {
                return Err((self.rt_error(tx, e).0, Some(ret)));
            }
            (base, 0)
        };
        let first_nil = if proto.is_vararg {
            base + np + proto.needs_arg as usize
        } else {
            base + nargs.min(np)
        };
        for v in &mut self.thread.stack[first_nil..base + max] {
            *v = Value::Nil;
        }
        self.thread.frames.push(Frame {
            func,
            proto,
            func_slot: slot,
            base,
            pc: std::cell::Cell::new(0),
            wanted,
            ret,
            tail,
            env,
            upvalues,
            nvarargs,
        });
        if self.hook_cr & HOOK_CALL != 0 {
            if let Some(hf) = self.hook_fn(state) {
                return self.fire_hook(tx, state, hf, b"call", None, AfterHook::Resume, None, 0);
            }
        }
        Ok(())
    }

    /// Sends results to where `ret` says, running native continuations in a loop.
    fn deliver(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        mut slot: usize,
        mut results: Vec<Value>,
        mut wanted: i32,
        mut ret: ReturnTo,
    ) -> Flow {
        loop {
            match ret {
                ReturnTo::Caller => {
                    let n = results.len();
                    let count = if wanted < 0 { n } else { wanted as usize };
                    self.ensure(slot + count + 1)
                        .map_err(|e| thrown(self.plain_error(tx, e)))?;
                    for i in 0..count {
                        self.thread.stack[slot + i] = results.get(i).copied().unwrap_or(Value::Nil);
                    }
                    if wanted < 0 {
                        self.thread.top = slot + n;
                    }
                    self.out = results;
                    return Ok(());
                }
                ReturnTo::Meta(dest) => {
                    self.thread.boundaries = self.thread.boundaries.saturating_sub(1);
                    let v = results.first().copied().unwrap_or(Value::Nil);
                    return self.meta_result(tx, state, dest, v);
                }
                ReturnTo::Host => return self.thread_finished(tx, state, results),
                ReturnTo::Native(mut nw) => {
                    // The box is reused when the continuation asks for another call (a sort
                    // comparator, a gsub callback): one allocation per native, not per call.
                    let then = std::mem::replace(&mut nw.then, Continuation::Pcall);
                    let outer = std::mem::replace(&mut nw.outer, ReturnTo::Host);
                    let (result_slot, w, floor, name) =
                        (nw.result_slot, nw.wanted, nw.floor, nw.name);
                    let (native_func, is_hook) = (nw.func, nw.hook != HookWait::No);

                    self.thread.boundaries = self.thread.boundaries.saturating_sub(1);
                    let is_catching = matches!(then, Continuation::Catching(_));
                    match then {
                        Continuation::Pcall | Continuation::Xpcall { .. } => {
                            results.insert(0, Value::Bool(true));
                            let native = (result_slot, w, outer, native_func);
                            (results, ret) =
                                match self.native_return_hook(tx, state, results, native, floor) {
                                    Ok(flow) => return flow,
                                    Err(unhooked) => unhooked,
                                };
                            slot = result_slot;
                            wanted = w;
                        }
                        Continuation::Native(k) | Continuation::Catching(k) => {
                            if is_catching {
                                results.insert(0, Value::Bool(true));
                            }
                            self.out.clear();
                            let r = {
                                let ThreadState { frames, .. } = &self.thread;
                                let mut ctx = NativeCtx {
                                    tx,
                                    state,
                                    args: &[],
                                    out: &mut self.out,
                                    upvalues: &[],
                                    coroutine: self.current,
                                    frames,
                                    from_lua: matches!(outer, ReturnTo::Caller),
                                    native_name: name,
                                    stack: &self.thread.stack,
                                    slot: result_slot,
                                    resumers: &self.chain,
                                    stack_write: None,
                                };
                                k.resume(&mut ctx, &results)
                            };
                            self.sync_hooks(state);
                            match r {
                                Err(e) => {
                                    self.native_error = Some(matches!(outer, ReturnTo::Caller));
                                    return Err((e, Some(outer)));
                                }
                                Ok(NativeReturn::Return) => {
                                    results = std::mem::take(&mut self.out);
                                    ret = outer;
                                    if !is_hook {
                                        let native = (result_slot, w, ret, native_func);
                                        (results, ret) = match self
                                            .native_return_hook(tx, state, results, native, floor)
                                        {
                                            Ok(flow) => return flow,
                                            Err(unhooked) => unhooked,
                                        };
                                    }
                                    slot = result_slot;
                                    wanted = w;
                                }
                                Ok(NativeReturn::Call { func, args, then }) => {
                                    self.spare = results;
                                    nw.then = then;
                                    nw.outer = outer;
                                    let next = ReturnTo::Native(nw);
                                    // A Lua callee (a sort comparator, a gsub function) gets its
                                    // frame straight away.
                                    let next = match self
                                        .push_lua_callback(tx, floor, func, &args, next)
                                    {
                                        Ok(()) => return Ok(()),
                                        Err(next) => next,
                                    };
                                    self.place_call(tx, floor, func, &args)?;
                                    self.enter_boundary(tx)?;
                                    match self.call_from_continuation(
                                        tx,
                                        state,
                                        (floor, args.len(), -1, next),
                                    )? {
                                        Some((s, r, wn, rt)) => {
                                            (slot, results, wanted, ret) = (s, r, wn, rt);
                                        }
                                        None => return Ok(()),
                                    }
                                }
                                Ok(NativeReturn::TailCall { func, args }) => {
                                    self.place_call(tx, result_slot, func, &args)?;
                                    // After a native's call hook: the native itself, unhooked.
                                    self.skip_call_hook = is_hook && self.hook_cr & HOOK_CALL != 0;
                                    match self.call_from_continuation(
                                        tx,
                                        state,
                                        (result_slot, args.len(), w, outer),
                                    )? {
                                        Some((s, r, wn, rt)) => {
                                            (slot, results, wanted, ret) = (s, r, wn, rt);
                                        }
                                        None => return Ok(()),
                                    }
                                }
                                Ok(NativeReturn::Collect(then)) => {
                                    nw.then = then;
                                    nw.outer = outer;
                                    return self.collect_then(tx, state, *nw);
                                }
                                Ok(NativeReturn::Yield) | Ok(NativeReturn::Resume { .. }) => {
                                    let e = self.plain_error(
                                        tx,
                                        "attempt to yield across metamethod/C-call boundary",
                                    );
                                    return Err((e, Some(outer)));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A metamethod returned `v` for the top frame.
    fn meta_result(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        dest: MetaDest,
        v: Value,
    ) -> Flow {
        match dest {
            MetaDest::Slot(s) => {
                if let Some(x) = self.thread.stack.get_mut(s as usize) {
                    *x = v;
                }
                Ok(())
            }
            MetaDest::Discard => Ok(()),
            MetaDest::Cond { expect, negate } => {
                let t = v.truthy() != negate;
                if t != expect {
                    if let Some(f) = self.thread.frames.last_mut() {
                        f.pc.set(f.pc.get() + 1);
                    }
                }
                Ok(())
            }
            MetaDest::Concat { dest, first, slot } => {
                let (dest, first, slot) = (dest as usize, first as usize, slot as usize);
                self.thread.stack[slot] = v;
                self.concat(tx, state, dest, first, slot)
            }
        }
    }

    /// Calls metamethod `f` with `args` for the top frame; its first result goes to `dest`.
    fn call_meta(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        f: Value,
        args: &[Value],
        dest: MetaDest,
    ) -> Flow {
        let slot = self.live_extent();
        self.place_call(tx, slot, f, args)?;
        self.enter_boundary(tx)?;
        self.call_value(tx, state, slot, args.len(), 1, ReturnTo::Meta(dest), None)
    }

    // ------------------------------------------------------------------ coroutines

    fn resume(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        co: ThreadRef,
        args: Vec<Value>,
        pending: Pending,
    ) -> Flow {
        // Each resume nests like a C call in PUC: endless nesting is "C stack overflow".
        if self.chain.len() >= MAX_BOUNDARIES - 2 {
            let msg = Value::Str(hx!(tx, tx.intern(b"C stack overflow")));
            if pending.wrap {
                return Err((LuaError::Value(msg), Some(pending.ret)));
            }
            return self.deliver(
                tx,
                state,
                pending.slot,
                vec![Value::Bool(false), msg],
                pending.wanted,
                pending.ret,
            );
        }
        let co_state = {
            let t = hx!(tx, tx.thread_mut(co));
            t.status = CoStatus::Running;
            t.state.take()
        };
        let Some(co_state) = co_state else {
            let e = self.plain_error(tx, "cannot resume non-suspended coroutine");
            return Err((e, Some(pending.ret)));
        };
        if let Some(cur) = self.current {
            if let Ok(t) = tx.thread_mut(cur) {
                t.status = CoStatus::Normal;
            }
        }
        let mut saved = std::mem::replace(&mut self.thread, *co_state);
        saved.pending = Some(pending);
        self.chain.push((self.current, saved));
        self.current = Some(co);
        self.switched_thread(state);
        if let Some(f) = self.thread.start.take() {
            self.place_call(tx, 0, f, &args)?;
            self.call_value(tx, state, 0, args.len(), -1, ReturnTo::Host, None)
        } else {
            let Some(p) = self.thread.pending.take() else {
                return Err(thrown(self.plain_error(tx, "cannot resume dead coroutine")));
            };
            self.deliver(tx, state, p.slot, args, p.wanted, p.ret)
        }
    }

    fn yield_now(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        slot: usize,
        wanted: i32,
        ret: ReturnTo,
    ) -> Flow {
        if self.current.is_none() {
            // The main thread has C below it, so 5.1 reports the boundary.
            let e = self.plain_error(tx, "attempt to yield across metamethod/C-call boundary");
            return Err((e, Some(ret)));
        }
        if self.thread.boundaries > 0 || !matches!(ret, ReturnTo::Caller) {
            let e = self.plain_error(tx, "attempt to yield across metamethod/C-call boundary");
            return Err((e, Some(ret)));
        }
        let values = std::mem::take(&mut self.out);
        self.thread.pending = Some(Pending {
            slot,
            wanted,
            ret,
            wrap: false,
            position: String::new(),
        });
        self.switch_back(tx, state, CoStatus::Suspended, Ok(values))
    }

    /// The running coroutine stops (yields, returns or fails); its resumer gets the outcome.
    fn switch_back(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        status: CoStatus,
        outcome: Result<Vec<Value>, Value>,
    ) -> Flow {
        let Some((prev_id, prev_state)) = self.chain.pop() else {
            return Err(thrown(self.plain_error(tx, "internal error: no resumer")));
        };
        let co = self.current.unwrap_or(MAIN);
        let mut co_state = std::mem::replace(&mut self.thread, prev_state);
        if status == CoStatus::Dead {
            co_state = ThreadState::default();
        }
        if let Ok(t) = tx.thread_mut(co) {
            t.state = if status == CoStatus::Dead {
                None
            } else {
                Some(Box::new(co_state))
            };
            t.status = status;
        }
        self.current = prev_id;
        self.switched_thread(state);
        if let Some(p) = prev_id {
            if let Ok(t) = tx.thread_mut(p) {
                t.status = CoStatus::Running;
            }
        }
        let Some(p) = self.thread.pending.take() else {
            return Err(thrown(self.plain_error(tx, "internal error: resume lost")));
        };
        match outcome {
            Ok(mut values) => {
                if !p.wrap {
                    values.insert(0, Value::Bool(true));
                }
                self.deliver(tx, state, p.slot, values, p.wanted, p.ret)
            }
            Err(err) => {
                if p.wrap {
                    // The error is raised by the wrapped function, a native, in the resumer.
                    self.native_error = Some(matches!(p.ret, ReturnTo::Caller));
                    let err = match err {
                        Value::Str(s) if !p.position.is_empty() => {
                            let mut text = p.position.clone().into_bytes();
                            text.push(b' ');
                            text.extend_from_slice(tx.str_bytes(s).unwrap_or(b""));
                            match tx.intern(&text) {
                                Ok(s) => Value::Str(s),
                                Err(e) => return Err(Self::heap_err(tx, e)),
                            }
                        }
                        other => other,
                    };
                    Err((LuaError::Value(err), Some(p.ret)))
                } else {
                    self.deliver(
                        tx,
                        state,
                        p.slot,
                        vec![Value::Bool(false), err],
                        p.wanted,
                        p.ret,
                    )
                }
            }
        }
    }

    fn thread_finished(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        results: Vec<Value>,
    ) -> Flow {
        if self.current.is_none() {
            self.finished = Some(results);
            return Ok(());
        }
        self.switch_back(tx, state, CoStatus::Dead, Ok(results))
    }

    // ------------------------------------------------------------------ errors

    /// Unwinds to the nearest catcher. `Err` when the error escapes the executor.
    fn throw(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        mut err: LuaError,
        mut inflight: Option<ReturnTo>,
    ) -> Result<(), LuaError> {
        // The frames an error leaves are not traced again.
        self.traced = None;
        self.skip_call_hook = false;
        'outer: loop {
            let (errv, handled) = match err {
                LuaError::Value(v) => (v, false),
                LuaError::Handled(v) => (v, true),
                LuaError::Interrupted(_) => return Err(err),
            };
            if !handled {
                if let Some(handler) = self.nearest_xpcall_handler(&inflight) {
                    // 5.1 runs the handler where the error happened, with the stack intact
                    // (so `debug.traceback` shows it); its result then unwinds to the xpcall.
                    let floor = self.live_extent();
                    let ret = ReturnTo::Native(Box::new(NativeWait::new(
                        Continuation::Catching(Box::new(XpcallHandled)),
                        floor,
                        1,
                        inflight.take().unwrap_or(ReturnTo::Caller),
                        floor,
                        "xpcall",
                        Value::Nil,
                    )));
                    self.thread.boundaries += 1;
                    self.handler_sees_lua = self.native_error.is_none();
                    let flow = self
                        .place_call(tx, floor, handler, &[errv])
                        .and_then(|()| self.call_value(tx, state, floor, 1, 1, ret, None));
                    self.handler_sees_lua = false;
                    match flow {
                        Ok(()) => return Ok(()),
                        Err((e, inf)) => {
                            err = e;
                            inflight = inf;
                            continue 'outer;
                        }
                    }
                }
            }
            if self.current.is_none() && self.traceback.is_none() && !self.has_catcher(&inflight) {
                self.traceback = Some(self.traceback_lines(tx));
            } else if let Some(co) = self.current {
                // The error kills this coroutine: keep its stack's traceback for
                // `debug.traceback(co)` (without the host's line).
                if !self.has_catcher(&inflight)
                    && tx.thread(co).is_ok_and(|t| t.error_traceback.is_none())
                {
                    let mut lines = self.traceback_lines(tx);
                    lines.pop();
                    if let Ok(t) = tx.thread_mut(co) {
                        t.error_traceback = Some(lines);
                    }
                }
            }
            let mut chain = inflight.take();
            loop {
                while let Some(r) = chain.take() {
                    match r {
                        ReturnTo::Native(nw) => {
                            let NativeWait {
                                then,
                                result_slot,
                                wanted,
                                outer,
                                floor,
                                name,
                                func,
                                hook,
                            } = *nw;

                            self.thread.boundaries = self.thread.boundaries.saturating_sub(1);
                            if let Continuation::Native(k) = &then {
                                k.unwound(state);
                                chain = Some(outer);
                            } else {
                                let flow = match then {
                                    Continuation::Xpcall { handler } if !handled => {
                                        let k: Box<dyn NativeContinuation> = Box::new(XpcallResult);
                                        let ret = ReturnTo::Native(Box::new(NativeWait {
                                            hook,
                                            ..NativeWait::new(
                                                Continuation::Catching(k),
                                                result_slot,
                                                wanted,
                                                outer,
                                                floor,
                                                name,
                                                func,
                                            )
                                        }));
                                        self.thread.boundaries += 1;
                                        self.place_call(tx, floor, handler, &[errv]).and_then(
                                            |()| self.call_value(tx, state, floor, 1, 1, ret, None),
                                        )
                                    }
                                    Continuation::Catching(k) => {
                                        self.thread.boundaries += 1;
                                        let ret = ReturnTo::Native(Box::new(NativeWait {
                                            hook,
                                            ..NativeWait::new(
                                                Continuation::Native(k),
                                                result_slot,
                                                wanted,
                                                outer,
                                                floor,
                                                name,
                                                func,
                                            )
                                        }));
                                        let results = vec![Value::Bool(false), errv];
                                        self.deliver(tx, state, result_slot, results, wanted, ret)
                                    }
                                    // pcall, or an xpcall whose handler has already run.
                                    _ => {
                                        let results = vec![Value::Bool(false), errv];
                                        self.deliver(tx, state, result_slot, results, wanted, outer)
                                    }
                                };
                                match flow {
                                    Ok(()) => return Ok(()),
                                    Err((e, inf)) => {
                                        err = e;
                                        inflight = inf;
                                        continue 'outer;
                                    }
                                }
                            }
                        }
                        ReturnTo::Meta(_) => {
                            self.thread.boundaries = self.thread.boundaries.saturating_sub(1);
                        }
                        ReturnTo::Caller => {}
                        ReturnTo::Host => {
                            // The bottom of this thread.
                            if self.current.is_none() {
                                self.thread.frames.clear();
                                return Err(LuaError::Value(errv));
                            }
                            let flow = self.switch_back(tx, state, CoStatus::Dead, Err(errv));
                            match flow {
                                Ok(()) => return Ok(()),
                                Err((e, inf)) => {
                                    err = e;
                                    inflight = inf;
                                    continue 'outer;
                                }
                            }
                        }
                    }
                }
                let Some(frame) = self.thread.frames.pop() else {
                    if self.current.is_none() {
                        return Err(LuaError::Value(errv));
                    }
                    let flow = self.switch_back(tx, state, CoStatus::Dead, Err(errv));
                    match flow {
                        Ok(()) => return Ok(()),
                        Err((e, inf)) => {
                            err = e;
                            inflight = inf;
                            continue 'outer;
                        }
                    }
                };
                if let Err(e) = self.close_upvalues(tx, frame.base) {
                    return Err(LuaError::from_heap(tx, e));
                }
                chain = Some(frame.ret);
            }
        }
    }

    /// The handler of the nearest catcher, when that catcher is an `xpcall`.
    fn nearest_xpcall_handler(&self, inflight: &Option<ReturnTo>) -> Option<Value> {
        // Some(Some(h)): an xpcall; Some(None): another catcher or the thread's bottom.
        fn scan(r: &ReturnTo) -> Option<Option<Value>> {
            let mut cur = r;
            loop {
                match cur {
                    ReturnTo::Native(nw) => match &nw.then {
                        Continuation::Xpcall { handler } => return Some(Some(*handler)),
                        Continuation::Pcall | Continuation::Catching(_) => return Some(None),
                        Continuation::Native(_) => cur = &nw.outer,
                    },
                    ReturnTo::Host => return Some(None),
                    ReturnTo::Caller | ReturnTo::Meta(_) => return None,
                }
            }
        }
        if let Some(found) = inflight.as_ref().and_then(scan) {
            return found;
        }
        for f in self.thread.frames.iter().rev() {
            if let Some(found) = scan(&f.ret) {
                return found;
            }
        }
        None
    }

    fn has_catcher(&self, inflight: &Option<ReturnTo>) -> bool {
        fn catches(r: &ReturnTo) -> bool {
            match r {
                ReturnTo::Native(nw) => {
                    let NativeWait { then, outer, .. } = &**nw;
                    matches!(
                        then,
                        Continuation::Pcall
                            | Continuation::Xpcall { .. }
                            | Continuation::Catching(_)
                    ) || catches(outer)
                }
                _ => false,
            }
        }
        inflight.as_ref().is_some_and(catches) || self.thread.frames.iter().any(|f| catches(&f.ret))
    }

    /// `stack traceback:` lines for the current stack, as lua5.1's standalone interpreter prints
    /// them (without the header), ending with the host's `[C]: ?`.
    fn traceback_lines(&self, tx: &HeapTransaction<'_>) -> Vec<String> {
        let frames = &self.thread.frames;
        let mut lines = Vec::new();
        if let Some(from_lua) = self.native_error {
            let caller = if from_lua {
                frames.len().checked_sub(1)
            } else {
                None
            };
            lines.push(super::debug::traceback_line(
                tx,
                frames,
                super::debug::Level::C(caller, Value::Nil),
            ));
        }
        for level in super::debug::levels(frames, true) {
            lines.push(super::debug::traceback_line(tx, frames, level));
        }
        lines.push("\t[C]: ?".to_string());
        super::debug::truncate_traceback(lines)
    }

    // ------------------------------------------------------------------ the loop

    /// Runs instructions of the top frame until it calls, returns, or the budget is spent.
    fn execute(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        count: &mut u64,
        limit: u64,
    ) -> Flow {
        self.native_error = None;
        let mut n = *count;
        // Each pass of this loop runs the top frame; calls and returns between Lua functions
        // switch frames here without leaving the function.
        'frame: loop {
            if self.finished.is_some() || self.thread.frames.is_empty() || state.attention {
                *count = n;
                return Ok(());
            }
            if state.env_changes != self.env_seen {
                // `setfenv` ran: frames reread their functions' environments.
                self.env_seen = state.env_changes;
                for f in &mut self.thread.frames {
                    if let Ok(Function::Lua { env, .. }) = tx.function(f.func) {
                        f.env = *env;
                    }
                }
            }
            let mut fi = self.thread.frames.len() - 1;
            // The code, constants and upvalues are borrowed from the frame (no reference count
            // changes hands). Arms that need `self` mutably leave through `continue 'frame` or
            // `return`, after which nothing borrowed here is used again.
            let frame = &self.thread.frames[fi];
            let (mut base, mut pc, mut env) = (frame.base, frame.pc.get(), frame.env);
            let mut proto: &ProtoData = &frame.proto;
            let mut upvals: &[crate::heap::Handle<Upvalue>] = &frame.upvalues;
            let mut code: &[u32] = &proto.code;
            let mut k: &[Value] = &proto.constants;

            // Switches to the top frame without leaving the loop: a Lua call or a return to a
            // Lua caller (neither allocates, runs natives or changes environments, which are
            // what the checks at the top of `'frame` are for).
            macro_rules! enter_top_frame {
                () => {{
                    fi = self.thread.frames.len() - 1;
                    let frame = &self.thread.frames[fi];
                    (base, pc, env) = (frame.base, frame.pc.get(), frame.env);
                    proto = &frame.proto;
                    upvals = &frame.upvalues;
                    code = &proto.code;
                    k = &proto.constants;
                }};
            }

            // Registers through the thread's stack Vec (for arms that also call methods on self).
            macro_rules! reg {
                ($r:expr) => {
                    self.thread.stack[base + ($r) as usize]
                };
            }
            // Registers through a slice taken for one instruction: the hot arms use it, so the
            // compiler keeps the stack's address in a register.
            macro_rules! r {
                ($st:ident, $r:expr) => {
                    $st[base + ($r) as usize]
                };
            }
            macro_rules! rk {
                ($x:expr) => {{
                    let x = $x;
                    if x >= RK_CONSTANT {
                        k[(x - RK_CONSTANT) as usize]
                    } else {
                        self.thread.stack[base + x as usize]
                    }
                }};
            }
            macro_rules! save_pc {
                () => {{
                    self.thread.frames[fi].pc.set(pc);
                    *count = n;
                }};
            }
            macro_rules! heap {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => {
                            save_pc!();
                            return Err(Self::heap_err(tx, e));
                        }
                    }
                };
            }

            loop {
                if n >= limit {
                    save_pc!();
                    return Ok(());
                }
                n += 1;
                let i = code[pc];
                pc += 1;
                let a = arg_a(i);
                match op(i) {
                    MOVE => {
                        let st = &mut self.thread.stack[..];
                        copy_register(st, base + arg_b(i) as usize, base + a as usize);
                    }
                    LOADK => {
                        let st = &mut self.thread.stack[..];
                        r!(st, a) = k[arg_bx(i) as usize];
                    }
                    LOADBOOL => {
                        let st = &mut self.thread.stack[..];
                        r!(st, a) = Value::Bool(arg_b(i) != 0);
                        if arg_c(i) != 0 {
                            pc += 1;
                        }
                    }
                    LOADNIL => {
                        let st = &mut self.thread.stack[..];
                        for r in a..=arg_b(i) {
                            r!(st, r) = Value::Nil;
                        }
                    }
                    GETUPVAL => {
                        let h = upvals.get(arg_b(i) as usize).copied();
                        let v = match h.map(|h| tx.upvalue(h)) {
                            Some(Ok(Upvalue::Closed(v))) => v,
                            Some(Ok(Upvalue::Open { thread, slot }))
                                if thread == self.current.unwrap_or(MAIN) =>
                            {
                                self.thread.stack.get(slot).copied().unwrap_or(Value::Nil)
                            }
                            Some(Ok(Upvalue::Open { thread, slot })) => {
                                heap!(self.read_stack_of(tx, thread, slot))
                            }
                            Some(Err(e)) => heap!(Err(e)),
                            None => Value::Nil,
                        };
                        reg!(a) = v;
                    }
                    GETGLOBAL => {
                        let key = k[arg_bx(i) as usize];
                        let t = heap!(tx.table(env));
                        let v = t.get(&key);
                        if !v.is_nil() || t.metatable.is_none() {
                            reg!(a) = v;
                        } else {
                            save_pc!();
                            let dest = base + a as usize;
                            match self.index(
                                tx,
                                state,
                                Value::Table(env),
                                key,
                                MetaDest::Slot(dest as u32),
                                None,
                            )? {
                                Some(v) => reg!(a) = v,
                                None => return Ok(()),
                            }
                            continue 'frame;
                        }
                    }
                    // SELF is GETTABLE that also keeps the object in R(A+1) for the call.
                    GETTABLE | SELF => {
                        let obj = reg!(arg_b(i));
                        let key = rk!(arg_c(i));
                        if op(i) == SELF {
                            reg!(a + 1) = obj;
                        }
                        if let Value::Table(t) = obj {
                            let t = heap!(tx.table(t));
                            let v = t.get(&key);
                            if !v.is_nil() || t.metatable.is_none() {
                                reg!(a) = v;
                                continue;
                            }
                        }
                        // Methods of objects and strings: `__index` tables followed here.
                        if let Some(v) = index_through_tables(tx, state, obj, key) {
                            reg!(a) = v;
                            continue;
                        }
                        save_pc!();
                        let dest = base + a as usize;
                        match self.index(
                            tx,
                            state,
                            obj,
                            key,
                            MetaDest::Slot(dest as u32),
                            Some(arg_b(i)),
                        )? {
                            Some(v) => reg!(a) = v,
                            None => return Ok(()),
                        }
                        continue 'frame;
                    }
                    SETGLOBAL => {
                        let key = k[arg_bx(i) as usize];
                        let v = reg!(a);
                        save_pc!();
                        self.newindex(tx, state, Value::Table(env), key, v, None)?;
                        continue 'frame;
                    }
                    SETUPVAL => {
                        let v = reg!(a);
                        let h = upvals.get(arg_b(i) as usize).copied();
                        if let Some(h) = h {
                            match heap!(tx.upvalue(h)) {
                                Upvalue::Open { thread, slot }
                                    if thread == self.current.unwrap_or(MAIN) =>
                                {
                                    if let Some(s) = self.thread.stack.get_mut(slot) {
                                        *s = v;
                                    }
                                }
                                Upvalue::Open { thread, slot } => {
                                    save_pc!();
                                    heap!(self.write_stack_of(tx, thread, slot, v));
                                    continue 'frame;
                                }
                                Upvalue::Closed(_) => heap!(tx.set_upvalue(h, Upvalue::Closed(v))),
                            }
                        }
                    }
                    SETTABLE => {
                        let obj = reg!(a);
                        let key = rk!(arg_b(i));
                        let v = rk!(arg_c(i));
                        if let Value::Table(t) = obj {
                            match tx.set_unless_meta(t, key, v) {
                                Ok(true) => continue,
                                Ok(false) => {}
                                Err(HeapError::Table(e)) => {
                                    save_pc!();
                                    return Err(self.rt_error(tx, e.message()));
                                }
                                Err(e) => {
                                    save_pc!();
                                    return Err(Self::heap_err(tx, e));
                                }
                            }
                        }
                        save_pc!();
                        self.newindex(tx, state, obj, key, v, Some(a))?;
                        continue 'frame;
                    }
                    NEWTABLE => {
                        let t = heap!(tx.new_table(fb_to_int(arg_b(i)), fb_to_int(arg_c(i))));
                        reg!(a) = Value::Table(t);
                    }
                    ADD | SUB | MUL | DIV | MOD | POW => {
                        let st = &mut self.thread.stack[..];
                        let (b, c) = (arg_b(i), arg_c(i));
                        let xp: &Value = if b >= RK_CONSTANT {
                            &k[(b - RK_CONSTANT) as usize]
                        } else {
                            &st[base + b as usize]
                        };
                        let yp: &Value = if c >= RK_CONSTANT {
                            &k[(c - RK_CONSTANT) as usize]
                        } else {
                            &st[base + c as usize]
                        };
                        if let (&Value::Num(p), &Value::Num(q)) = (xp, yp) {
                            let r = match op(i) {
                                ADD => p + q,
                                SUB => p - q,
                                MUL => p * q,
                                DIV => p / q,
                                MOD => p - crate::number::floor(p / q) * q,
                                _ => p.powf(q),
                            };
                            r!(st, a) = Value::Num(r);
                            continue;
                        }
                        let (x, y) = (*xp, *yp);
                        let which = match op(i) {
                            ADD => Arith::Add,
                            SUB => Arith::Sub,
                            MUL => Arith::Mul,
                            DIV => Arith::Div,
                            MOD => Arith::Mod,
                            _ => Arith::Pow,
                        };
                        save_pc!();
                        let dest = base + a as usize;
                        match self.arith(tx, state, which, x, y, dest, arg_b(i), arg_c(i))? {
                            Some(v) => reg!(a) = v,
                            None => return Ok(()),
                        }
                        continue 'frame;
                    }
                    UNM => {
                        let x = reg!(arg_b(i));
                        if let Value::Num(n) = x {
                            reg!(a) = Value::Num(-n);
                            continue;
                        }
                        save_pc!();
                        let dest = base + a as usize;
                        match self.arith(tx, state, Arith::Unm, x, x, dest, arg_b(i), arg_b(i))? {
                            Some(v) => reg!(a) = v,
                            None => return Ok(()),
                        }
                        continue 'frame;
                    }
                    NOT => {
                        let st = &mut self.thread.stack[..];
                        r!(st, a) = Value::Bool(!r!(st, arg_b(i)).truthy());
                    }
                    LEN => {
                        let x = reg!(arg_b(i));
                        match x {
                            Value::Table(t) => reg!(a) = Value::Num(heap!(tx.border(t)) as f64),
                            Value::Str(s) => {
                                reg!(a) = Value::Num(heap!(tx.str_bytes(s)).len() as f64)
                            }
                            _ => {
                                save_pc!();
                                let tm = heap!(metamethod(tx, state, x, state.names.len));
                                if tm.is_nil() {
                                    return Err(self.op_type_error(
                                        tx,
                                        "get length of",
                                        Some(arg_b(i)),
                                        x,
                                    ));
                                }
                                self.call_meta(
                                    tx,
                                    state,
                                    tm,
                                    &[x],
                                    MetaDest::Slot((base + a as usize) as u32),
                                )?;
                                continue 'frame;
                            }
                        }
                    }
                    CONCAT => {
                        save_pc!();
                        let (b, c) = (base + arg_b(i) as usize, base + arg_c(i) as usize);
                        self.concat(tx, state, base + a as usize, b, c)?;
                        continue 'frame;
                    }
                    JMP => {
                        pc = (pc as i64 + arg_sbx(i) as i64) as usize;
                    }
                    EQ => {
                        let (x, y) = (rk!(arg_b(i)), rk!(arg_c(i)));
                        let eq = if x == y {
                            Some(true)
                        } else if !same_type(x, y) {
                            Some(false)
                        } else {
                            match (x, y) {
                                (Value::Table(_), Value::Table(_))
                                | (Value::UserData(_), Value::UserData(_)) => {
                                    let tm = heap!(self.eq_metamethod(tx, state, x, y));
                                    if tm.is_nil() {
                                        Some(false)
                                    } else {
                                        save_pc!();
                                        self.call_meta(
                                            tx,
                                            state,
                                            tm,
                                            &[x, y],
                                            MetaDest::Cond {
                                                expect: a != 0,
                                                negate: false,
                                            },
                                        )?;
                                        continue 'frame;
                                    }
                                }
                                _ => Some(false),
                            }
                        };
                        if eq != Some(a != 0) {
                            pc += 1;
                        }
                    }
                    LT | LE => {
                        let (x, y) = (rk!(arg_b(i)), rk!(arg_c(i)));
                        let prim = if op(i) == LT {
                            less_than_prim(tx, x, y)
                        } else {
                            less_equal_prim(tx, x, y)
                        };
                        match prim {
                            Some(r) => {
                                if r != (a != 0) {
                                    pc += 1;
                                }
                            }
                            None => {
                                save_pc!();
                                self.compare_meta(tx, state, op(i) == LT, x, y, a != 0)?;
                                continue 'frame;
                            }
                        }
                    }
                    TEST => {
                        let st = &mut self.thread.stack[..];
                        if r!(st, a).truthy() != (arg_c(i) != 0) {
                            pc += 1;
                        }
                    }
                    TESTSET => {
                        let st = &mut self.thread.stack[..];
                        let v = r!(st, arg_b(i));
                        if v.truthy() != (arg_c(i) != 0) {
                            pc += 1;
                        } else {
                            r!(st, a) = v;
                        }
                    }
                    CALL => {
                        let b = arg_b(i);
                        let slot = base + a as usize;
                        let nargs = if b == 0 {
                            self.thread.top - slot - 1
                        } else {
                            b as usize - 1
                        };
                        let wanted = arg_c(i) as i32 - 1;
                        save_pc!();
                        // The common case inline: a Lua function with fixed parameters whose
                        // registers fit in the stack as it is.
                        if let Value::Func(h) = self.thread.stack[slot] {
                            if let Ok(Function::Lua {
                                proto: p,
                                env: e,
                                upvalues: u,
                            }) = tx.function(h)
                            {
                                let new_base = slot + 1;
                                let top = new_base + p.max_stack as usize;
                                if !p.is_vararg
                                    && top < self.thread.stack.len()
                                    && self.thread.frames.len() < self.frame_limit
                                {
                                    let first_nil = new_base + nargs.min(p.num_params as usize);
                                    self.thread.stack[first_nil..top].fill(Value::Nil);
                                    self.thread.frames.push(Frame {
                                        func: h,
                                        proto: Rc::clone(p),
                                        func_slot: slot,
                                        base: new_base,
                                        pc: std::cell::Cell::new(0),
                                        wanted,
                                        ret: ReturnTo::Caller,
                                        tail: 0,
                                        env: *e,
                                        upvalues: Rc::clone(u),
                                        nvarargs: 0,
                                    });
                                    enter_top_frame!();
                                    continue;
                                }
                            }
                        }
                        self.call_value(tx, state, slot, nargs, wanted, ReturnTo::Caller, Some(a))?;
                        continue 'frame;
                    }
                    TAILCALL => {
                        let b = arg_b(i);
                        let slot = base + a as usize;
                        let nargs = if b == 0 {
                            self.thread.top - slot - 1
                        } else {
                            b as usize - 1
                        };
                        save_pc!();
                        let callee = self.thread.stack[slot];
                        let lua = match callee {
                            Value::Func(h) => match heap!(tx.function(h)) {
                                Function::Lua {
                                    proto,
                                    env,
                                    upvalues,
                                } => Some(Callee {
                                    func: h,
                                    proto: Rc::clone(proto),
                                    env: *env,
                                    upvalues: Rc::clone(upvalues),
                                }),
                                _ => None,
                            },
                            _ => None,
                        };
                        match lua {
                            Some(callee) => {
                                heap!(self.close_upvalues(tx, base));
                                let frame = self.thread.frames.pop().expect("the running frame");
                                let dst = frame.func_slot;
                                self.thread.stack.copy_within(slot..slot + 1 + nargs, dst);
                                self.push_lua_frame(
                                    tx,
                                    state,
                                    callee,
                                    dst,
                                    nargs,
                                    frame.wanted,
                                    frame.ret,
                                    frame.tail + 1,
                                )?;
                                continue 'frame;
                            }
                            None => {
                                // A native (or __call): an ordinary call; the RETURN after it returns
                                // what it returned.
                                self.call_value(
                                    tx,
                                    state,
                                    slot,
                                    nargs,
                                    -1,
                                    ReturnTo::Caller,
                                    Some(a),
                                )?;
                                continue 'frame;
                            }
                        }
                    }
                    RETURN => {
                        let b = arg_b(i);
                        let first = base + a as usize;
                        let n = if b == 0 {
                            self.thread.top - first
                        } else {
                            b as usize - 1
                        };
                        save_pc!();
                        heap!(self.close_upvalues(tx, base));
                        let (dst, wanted, to_caller) = {
                            let fr = &self.thread.frames[fi];
                            (fr.func_slot, fr.wanted, matches!(fr.ret, ReturnTo::Caller))
                        };
                        if to_caller {
                            // Dropped in place: the frame is not copied out first.
                            self.thread.frames.truncate(fi);
                            match n {
                                0 => {}
                                1 => self.thread.stack[dst] = self.thread.stack[first],
                                _ => self.thread.stack.copy_within(first..first + n, dst),
                            }
                            if wanted < 0 {
                                self.thread.top = dst + n;
                            } else {
                                for v in &mut self.thread.stack
                                    [dst + n.min(wanted as usize)..dst + wanted as usize]
                                {
                                    *v = Value::Nil;
                                }
                            }
                            enter_top_frame!();
                            continue;
                        }
                        let frame = self.thread.frames.pop().expect("the running frame");
                        let mut results = std::mem::take(&mut self.spare);
                        results.clear();
                        results.extend_from_slice(&self.thread.stack[first..first + n]);
                        // Delivering may run a native continuation that calls Lua again (a sort
                        // comparator): the loop goes on with whatever frame is on top then.
                        self.deliver(tx, state, frame.func_slot, results, frame.wanted, frame.ret)?;
                        continue 'frame;
                    }
                    FORLOOP => {
                        let ra = base + a as usize;
                        // The three control registers hold numbers (FORPREP checked them and no
                        // Lua code can reach them): only their payloads are rewritten.
                        if let Some([Value::Num(idx), Value::Num(lim), Value::Num(step), var]) =
                            self.thread.stack.get_mut(ra..ra + 4)
                        {
                            let next = *idx + *step;
                            let go_on = if *step > 0.0 {
                                next <= *lim
                            } else {
                                *lim <= next
                            };
                            if go_on {
                                pc = (pc as i64 + arg_sbx(i) as i64) as usize;
                                *idx = next;
                                match var {
                                    Value::Num(x) => *x = next,
                                    other => *other = Value::Num(next),
                                }
                            }
                        }
                    }
                    FORPREP => {
                        let init = to_number(tx, reg!(a));
                        let lim = to_number(tx, reg!(a + 1));
                        let step = to_number(tx, reg!(a + 2));
                        save_pc!();
                        let Some(init) = init else {
                            return Err(self.rt_error(tx, "'for' initial value must be a number"));
                        };
                        let Some(lim) = lim else {
                            return Err(self.rt_error(tx, "'for' limit must be a number"));
                        };
                        let Some(step) = step else {
                            return Err(self.rt_error(tx, "'for' step must be a number"));
                        };
                        reg!(a) = Value::Num(init - step);
                        reg!(a + 1) = Value::Num(lim);
                        reg!(a + 2) = Value::Num(step);
                        pc = (pc as i64 + arg_sbx(i) as i64) as usize;
                    }
                    TFORCALL => {
                        let slot = base + a as usize + 3;
                        self.thread.stack[slot] = reg!(a);
                        self.thread.stack[slot + 1] = reg!(a + 1);
                        self.thread.stack[slot + 2] = reg!(a + 2);
                        save_pc!();
                        self.call_value(
                            tx,
                            state,
                            slot,
                            2,
                            arg_c(i) as i32,
                            ReturnTo::Caller,
                            None,
                        )?;
                        continue 'frame;
                    }
                    TFORLOOP => {
                        let v = reg!(a + 1);
                        if !v.is_nil() {
                            reg!(a) = v;
                            pc = (pc as i64 + arg_sbx(i) as i64) as usize;
                        }
                    }
                    SETLIST => {
                        let b = arg_b(i);
                        let mut c = arg_c(i);
                        if c == 0 {
                            c = code[pc];
                            pc += 1;
                        }
                        let first = base + a as usize;
                        let n = if b == 0 {
                            self.thread.top - first - 1
                        } else {
                            b as usize
                        };
                        let Value::Table(t) = reg!(a) else {
                            save_pc!();
                            return Err(self.rt_error(tx, "internal error: SETLIST on a non-table"));
                        };
                        let offset = (c as usize - 1) * FIELDS_PER_FLUSH as usize;
                        let last = offset + n;
                        if last > heap!(tx.table(t)).array_len() {
                            heap!(tx.resize_array(t, last));
                        }
                        for j in 1..=n {
                            let v = self.thread.stack[first + j];
                            heap!(tx.set(t, Value::Num((offset + j) as f64), v));
                        }
                    }
                    CLOSE => {
                        let level = base + a as usize;
                        if matches!(self.thread.open_upvalues.last(), Some(&(slot, _)) if slot >= level)
                        {
                            save_pc!();
                            heap!(self.close_upvalues_from(tx, level));
                            continue 'frame;
                        }
                    }
                    CLOSURE => {
                        let p = Rc::clone(&proto.protos[arg_bx(i) as usize]);
                        let mut ups: smallvec::SmallVec<[crate::heap::Handle<Upvalue>; 8]> =
                            smallvec::SmallVec::with_capacity(p.upvalues.len());
                        for src in &p.upvalues {
                            match *src {
                                crate::object::UpvalSource::Local(r) => {
                                    ups.push(heap!(Self::find_upvalue(
                                        &mut self.thread.open_upvalues,
                                        self.current,
                                        tx,
                                        base + r as usize
                                    )));
                                }
                                crate::object::UpvalSource::Upvalue(u) => {
                                    match upvals.get(u as usize).copied() {
                                        Some(h) => ups.push(h),
                                        None => {
                                            save_pc!();
                                            return Err(
                                                self.rt_error(tx, "internal error: bad upvalue")
                                            );
                                        }
                                    }
                                }
                            }
                        }
                        let f = heap!(super::make_closure(tx, p, &ups, env));
                        reg!(a) = Value::Func(f);
                    }
                    VARARG => {
                        let nvar = self.thread.frames[fi].nvarargs;
                        let from = base - nvar;
                        let b = arg_b(i);
                        let dst = base + a as usize;
                        if b == 0 {
                            if let Err(e) = grow_stack(&mut self.thread.stack, dst + nvar + 1) {
                                save_pc!();
                                return Err(self.rt_error(tx, e));
                            }
                            self.thread.stack.copy_within(from..from + nvar, dst);
                            self.thread.top = dst + nvar;
                        } else {
                            let want = b as usize - 1;
                            for j in 0..want {
                                self.thread.stack[dst + j] = if j < nvar {
                                    self.thread.stack[from + j]
                                } else {
                                    Value::Nil
                                };
                            }
                        }
                    }
                    _ => {
                        save_pc!();
                        return Err(self.rt_error(tx, "internal error: invalid opcode"));
                    }
                }
            }
        }
    }

    /// `obj[key]` with `__index`: `Some(v)` now, or `None` when a metamethod call was started
    /// whose result goes to `dest`.
    fn index(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        mut obj: Value,
        key: Value,
        dest: MetaDest,
        operand: Option<u32>,
    ) -> Result<Option<Value>, Thrown> {
        for depth in 0..MAX_TAG_LOOP {
            let tm = if let Value::Table(t) = obj {
                let table = hx!(tx, tx.table(t));
                let v = table.get(&key);
                if !v.is_nil() {
                    return Ok(Some(v));
                }
                match table.metatable {
                    None => return Ok(Some(Value::Nil)),
                    Some(mt) => {
                        let tm = tx
                            .get(mt, &Value::Str(state.names.index))
                            .map_err(|e| Self::heap_err(tx, e))?;
                        if tm.is_nil() {
                            return Ok(Some(Value::Nil));
                        }
                        tm
                    }
                }
            } else {
                let tm = metamethod(tx, state, obj, state.names.index)
                    .map_err(|e| Self::heap_err(tx, e))?;
                if tm.is_nil() {
                    let name_operand = if depth == 0 { operand } else { None };
                    return Err(self.op_type_error(tx, "index", name_operand, obj));
                }
                tm
            };
            if let Value::Func(_) = tm {
                self.call_meta(tx, state, tm, &[obj, key], dest)?;
                return Ok(None);
            }
            obj = tm;
        }
        Err(self.rt_error(tx, "loop in gettable"))
    }

    /// `obj[key] = v` with `__newindex`; `true` when a metamethod call was started.
    fn newindex(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        mut obj: Value,
        key: Value,
        v: Value,
        operand: Option<u32>,
    ) -> Result<bool, Thrown> {
        for depth in 0..MAX_TAG_LOOP {
            let tm = if let Value::Table(t) = obj {
                let table = hx!(tx, tx.table(t));
                let present = !table.get(&key).is_nil();
                let tm = match table.metatable {
                    Some(mt) if !present => tx
                        .get(mt, &Value::Str(state.names.newindex))
                        .map_err(|e| Self::heap_err(tx, e))?,
                    _ => Value::Nil,
                };
                if tm.is_nil() {
                    return match tx.set(t, key, v) {
                        Ok(()) => Ok(false),
                        Err(HeapError::Table(e)) => Err(self.rt_error(tx, e.message())),
                        Err(e) => Err(Self::heap_err(tx, e)),
                    };
                }
                // 5.1 creates the key (with a nil value) before consulting __newindex.
                match tx.set(t, key, Value::Nil) {
                    Ok(()) => {}
                    Err(HeapError::Table(e)) => return Err(self.rt_error(tx, e.message())),
                    Err(e) => return Err(Self::heap_err(tx, e)),
                }
                tm
            } else {
                let tm = metamethod(tx, state, obj, state.names.newindex)
                    .map_err(|e| Self::heap_err(tx, e))?;
                if tm.is_nil() {
                    let name_operand = if depth == 0 { operand } else { None };
                    return Err(self.op_type_error(tx, "index", name_operand, obj));
                }
                tm
            };
            if let Value::Func(_) = tm {
                self.call_meta(tx, state, tm, &[obj, key, v], MetaDest::Discard)?;
                return Ok(true);
            }
            obj = tm;
        }
        Err(self.rt_error(tx, "loop in settable"))
    }

    #[allow(clippy::too_many_arguments)]
    fn arith(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        which: Arith,
        x: Value,
        y: Value,
        dest: usize,
        rb: u32,
        rc: u32,
    ) -> Result<Option<Value>, Thrown> {
        if let (Some(p), Some(q)) = (to_number(tx, x), to_number(tx, y)) {
            return Ok(Some(Value::Num(which.apply(p, q))));
        }
        let event = which.event(&state.names);
        let mut tm = metamethod(tx, state, x, event).map_err(|e| Self::heap_err(tx, e))?;
        if tm.is_nil() {
            tm = metamethod(tx, state, y, event).map_err(|e| Self::heap_err(tx, e))?;
        }
        if tm.is_nil() {
            let (bad, rk) = if to_number(tx, x).is_none() {
                (x, rb)
            } else {
                (y, rc)
            };
            return Err(self.op_type_error(tx, "perform arithmetic on", Some(rk), bad));
        }
        self.call_meta(tx, state, tm, &[x, y], MetaDest::Slot(dest as u32))?;
        Ok(None)
    }

    fn eq_metamethod(
        &self,
        tx: &HeapTransaction<'_>,
        state: &VmState,
        x: Value,
        y: Value,
    ) -> Result<Value, HeapError> {
        let m1 = metatable_of(tx, state, x)?;
        let m2 = metatable_of(tx, state, y)?;
        let Some(m1) = m1 else { return Ok(Value::Nil) };
        let tm1 = tx.get(m1, &Value::Str(state.names.eq))?;
        if tm1.is_nil() {
            return Ok(Value::Nil);
        }
        if Some(m1) == m2 {
            return Ok(tm1);
        }
        let Some(m2) = m2 else { return Ok(Value::Nil) };
        let tm2 = tx.get(m2, &Value::Str(state.names.eq))?;
        Ok(if tm1 == tm2 { tm1 } else { Value::Nil })
    }

    /// `<` / `<=` through metamethods (5.1: both operands must share it; `<=` falls back to
    /// `not (b < a)`).
    fn compare_meta(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        lt: bool,
        x: Value,
        y: Value,
        expect: bool,
    ) -> Flow {
        let order_error = |this: &Self, tx: &mut HeapTransaction<'_>| {
            let (t1, t2) = (x.type_name(), y.type_name());
            let msg = if t1 == t2 {
                format!("attempt to compare two {t1} values")
            } else {
                format!("attempt to compare {t1} with {t2}")
            };
            this.rt_error(tx, &msg)
        };
        if !same_type(x, y) {
            return Err(order_error(self, tx));
        }
        let shared = |this: &Self, tx: &HeapTransaction<'_>, event| -> Result<Value, HeapError> {
            let _ = this;
            let tm1 = metamethod(tx, state, x, event)?;
            if tm1.is_nil() {
                return Ok(Value::Nil);
            }
            let tm2 = metamethod(tx, state, y, event)?;
            Ok(if tm1 == tm2 { tm1 } else { Value::Nil })
        };
        let event = if lt { state.names.lt } else { state.names.le };
        let tm = shared(self, tx, event).map_err(|e| Self::heap_err(tx, e))?;
        if !tm.is_nil() {
            return self.call_meta(
                tx,
                state,
                tm,
                &[x, y],
                MetaDest::Cond {
                    expect,
                    negate: false,
                },
            );
        }
        if !lt {
            let tm = shared(self, tx, state.names.lt).map_err(|e| Self::heap_err(tx, e))?;
            if !tm.is_nil() {
                return self.call_meta(
                    tx,
                    state,
                    tm,
                    &[y, x],
                    MetaDest::Cond {
                        expect,
                        negate: true,
                    },
                );
            }
        }
        Err(order_error(self, tx))
    }

    /// Concatenates stack slots `first..=last` into `dest`, right to left as 5.1 does,
    /// calling `__concat` where an operand is neither a string nor a number.
    fn concat(
        &mut self,
        tx: &mut HeapTransaction<'_>,
        state: &mut VmState,
        dest: usize,
        first: usize,
        mut last: usize,
    ) -> Flow {
        let is_text = |v: Value| matches!(v, Value::Str(_) | Value::Num(_));
        while last > first {
            let (x, y) = (self.thread.stack[last - 1], self.thread.stack[last]);
            if is_text(x) && is_text(y) {
                // Join as many trailing strings/numbers as possible at once.
                let mut from = last - 1;
                while from > first && is_text(self.thread.stack[from - 1]) {
                    from -= 1;
                }
                let mut buf = Vec::new();
                for s in from..=last {
                    match self.thread.stack[s] {
                        Value::Str(h) => buf.extend_from_slice(hx!(tx, tx.str_bytes(h))),
                        Value::Num(n) => buf.extend_from_slice(number_to_string(n).as_bytes()),
                        _ => {}
                    }
                }
                let s = tx.intern(&buf).map_err(|e| Self::heap_err(tx, e))?;
                self.thread.stack[from] = Value::Str(s);
                last = from;
                continue;
            }
            let mut tm =
                metamethod(tx, state, x, state.names.concat).map_err(|e| Self::heap_err(tx, e))?;
            if tm.is_nil() {
                tm = metamethod(tx, state, y, state.names.concat)
                    .map_err(|e| Self::heap_err(tx, e))?;
            }
            if tm.is_nil() {
                let (bad, slot) = if is_text(x) { (y, last) } else { (x, last - 1) };
                let rk = self.thread.frames.last().map(|f| (slot - f.base) as u32);
                return Err(self.op_type_error(tx, "concatenate", rk, bad));
            }
            return self.call_meta(
                tx,
                state,
                tm,
                &[x, y],
                MetaDest::Concat {
                    dest: dest as u32,
                    first: first as u32,
                    slot: (last - 1) as u32,
                },
            );
        }
        self.thread.stack[dest] = self.thread.stack[first];
        Ok(())
    }
}

/// The interned "n" (for the `arg` table); interning an existing string cannot fail.
fn state_n(tx: &mut HeapTransaction<'_>) -> crate::value::StrRef {
    tx.intern(b"n").expect("\"n\" is interned at VM creation")
}

/// `obj[key]` when it is found by following `__index` tables only (an object's class, the
/// string library for strings); `None` when a function, an error or a missing metatable needs
/// the general path.
fn index_through_tables(
    tx: &HeapTransaction<'_>,
    state: &VmState,
    mut obj: Value,
    key: Value,
) -> Option<Value> {
    for _ in 0..MAX_TAG_LOOP {
        let mt = match obj {
            Value::Table(t) => {
                let table = tx.table(t).ok()?;
                let v = table.get(&key);
                if !v.is_nil() {
                    return Some(v);
                }
                match table.metatable {
                    Some(mt) => mt,
                    None => return Some(Value::Nil),
                }
            }
            Value::Str(_) => state.type_meta.string?,
            _ => return None,
        };
        match tx.get(mt, &Value::Str(state.names.index)).ok()? {
            Value::Nil if matches!(obj, Value::Table(_)) => return Some(Value::Nil),
            tm @ Value::Table(_) => obj = tm,
            _ => return None,
        }
    }
    None
}

/// Makes a stack at least `size` slots long ("stack overflow" past `MAX_STACK`).
fn grow_stack(stack: &mut Vec<Value>, size: usize) -> Result<(), &'static str> {
    if size > MAX_STACK {
        return Err("stack overflow");
    }
    if stack.len() < size {
        stack.resize(size, Value::Nil);
    }
    Ok(())
}

/// A Lua function about to get a frame.
struct Callee {
    func: crate::value::FuncRef,
    proto: Rc<ProtoData>,
    env: crate::value::TableRef,
    upvalues: Rc<[crate::heap::Handle<Upvalue>]>,
}

/// The main thread's stand-in handle for open upvalues (never a valid heap handle).
pub const MAIN: ThreadRef = crate::heap::Handle::forge(u32::MAX, u32::MAX);

fn for_each_ret_root(r: &ReturnTo, f: &mut dyn FnMut(Value)) {
    let mut cur = Some(r);
    while let Some(r) = cur {
        cur = None;
        if let ReturnTo::Native(nw) = r {
            let NativeWait { then, outer, .. } = &**nw;
            match then {
                Continuation::Xpcall { handler } => f(*handler),
                Continuation::Native(k) | Continuation::Catching(k) => k.for_each_root(f),
                Continuation::Pcall => {}
            }
            cur = Some(outer);
        }
    }
}

/// After an xpcall handler ran where the error happened (protected): its result (or 5.1's
/// "error in error handling") goes on to the xpcall as an already handled error.
struct XpcallHandled;

impl NativeContinuation for XpcallHandled {
    fn resume(
        self: Box<Self>,
        ctx: &mut NativeCtx<'_, '_>,
        results: &[Value],
    ) -> Result<NativeReturn, LuaError> {
        if results.first() == Some(&Value::Bool(true)) {
            Err(LuaError::Handled(
                results.get(1).copied().unwrap_or(Value::Nil),
            ))
        } else {
            let text = ctx
                .tx
                .intern(b"error in error handling")
                .map_err(|e| LuaError::from_heap(ctx.tx, e))?;
            Err(LuaError::Handled(Value::Str(text)))
        }
    }
}

/// After an xpcall handler ran (protected): `false` and the handler's result, or Lua 5.1's
/// "error in error handling" when the handler itself failed.
struct XpcallResult;

impl NativeContinuation for XpcallResult {
    fn resume(
        self: Box<Self>,
        ctx: &mut NativeCtx<'_, '_>,
        results: &[Value],
    ) -> Result<NativeReturn, LuaError> {
        ctx.out.push(Value::Bool(false));
        if results.first() == Some(&Value::Bool(true)) {
            ctx.out.push(results.get(1).copied().unwrap_or(Value::Nil));
        } else {
            ctx.ret_bytes(b"error in error handling")?;
        }
        Ok(NativeReturn::Return)
    }
}

/// `st[dst] = st[src]`. A number over a number copies only the payload: a value just computed
/// sits in the store buffer as a tag byte and an 8-byte payload, and copying it whole (one 16-byte
/// load) would wait for both stores to retire. Anything else is copied whole.
#[inline(always)]
fn copy_register(st: &mut [Value], src: usize, dst: usize) {
    if let Value::Num(n) = st[src] {
        if let Value::Num(d) = &mut st[dst] {
            *d = n;
            return;
        }
    }
    st[dst] = st[src];
}
