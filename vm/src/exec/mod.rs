//! Execution: the interpreter loop, calls, errors, coroutines, and the interface natives use.
//!
//! Nothing here recurses in Rust. Lua→Lua calls push frames; a native that needs to call back
//! into Lua (pcall, a sort comparator, a metamethod, gsub's replacement function, and later
//! `redis.call`) returns a [`NativeReturn::Call`] with a [`Continuation`] that the loop runs
//! when the callee returns. Coroutines are separate frame stacks the loop switches between.

pub mod debug;
mod executor;
pub mod finalize;
pub mod hook;
pub mod meta;

use std::rc::Rc;

use crate::heap::{Handle, Heap, HeapError, HeapTransaction};
use crate::object::{Function, NativeFn, ProtoData, Thread, Upvalue};
use crate::value::{FuncRef, StrRef, TableRef, ThreadRef, Value};

pub use executor::{Executor, MAIN as MAIN_THREAD};
pub use meta::{tostring_basic, MetaNames};

/// A Lua error in flight: the error value (a string with its position for runtime errors), or a
/// condition no Lua code may catch.
#[derive(Clone, Debug)]
pub enum LuaError {
    /// `error(v)` or a runtime error; catchable by pcall.
    Value(Value),
    /// The instruction budget ran out (script time limit, SCRIPT KILL); not catchable.
    Interrupted(String),
    /// An error an `xpcall` handler has already seen: this is the handler's result, on its way
    /// to that `xpcall`.
    Handled(Value),
}

impl LuaError {
    pub fn from_heap(tx: &mut HeapTransaction<'_>, e: HeapError) -> LuaError {
        let text = e.to_string();
        match tx.intern(text.as_bytes()) {
            Ok(s) => LuaError::Value(Value::Str(s)),
            Err(_) => LuaError::Interrupted("not enough memory".to_string()),
        }
    }
}

/// The arguments of a call a native asks for: most such calls (comparators, callbacks,
/// metamethods) take a few values, which then need no allocation.
pub type CallArgs = smallvec::SmallVec<[Value; 3]>;

/// How a native function asks the loop to go on.
pub enum NativeReturn {
    /// Its results are in the output buffer.
    Return,
    /// Call `func` with `args`; hand its results to `then`.
    Call {
        func: Value,
        args: CallArgs,
        then: Continuation,
    },
    /// Call `func` with `args` in place of this native (its results are the native's results).
    TailCall { func: Value, args: CallArgs },
    /// Yield the output buffer's values from the running coroutine.
    Yield,
    /// Resume `thread` with `args`; `wrap` for `coroutine.wrap`'s function.
    Resume {
        thread: ThreadRef,
        args: Vec<Value>,
        wrap: bool,
    },
    /// Collect garbage now, before anything else runs, then run `then` (with no results): its
    /// calls (finalizers) and errors happen inside this native's call.
    Collect(Continuation),
}

/// What to do with the results of a call a native asked for.
pub enum Continuation {
    /// `pcall`: prepend `true`; an error below is caught and returned as `false, err`.
    Pcall,
    /// `xpcall`: like pcall, but an error is first passed to the handler.
    Xpcall { handler: Value },
    /// Run more native code with the results.
    Native(Box<dyn NativeContinuation>),
    /// Like `Native`, with `true` before the results; an error below is caught and handed to
    /// the continuation as `false, err` (for natives that protect their callbacks, e.g. `load`).
    Catching(Box<dyn NativeContinuation>),
}

/// Native code that resumes after a call it asked for (sort's comparator, gsub's callback...).
pub trait NativeContinuation {
    fn resume(
        self: Box<Self>,
        ctx: &mut NativeCtx<'_, '_>,
        results: &[Value],
    ) -> Result<NativeReturn, LuaError>;

    /// Values the continuation holds that are not on the stack (kept alive by the collector).
    fn for_each_root(&self, _f: &mut dyn FnMut(Value)) {}

    /// Whether it is calling finalizers (while one runs, no other starts).
    fn runs_finalizers(&self) -> bool {
        false
    }

    /// An error unwinds past the call it was waiting for (a hook's continuation re-enables
    /// hooks here).
    fn unwound(&self, _state: &mut VmState) {}
}

