//! Debug hooks (`debug.sethook`): each thread's hook function, mask and count, and what happens
//! after a hook function returns.
//!
//! A hook function is called like any callback: the executor pushes its call with a
//! [`HookDone`] continuation below it, never by Rust recursion. Call and return hooks are
//! tested only where calls and returns happen (one flag), and line and count hooks shorten the
//! interpreter loop's instruction limit (to one instruction for line hooks), so a VM with no hook
//! set pays nothing per instruction. While a thread runs its hook function, its hooks are off
//! (as in Lua 5.1); the count still runs down.

use crate::value::{ThreadRef, Value};

use super::{CallArgs, NativeContinuation, NativeCtx, NativeReturn, VmState};

/// Mask bits, as `debug.sethook`'s mask string and count give them.
pub const CALL: u8 = 1;
pub const RET: u8 = 2;
pub const LINE: u8 = 4;
pub const COUNT: u8 = 8;

/// What a native's continuation is to the debug library: not a hook, a hook for an event of the
/// Lua function below it (that function is the hook's level 2), or a hook for the call or return
/// of a native (that native is level 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookWait {
    No,
    Lua,
    Native,
}

/// One thread's hook.
#[derive(Clone, Debug)]
pub struct HookEntry {
    /// `None`: the main thread.
    pub thread: Option<ThreadRef>,
    /// The hook function (nil: turned off).
    pub func: Value,
    pub mask: u8,
    /// `sethook`'s count, and the instructions left until the count hook (Lua 5.1's
    /// `hookcount`).
    pub count: i64,
    pub left: i64,
    /// The thread is running its hook function: no hook of it fires.
    pub running: bool,
}

/// The hooks of every thread that has one.
#[derive(Debug, Default)]
pub struct Hooks {
    list: Vec<HookEntry>,
    /// Set when a hook is set, removed, starts or ends: the executor rereads its thread's hook.
    pub changed: bool,
}

impl Hooks {
    pub fn get(&self, thread: Option<ThreadRef>) -> Option<&HookEntry> {
        self.list.iter().find(|e| e.thread == thread)
    }

    pub fn get_mut(&mut self, thread: Option<ThreadRef>) -> Option<&mut HookEntry> {
        self.list.iter_mut().find(|e| e.thread == thread)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Sets a thread's hook, as `debug.sethook` does: with a nil function or an empty mask no
    /// hook fires, but `gethook` still gives the function and count it was given. `alive` tells
    /// which coroutines still exist: entries of collected ones go.
    pub fn set(
        &mut self,
        thread: Option<ThreadRef>,
        func: Value,
        mask: u8,
        count: i64,
        alive: &dyn Fn(ThreadRef) -> bool,
    ) {
        self.list.retain(|e| e.thread.is_none_or(alive));
        let mask = if func.is_nil() { 0 } else { mask };
        let running = self.get(thread).is_some_and(|e| e.running);
        self.list.retain(|e| e.thread != thread);
        if !func.is_nil() || running || count != 0 {
            self.list.push(HookEntry {
                thread,
                func,
                mask,
                count,
                left: count,
                running,
            });
        }
        self.changed = true;
    }

    /// The hook function of a thread, when one may fire now (set, with a mask, and not
    /// running).
    pub fn active(&self, thread: Option<ThreadRef>) -> Option<Value> {
        match self.get(thread) {
            Some(e) if !e.running && e.mask != 0 && !e.func.is_nil() => Some(e.func),
            _ => None,
        }
    }

    /// Marks a thread as running its hook function or back from it.
    pub fn set_running(&mut self, thread: Option<ThreadRef>, running: bool) {
        if let Some(e) = self.get_mut(thread) {
            e.running = running;
        }
        self.changed = true;
    }

    /// The hook functions (the collector keeps them alive; not their threads, as Lua 5.1's
    /// weak-keyed hook table).
    pub fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        for e in &self.list {
            f(e.func);
        }
    }
}

/// `debug.gethook`'s mask string.
pub fn mask_string(mask: u8) -> String {
    let mut s = String::new();
    if mask & CALL != 0 {
        s.push('c');
    }
    if mask & RET != 0 {
        s.push('r');
    }
    if mask & LINE != 0 {
        s.push('l');
    }
    s
}

/// What follows a hook function's return.
pub enum AfterHook {
    /// Nothing: the interrupted Lua function goes on.
    Resume,
    /// A return hook of a frame that replaced callers by tail calls: one "tail return" event
    /// for each.
    TailReturns(u32),
    /// A call hook of a native: now call it.
    CallNative { func: Value, args: CallArgs },
    /// A return hook of a native: its results go on to its caller.
    ReturnNative(Vec<Value>),
}

/// The continuation of a hook function's call.
pub struct HookDone {
    pub thread: Option<ThreadRef>,
    pub after: AfterHook,
}

impl NativeContinuation for HookDone {
    fn resume(
        self: Box<Self>,
        ctx: &mut NativeCtx<'_, '_>,
        _results: &[Value],
    ) -> Result<NativeReturn, super::LuaError> {
        let HookDone { thread, after } = *self;
        ctx.state.hooks.set_running(thread, false);
        ctx.state.attention = true;
        match after {
            AfterHook::Resume | AfterHook::TailReturns(0) => Ok(NativeReturn::Return),
            AfterHook::TailReturns(n) => {
                let Some(func) = ctx.state.hooks.active(thread) else {
                    return Ok(NativeReturn::Return);
                };
                ctx.state.hooks.set_running(thread, true);
                let event = ctx
                    .tx
                    .intern(b"tail return")
                    .map_err(|e| ctx.heap_error(e))?;
                let mut args = CallArgs::new();
                args.push(Value::Str(event));
                args.push(Value::Nil);
                Ok(NativeReturn::Call {
                    func,
                    args,
                    then: super::Continuation::Native(Box::new(HookDone {
                        thread,
                        after: AfterHook::TailReturns(n - 1),
                    })),
                })
            }
            AfterHook::CallNative { func, args } => Ok(NativeReturn::TailCall { func, args }),
            AfterHook::ReturnNative(results) => {
                ctx.out.extend_from_slice(&results);
                Ok(NativeReturn::Return)
            }
        }
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        match &self.after {
            AfterHook::Resume | AfterHook::TailReturns(_) => {}
            AfterHook::CallNative { func, args } => {
                f(*func);
                args.iter().for_each(|v| f(*v));
            }
            AfterHook::ReturnNative(results) => results.iter().for_each(|v| f(*v)),
        }
    }

    fn unwound(&self, state: &mut VmState) {
        state.hooks.set_running(self.thread, false);
        state.attention = true;
    }
}