/// What a native function sees: the heap, the VM's shared state, its arguments and a buffer for
/// its results.
pub struct NativeCtx<'a, 'h> {
    pub tx: &'a mut HeapTransaction<'h>,
    pub state: &'a mut VmState,
    pub args: &'a [Value],
    pub out: &'a mut Vec<Value>,
    /// Its own upvalues (for natives made with upvalues, e.g. `coroutine.wrap`'s function).
    pub upvalues: &'a [Value],
    /// The running coroutine (`None` for the main thread).
    pub coroutine: Option<ThreadRef>,
    /// The Lua frames of the running thread (the caller is the last one when `from_lua`).
    pub frames: &'a [Frame],
    /// Whether the native was called by a Lua function (rather than by another native).
    pub from_lua: bool,
    /// The native's own name (as registered).
    pub native_name: &'static str,
    /// The running thread's whole stack, and the slot of the native's function in it.
    pub stack: &'a [Value],
    pub slot: usize,
    /// The saved states of the threads that resumed the running one (innermost last).
    pub resumers: &'a [(Option<ThreadRef>, ThreadState)],
    /// A stack slot of a thread (`None`: the main thread) to overwrite once the native returns
    /// (`debug.setlocal`).
    pub stack_write: Option<(Option<ThreadRef>, usize, Value)>,
}

/// State shared by every execution in a VM.
pub struct VmState {
    pub globals: TableRef,
    pub registry: TableRef,
    /// The metatables of the types whose values share one (strings, numbers, ...).
    pub type_meta: meta::TypeMetatables,
    pub names: MetaNames,
    /// Instructions left before the executor stops with `Interrupted` (`None`: unlimited).
    pub budget: Option<u64>,
    /// Text a program writes with `print` and `io.write` goes here.
    pub stdout: Box<dyn std::io::Write>,
    /// Collect after every few instructions (tests use it to find objects the collector would
    /// free while they are still in use), unless `collectgarbage("stop")` stopped automatic
    /// collection.
    pub gc_stress: bool,
    /// Counts `setfenv` calls, so running frames know to reread their function's environment.
    pub env_changes: u64,
    /// How chunks are compiled (chunk-name width, nesting allowance).
    pub parse_options: crate::compile::ParseOptions,
    /// Whether collection runs automatically (`collectgarbage('stop')` turns it off).
    pub gc_running: bool,
    /// Set by `collectgarbage('collect')`: the executor ends its slice so a collection runs
    /// before the next instruction.
    pub gc_requested: bool,
    /// Set with `gc_requested` or when `hooks` changed: the interpreter loop returns to its
    /// caller at the next call or return, which looks at both (one test on the loop's path).
    pub attention: bool,
    /// `debug.sethook`'s hooks, by thread.
    pub hooks: hook::Hooks,
    /// `collectgarbage("setpause")` and `("setstepmul")`'s values (percentages). The pause
    /// spaces automatic collections (`HeapTransaction::wants_collection`); the step multiplier
    /// sizes `collectgarbage("step")`.
    pub gc_pause: i64,
    pub gc_stepmul: i64,
    /// The base library's `next` and `ipairs` iterator, returned by `pairs` / `ipairs`.
    pub lib_next: Value,
    pub lib_inext: Value,
    /// `math.random`'s generator (glibc's `rand()` state).
    pub rand: crate::stdlib::math::RandState,
    /// The io library's open files and default input/output.
    pub io: crate::stdlib::io::IoState,
}

/// A Lua VM: a heap and the state around it.
pub struct Vm {
    pub heap: Heap,
    pub state: VmState,
}

impl Vm {
    /// A VM with empty globals (no libraries).
    pub fn new() -> Vm {
        let mut heap = Heap::new();
        let state = {
            let mut tx = heap.transaction();
            let globals = tx.new_table(0, 64).expect("a fresh heap has room");
            let registry = tx.new_table(0, 4).expect("a fresh heap has room");
            let names = MetaNames::new(&mut tx).expect("a fresh heap has room");
            tx.commit();
            VmState {
                globals,
                registry,
                type_meta: meta::TypeMetatables::default(),
                names,
                budget: None,
                stdout: Box::new(std::io::stdout()),
                parse_options: crate::compile::ParseOptions::LOADSTRING,
                env_changes: 0,
                gc_stress: false,
                gc_running: true,
                gc_requested: false,
                attention: false,
                hooks: Default::default(),
                gc_pause: 200,
                gc_stepmul: 200,
                lib_next: Value::Nil,
                lib_inext: Value::Nil,
                rand: Default::default(),
                io: Default::default(),
            }
        };
        Vm { heap, state }
    }

    /// Compiles `source` as a chunk named `chunkname`; the function, or the syntax error message.
    pub fn load(&mut self, source: &[u8], chunkname: &[u8]) -> Result<FuncRef, String> {
        let mut tx = self.heap.transaction();
        let f = load_chunk(&mut tx, &self.state, source, chunkname)?;
        tx.commit();
        Ok(f)
    }

    /// [`Vm::load`] with the syntax error message byte for byte.
    pub fn load_bytes(&mut self, source: &[u8], chunkname: &[u8]) -> Result<FuncRef, Vec<u8>> {
        let mut tx = self.heap.transaction();
        let f = load_chunk_bytes(&mut tx, &self.state, source, chunkname)?;
        tx.commit();
        Ok(f)
    }

    /// What closing a Lua state does before freeing it: calls the `__gc` metamethod of every
    /// userdata that has one and was not finalized yet, reachable or not, newest first. Errors
    /// in them are ignored (the next one still runs); userdata they create are not finalized.
    pub fn close(&mut self) {
        self.heap.queue_all_finalizers(&self.state);
        loop {
            let mut tx = self.heap.transaction();
            let Some(u) = tx.next_finalizable() else {
                tx.commit();
                return;
            };
            let u = Value::UserData(u);
            let gc = meta::metamethod(&tx, &self.state, u, self.state.names.gc);
            tx.commit();
            match gc {
                Ok(gc) if !gc.is_nil() => {
                    let mut exec = Executor::new(gc, vec![u]);
                    let _ = exec.run_to_end(&mut self.heap, &mut self.state);
                }
                _ => {}
            }
        }
    }

    /// Calls `f` with `args` until it returns or raises an error.
    pub fn call(&mut self, f: Value, args: &[Value]) -> Result<Vec<Value>, LuaError> {
        let mut exec = Executor::new(f, args.to_vec());
        exec.run_to_end(&mut self.heap, &mut self.state)
    }

    /// The text of a string value (lossless for Lua's 8-bit strings).
    pub fn string_bytes(&mut self, v: Value) -> Option<Vec<u8>> {
        let tx = self.heap.transaction();
        let out = match v {
            Value::Str(s) => tx.str_bytes(s).ok().map(|b| b.to_vec()),
            _ => None,
        };
        tx.commit();
        out
    }

    /// `tostring(v)` without metamethods.
    pub fn to_display(&mut self, v: Value) -> Vec<u8> {
        let tx = self.heap.transaction();
        let out = tostring_basic(&tx, v);
        tx.commit();
        out
    }

    /// Interns a string.
    pub fn intern(&mut self, bytes: &[u8]) -> Result<Value, LuaError> {
        let mut tx = self.heap.transaction();
        let s = tx
            .intern(bytes)
            .map_err(|e| LuaError::from_heap(&mut tx, e))?;
        tx.commit();
        Ok(Value::Str(s))
    }

    /// Sets a global.
    pub fn set_global(&mut self, name: &str, v: Value) -> Result<(), LuaError> {
        let mut tx = self.heap.transaction();
        let k = tx
            .intern(name.as_bytes())
            .map_err(|e| LuaError::from_heap(&mut tx, e))?;
        tx.set(self.state.globals, Value::Str(k), v)
            .map_err(|e| LuaError::from_heap(&mut tx, e))?;
        tx.commit();
        Ok(())
    }

    /// Registers a native function as a global, or as a field of the table global `module`.
    pub fn register(
        &mut self,
        module: Option<&str>,
        name: &'static str,
        f: NativeFn,
    ) -> Result<(), LuaError> {
        let mut tx = self.heap.transaction();
        register_native(&mut tx, &self.state, module, name, f)
            .map_err(|e| LuaError::from_heap(&mut tx, e))?;
        tx.commit();
        Ok(())
    }
}

impl Default for Vm {
    fn default() -> Self {
        Vm::new()
    }
}

/// Makes a native function value.
pub fn new_native(
    tx: &mut HeapTransaction<'_>,
    state: &VmState,
    name: &'static str,
    f: NativeFn,
    upvalues: Vec<Value>,
) -> Result<Value, HeapError> {
    let h = tx.new_function(Function::Native {
        f,
        name,
        upvalues: upvalues.into_boxed_slice(),
        env: state.globals,
    })?;
    Ok(Value::Func(h))
}

/// Stores a native as `name` in the globals, or in the global table `module` (made if missing).
pub fn register_native(
    tx: &mut HeapTransaction<'_>,
    state: &VmState,
    module: Option<&str>,
    name: &'static str,
    f: NativeFn,
) -> Result<(), HeapError> {
    let target = match module {
        None => state.globals,
        Some(m) => {
            let key = Value::Str(tx.intern(m.as_bytes())?);
            match tx.get(state.globals, &key)? {
                Value::Table(t) => t,
                _ => {
                    let t = tx.new_table(0, 0)?;
                    tx.set(state.globals, key, Value::Table(t))?;
                    t
                }
            }
        }
    };
    let func = new_native(tx, state, name, f, Vec::new())?;
    let key = Value::Str(tx.intern(name.as_bytes())?);
    tx.set(target, key, func)
}

/// Compiles a chunk into a closure over the globals; the error message as text.
pub fn load_chunk(
    tx: &mut HeapTransaction<'_>,
    state: &VmState,
    source: &[u8],
    chunkname: &[u8],
) -> Result<FuncRef, String> {
    load_chunk_bytes(tx, state, source, chunkname)
        .map_err(|e| String::from_utf8_lossy(&e).into_owned())
}

/// Compiles a chunk into a closure over the globals; the error message byte for byte (it can
/// quote bytes of the source that are not UTF-8).
pub fn load_chunk_bytes(
    tx: &mut HeapTransaction<'_>,
    state: &VmState,
    source: &[u8],
    chunkname: &[u8],
) -> Result<FuncRef, Vec<u8>> {
    if source.first() == Some(&crate::stdlib::string::BINARY_SIGNATURE) {
        return Err(crate::stdlib::string::binary_chunk_error(source, chunkname).into_bytes());
    }
    let proto = crate::compile::compile(tx, source, chunkname, &state.parse_options)
        .map_err(|e| e.bytes)?;
    make_closure(tx, proto, &[], state.globals).map_err(|e| e.to_string().into_bytes())
}

/// Compiles a chunk into a closure over `env` (a thread's global table).
pub fn load_chunk_in(
    tx: &mut HeapTransaction<'_>,
    state: &VmState,
    env: TableRef,
    source: &[u8],
    chunkname: &[u8],
) -> Result<FuncRef, Vec<u8>> {
    let f = load_chunk_bytes(tx, state, source, chunkname)?;
    tx.set_function_env(f, env)
        .map_err(|e| e.to_string().into_bytes())?;
    Ok(f)
}

pub(crate) fn make_closure(
    tx: &mut HeapTransaction<'_>,
    proto: Rc<ProtoData>,
    upvalues: &[Handle<Upvalue>],
    env: TableRef,
) -> Result<FuncRef, HeapError> {
    tx.new_function(Function::Lua {
        proto,
        upvalues: Rc::from(upvalues),
        env,
    })
}

/// One activation of a Lua function.
#[derive(Clone, Debug)]
pub struct Frame {
    pub func: FuncRef,
    pub proto: Rc<ProtoData>,
    /// Where the function value sat; results are stored from here.
    pub func_slot: usize,
    /// Register 0.
    pub base: usize,
    /// The next instruction. A `Cell`, so the executor can save it while it reads the
    /// prototype's code through the same frame.
    pub pc: std::cell::Cell<usize>,
    /// Results the caller wants (-1: all).
    pub wanted: i32,
    pub ret: ReturnTo,
    /// How many callers this frame replaced by tail calls (tracebacks show each).
    pub tail: u32,
    /// The closure's environment (for globals); reread when `VmState::env_changes` moves.
    pub env: TableRef,
    /// The closure's upvalues.
    pub upvalues: Rc<[Handle<Upvalue>]>,
    /// How many extra arguments a vararg function got; they sit just below `base`.
    pub nvarargs: usize,
}

/// Where a returning frame's results go.
pub enum ReturnTo {
    /// To its Lua caller's registers (the frame below).
    Caller,
    /// A metamethod's result: into a register, or deciding a conditional jump.
    Meta(MetaDest),
    /// To a native's continuation (boxed, so frames stay small).
    Native(Box<NativeWait>),
    /// Back to whoever started the executor (or resumed this coroutine).
    Host,
}

impl std::fmt::Debug for ReturnTo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReturnTo::Caller => f.write_str("Caller"),
            ReturnTo::Meta(d) => write!(f, "Meta({d:?})"),
            ReturnTo::Native(nw) => write!(f, "Native({})", nw.name),
            ReturnTo::Host => f.write_str("Host"),
        }
    }
}

impl Clone for ReturnTo {
    fn clone(&self) -> Self {
        match self {
            ReturnTo::Caller => ReturnTo::Caller,
            ReturnTo::Meta(d) => ReturnTo::Meta(*d),
            ReturnTo::Host => ReturnTo::Host,
            // Continuations are owned by exactly one frame; frames are never cloned with one.
            ReturnTo::Native(_) => ReturnTo::Host,
        }
    }
}

/// A native waiting for the results of a call it asked for.
pub struct NativeWait {
    pub then: Continuation,
    /// Where the native's own results go (its function slot), and how many are wanted.
    pub result_slot: usize,
    pub wanted: i32,
    /// Where the native's own results go after that.
    pub outer: ReturnTo,
    /// The first free slot above the native's arguments (where it places further calls).
    pub floor: usize,
    pub name: &'static str,
    /// The waiting native's function value (for `debug.getinfo` on its level), or nil.
    pub func: Value,
    /// Whether this is a hook function's call, and for what kind of event.
    pub hook: hook::HookWait,
}

impl NativeWait {
    /// A native waiting on a call it asked for (no hook involved).
    pub fn new(
        then: Continuation,
        result_slot: usize,
        wanted: i32,
        outer: ReturnTo,
        floor: usize,
        name: &'static str,
        func: Value,
    ) -> NativeWait {
        NativeWait {
            then,
            result_slot,
            wanted,
            outer,
            floor,
            name,
            func,
            hook: hook::HookWait::No,
        }
    }
}

/// Where a metamethod's result goes in the frame that triggered it.
#[derive(Clone, Copy, Debug)]
pub enum MetaDest {
    /// Store into register `reg` of the frame (absolute stack slot). Stack positions are
    /// below `MAX_STACK`, so they fit in 32 bits (which keeps frames small).
    Slot(u32),
    /// A comparison: skip the next instruction unless truthiness (negated when `negate`) is
    /// `expect`.
    Cond { expect: bool, negate: bool },
    /// A `__newindex` or other call whose result is dropped.
    Discard,
    /// One step of a concatenation: store into `slot`, then continue concatenating
    /// registers `first..=slot` into `dest`.
    Concat { dest: u32, first: u32, slot: u32 },
}

/// A thread's execution state: its value stack and frames.
#[derive(Debug, Default)]
pub struct ThreadState {
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    /// Open upvalues by stack slot, ascending.
    pub open_upvalues: Vec<(usize, Handle<Upvalue>)>,
    /// The end of the values of the last multiple-result operation.
    pub top: usize,
    /// Frames between here and the coroutine's start that a yield may not cross (natives,
    /// metamethods).
    pub boundaries: usize,
    /// The coroutine that resumed this one.
    pub resumer: Option<ThreadRef>,
    /// The values a coroutine was created with (its function), before its first resume.
    pub start: Option<Value>,
    /// Where the results of this thread's pending `resume` (or `yield`) call go.
    pub pending: Option<Pending>,
}

/// A native call of a suspended thread waiting for its results (a resume waiting for the
/// coroutine, or a yield waiting to be resumed).
#[derive(Debug)]
pub struct Pending {
    pub slot: usize,
    pub wanted: i32,
    pub ret: ReturnTo,
    /// `coroutine.wrap`'s resume: no leading `true`, and errors propagate.
    pub wrap: bool,
    /// The position of the wrap call, prefixed to string errors that propagate.
    pub position: String,
}

impl ThreadState {
    /// Every value the collector must keep alive.
    pub fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        for v in &self.stack {
            f(*v);
        }
        for fr in &self.frames {
            f(Value::Func(fr.func));
            let mut cur = Some(&fr.ret);
            while let Some(ReturnTo::Native(nw)) = cur {
                f(nw.func);
                match &nw.then {
                    Continuation::Xpcall { handler } => f(*handler),
                    Continuation::Native(k) | Continuation::Catching(k) => k.for_each_root(f),
                    Continuation::Pcall => {}
                }
                cur = Some(&nw.outer);
            }
        }
        if let Some(v) = self.start {
            f(v);
        }
        if let Some(t) = self.resumer {
            f(Value::Thread(t));
        }
    }
}

/// Makes a coroutine running `f`.
/// `globals`: the creator's own global table, which a coroutine inherits (None: the VM's).
pub fn new_coroutine(
    tx: &mut HeapTransaction<'_>,
    f: Value,
    globals: Option<TableRef>,
) -> Result<ThreadRef, HeapError> {
    let state = ThreadState {
        start: Some(f),
        ..ThreadState::default()
    };
    tx.new_thread(Thread {
        state: Some(Box::new(state)),
        status: crate::object::CoStatus::Suspended,
        globals,
        error_traceback: None,
    })
}

/// A string value's handle, for natives.
pub fn as_str(v: Value) -> Option<StrRef> {
    match v {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

/// C's conversion of a double to `lua_Integer` on x86-64: truncation toward zero, and the
/// "integer indefinite" value (i64::MIN) for NaN and out-of-range numbers.
pub fn to_integer(n: f64) -> i64 {
    if n.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&n) {
        i64::MIN
    } else {
        n as i64
    }
}
