//! The `debug` library, for the `ferrous-lua` command line (scripts in the server never see
//! it, as in Redis), as Lua 5.1's: traceback, getinfo (options `n`, `S`, `l`, `u`, `f`, `L`),
//! getlocal / setlocal (named locals active at the frame's instruction in declaration order,
//! then `(*temporary)` stack slots up to the next call; a native's level shows its own
//! arguments only at level 0; varargs are not visible), sethook / gethook (call, return, tail
//! return, line and count events; see `exec/hook.rs`), getmetatable/setmetatable, getregistry,
//! getupvalue / setupvalue, getfenv/setfenv. Every function that takes a level also takes a
//! coroutine first: a suspended coroutine's level 0 is its `yield`, a coroutine that resumed
//! another's is its `resume`.
//!
//! Not as in 5.1: a coroutine that died by an error has no levels left (5.1 keeps its stack):
//! only `traceback` still shows them;
//! the count hook counts this VM's instructions (the jump after a comparison, the second
//! instruction of a generic `for` step count apart); a coroutine's yield has no return event when
//! it is resumed; hooks are not inherited by new coroutines (5.1 copies the mask but not the Lua
//! function, so they never fire either).

use std::rc::Rc;

use crate::exec::debug::{
    call_site_name, frame_limit, frame_local, frame_pc, level_at, level_runs, levels, line_at,
    traceback_line, truncate_traceback, Level,
};
use crate::exec::hook::{self, mask_string};
use crate::exec::{Frame, LuaError, NativeCtx, NativeReturn, ReturnTo, Vm};
use crate::object::{Function, ProtoData, Upvalue};
use crate::value::{ThreadRef, Value};

type R = Result<NativeReturn, LuaError>;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let natives: &[(&'static str, crate::object::NativeFn)] = &[
        ("getfenv", getfenv),
        ("gethook", gethook),
        ("getinfo", getinfo),
        ("getlocal", getlocal),
        ("getmetatable", getmetatable),
        ("getregistry", getregistry),
        ("getupvalue", getupvalue),
        ("setfenv", setfenv),
        ("sethook", sethook),
        ("setlocal", setlocal),
        ("setmetatable", setmetatable),
        ("setupvalue", setupvalue),
        ("traceback", traceback),
    ];
    for (name, f) in natives {
        vm.register(Some("debug"), name, *f)?;
    }
    Ok(())
}

/// The thread a debug function looks at: its optional first argument (`None`: the running
/// thread), and how many arguments that took.
fn target(ctx: &NativeCtx<'_, '_>) -> (Option<ThreadRef>, usize) {
    match ctx.arg(1) {
        Value::Thread(t) if Some(t) != ctx.coroutine => (Some(t), 1),
        Value::Thread(_) => (None, 1),
        _ => (None, 0),
    }
}

/// A thread's stack as the debug functions see it.
struct View<'a> {
    frames: &'a [Frame],
    stack: &'a [Value],
    /// Whether level 1 (the top frame) called level 0 directly.
    from_lua: bool,
    /// Level 0, a native (this one, or a suspended thread's `yield` or `resume`): its function,
    /// its slot and the end of its values. `None`: the thread has no levels.
    level0: Option<(Value, usize, usize)>,
    /// The main thread: below its last Lua level is the host's C function (lua.c's `pmain`,
    /// whose function this VM does not have).
    host: bool,
}

/// Runs `f` on the view of `thread`'s stack.
fn with_view<T>(
    ctx: &NativeCtx<'_, '_>,
    thread: Option<ThreadRef>,
    f: impl FnOnce(&View<'_>) -> T,
) -> Result<T, crate::heap::HeapError> {
    let Some(t) = thread else {
        let view = View {
            frames: ctx.frames,
            stack: ctx.stack,
            from_lua: ctx.from_lua,
            level0: Some((
                ctx.stack.get(ctx.slot).copied().unwrap_or(Value::Nil),
                ctx.slot,
                ctx.slot + 1 + ctx.args.len(),
            )),
            host: ctx.coroutine.is_none(),
        };
        return Ok(f(&view));
    };
    let empty = crate::exec::ThreadState::default();
    let st: &crate::exec::ThreadState = match ctx.resumers.iter().find(|(c, _)| *c == Some(t)) {
        Some((_, st)) => st,
        None => ctx.tx.thread(t)?.state.as_deref().unwrap_or(&empty),
    };
    let level0 = st
        .pending
        .as_ref()
        .filter(|_| !st.frames.is_empty())
        .map(|p| {
            let func = st.stack.get(p.slot).copied().unwrap_or(Value::Nil);
            (func, p.slot, p.slot + 1)
        });
    let from_lua = st
        .pending
        .as_ref()
        .is_some_and(|p| matches!(p.ret, ReturnTo::Caller));
    Ok(f(&View {
        frames: &st.frames,
        stack: &st.stack,
        from_lua,
        level0,
        host: false,
    }))
}

/// A level of a view: `Ok(None)` past the bottom.
#[derive(Clone, Copy)]
enum At {
    /// Level 0: a native (function, slot, end of its values).
    Native0(Value, usize, usize),
    Level(Level),
}

fn view_level(v: &View<'_>, level: i64) -> Option<At> {
    let (func, slot, end) = v.level0?;
    if level == 0 {
        return Some(At::Native0(func, slot, end));
    }
    if level < 0 {
        // Lua 5.1 takes a negative level for a lost tail call.
        return Some(At::Level(Level::Tail(1)));
    }
    if let Some(l) = level_at(v.frames, v.from_lua, level as usize) {
        return Some(At::Level(l));
    }
    let count: usize = level_runs(v.frames, v.from_lua)
        .iter()
        .map(|l| match l {
            Level::Tail(k) => *k as usize,
            _ => 1,
        })
        .sum();
    (v.host && level as usize == count + 1).then_some(At::Level(Level::C(None, Value::Nil)))
}

/// `debug.traceback([thread,] [msg [, level]])`: the message and the stack from `level` (default
/// 1, the caller; 0 for another thread) down, as lua5.1 prints it.
fn traceback(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (thread, arg) = target(ctx);
    let other = matches!(ctx.arg(1), Value::Thread(_)) && thread.is_some();
    let msg = ctx.arg(arg + 1);
    let has_msg = ctx.args.len() > arg;
    if has_msg && !matches!(msg, Value::Str(_) | Value::Num(_)) {
        ctx.ret(msg);
        return Ok(NativeReturn::Return);
    }
    let level = match ctx.arg(arg + 2) {
        Value::Num(_) | Value::Str(_)
            if crate::exec::meta::to_number(ctx.tx, ctx.arg(arg + 2)).is_some() =>
        {
            ctx.check_int(arg + 2)?
        }
        _ => {
            if other {
                0
            } else {
                1
            }
        }
    };
    let lines = with_view(ctx, thread, |v| {
        let mut lines = Vec::new();
        let Some((_, _, _)) = v.level0 else {
            return lines;
        };
        if level <= 0 {
            let caller = v.frames.len().checked_sub(1).filter(|_| v.from_lua);
            lines.push(traceback_line(
                ctx.tx,
                v.frames,
                Level::C(caller, Value::Nil),
            ));
        }
        lines.extend(
            levels(v.frames, v.from_lua)
                .iter()
                .skip((level.max(1) - 1) as usize)
                .map(|l| traceback_line(ctx.tx, v.frames, *l)),
        );
        lines
    })
    .map_err(|e| ctx.heap_error(e))?;
    let mut lines = lines;
    if let Some(t) = thread {
        if let Ok(th) = ctx.tx.thread(t) {
            if let (None, Some(kept)) = (&th.state, &th.error_traceback) {
                lines = kept.iter().skip(level.max(0) as usize).cloned().collect();
            }
        }
    }
    if thread.is_none() && ctx.coroutine.is_none() {
        // The main chunk was called from C.
        lines.push("\t[C]: ?".to_string());
    }
    let mut text = if has_msg {
        let mut t = ctx.check_bytes(arg + 1)?;
        t.push(b'\n');
        t
    } else {
        Vec::new()
    };
    text.extend_from_slice(b"stack traceback:");
    for line in truncate_traceback(lines) {
        text.push(b'\n');
        text.extend_from_slice(line.as_bytes());
    }
    ctx.ret_bytes(&text)?;
    Ok(NativeReturn::Return)
}

/// What `getinfo` reports about a function or level.
struct Info {
    what: &'static str,
    proto: Option<Rc<ProtoData>>,
    func: Value,
    currentline: i64,
    name: Option<(&'static str, String)>,
    /// A native's upvalue count (a Lua function's comes from its prototype).
    native_nups: usize,
}

fn native_nups(ctx: &NativeCtx<'_, '_>, f: Value) -> usize {
    match f {
        Value::Func(h) => match ctx.tx.function(h) {
            Ok(Function::Native { upvalues, .. }) => upvalues.len(),
            _ => 0,
        },
        _ => 0,
    }
}

fn function_info(ctx: &NativeCtx<'_, '_>, f: Value) -> Info {
    let proto = match f {
        Value::Func(h) => match ctx.tx.function(h) {
            Ok(Function::Lua { proto, .. }) => Some(Rc::clone(proto)),
            _ => None,
        },
        _ => None,
    };
    let what = match &proto {
        Some(p) if p.line_defined == 0 => "main",
        Some(_) => "Lua",
        None => "C",
    };
    Info {
        what,
        proto,
        func: f,
        currentline: -1,
        name: None,
        native_nups: native_nups(ctx, f),
    }
}

fn level_info(ctx: &NativeCtx<'_, '_>, v: &View<'_>, at: At) -> Info {
    let top_name = || {
        let c = v.frames.len().checked_sub(1).filter(|_| v.from_lua)?;
        call_site_name(ctx.tx, &v.frames[c].proto, frame_pc(v.frames, c))
    };
    match at {
        At::Native0(func, _, _) => Info {
            name: top_name(),
            ..function_info(ctx, func)
        },
        At::Level(Level::C(caller, func)) => {
            let name = caller
                .and_then(|c| call_site_name(ctx.tx, &v.frames[c].proto, frame_pc(v.frames, c)));
            let mut info = function_info(ctx, func);
            info.what = "C";
            info.proto = None;
            info.name = name;
            info
        }
        At::Level(Level::Tail(_)) => Info {
            what: "tail",
            proto: None,
            func: Value::Nil,
            currentline: -1,
            name: Some(("", String::new())),
            native_nups: 0,
        },
        At::Level(Level::Lua(i)) => {
            let f = &v.frames[i];
            let name = if i > 0 && f.tail == 0 && matches!(f.ret, ReturnTo::Caller) {
                call_site_name(ctx.tx, &v.frames[i - 1].proto, frame_pc(v.frames, i - 1))
            } else {
                None
            };
            Info {
                currentline: line_at(&f.proto, frame_pc(v.frames, i)) as i64,
                name,
                ..function_info(ctx, Value::Func(f.func))
            }
        }
    }
}

/// `debug.getinfo([thread,] f or level [, what])`: a table describing a function or stack level.
fn getinfo(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (thread, arg) = target(ctx);
    let options = match ctx.arg(arg + 2) {
        Value::Nil => b"flnSu".to_vec(),
        _ => ctx.check_bytes(arg + 2)?,
    };
    let info = match ctx.arg(arg + 1) {
        f @ Value::Func(_) => {
            if options.first() == Some(&b'>') {
                return Err(ctx.arg_error(arg + 2, "invalid option"));
            }
            function_info(ctx, f)
        }
        Value::Num(_) | Value::Str(_)
            if crate::exec::meta::to_number(ctx.tx, ctx.arg(arg + 1)).is_some() =>
        {
            let level = ctx.check_int(arg + 1)?;
            let found = with_view(ctx, thread, |v| {
                view_level(v, level).map(|at| level_info(ctx, v, at))
            })
            .map_err(|e| ctx.heap_error(e))?;
            match found {
                Some(info) => info,
                None => {
                    ctx.ret(Value::Nil);
                    return Ok(NativeReturn::Return);
                }
            }
        }
        _ => return Err(ctx.arg_error(arg + 1, "function or level expected")),
    };
    if options
        .iter()
        .any(|c| !matches!(c, b'S' | b'l' | b'u' | b'n' | b'f' | b'L'))
    {
        return Err(ctx.arg_error(arg + 2, "invalid option"));
    }
    let has = |c: u8| options.contains(&c);
    let t = ctx.tx.new_table(0, 2).map_err(|e| ctx.heap_error(e))?;
    let mut fields: Vec<(&str, Value)> = Vec::new();
    if has(b'S') {
        match (&info.proto, info.what) {
            (Some(p), _) => {
                let source = ctx.tx.intern(&p.source).map_err(|e| ctx.heap_error(e))?;
                fields.push(("source", Value::Str(source)));
                let short = ctx.tx.intern(&p.short_src).map_err(|e| ctx.heap_error(e))?;
                fields.push(("short_src", Value::Str(short)));
                fields.push(("linedefined", Value::Num(p.line_defined as f64)));
                fields.push(("lastlinedefined", Value::Num(p.last_line_defined as f64)));
            }
            (None, what) => {
                let (source, short) = if what == "tail" {
                    ("=(tail call)", "(tail call)")
                } else {
                    ("=[C]", "[C]")
                };
                fields.push(("source", intern(ctx, source)?));
                fields.push(("short_src", intern(ctx, short)?));
                fields.push(("linedefined", Value::Num(-1.0)));
                fields.push(("lastlinedefined", Value::Num(-1.0)));
            }
        }
        fields.push(("what", intern(ctx, info.what)?));
    }
    if has(b'l') {
        fields.push(("currentline", Value::Num(info.currentline as f64)));
    }
    if has(b'u') {
        let nups = match &info.proto {
            Some(p) => p.upvalues.len(),
            None => info.native_nups,
        };
        fields.push(("nups", Value::Num(nups as f64)));
    }
    if has(b'n') {
        match &info.name {
            Some((kind, n)) => {
                fields.push(("name", intern(ctx, n)?));
                fields.push(("namewhat", intern(ctx, kind)?));
            }
            None => fields.push(("namewhat", intern(ctx, "")?)),
        }
    }
    if has(b'L') {
        if let Some(p) = &info.proto {
            let lines = ctx.tx.new_table(0, 0).map_err(|e| ctx.heap_error(e))?;
            for &l in &p.lines {
                ctx.tx
                    .set(lines, Value::Num(l as f64), Value::Bool(true))
                    .map_err(|e| ctx.heap_error(e))?;
            }
            fields.push(("activelines", Value::Table(lines)));
        }
    }
    if has(b'f') && !info.func.is_nil() {
        fields.push(("func", info.func));
    }
    for (k, v) in fields {
        let key = intern(ctx, k)?;
        ctx.tx.set(t, key, v).map_err(|e| ctx.heap_error(e))?;
    }
    ctx.ret(Value::Table(t));
    Ok(NativeReturn::Return)
}

/// The name and slot of local `n` at `level` of a view (`Err`: no such level).
fn find_local(v: &View<'_>, level: i64, n: i64) -> Result<Option<(String, usize)>, ()> {
    match view_level(v, level).ok_or(())? {
        At::Native0(_, slot, end) => {
            // A native's own values: its arguments.
            Ok((n >= 1 && slot + (n as usize) < end)
                .then(|| ("(*temporary)".to_string(), slot + n as usize)))
        }
        At::Level(Level::Lua(i)) => {
            let top_slot = v.level0.filter(|_| v.from_lua).map(|(_, s, _)| s);
            let limit = frame_limit(v.frames, i, top_slot);
            Ok(frame_local(v.frames, i, n, limit))
        }
        At::Level(_) => Ok(None),
    }
}

/// `debug.getlocal([thread,] level, n)`: the name and value of local `n` at `level`.
fn getlocal(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (thread, arg) = target(ctx);
    let level = ctx.check_int(arg + 1)?;
    let n = ctx.check_int(arg + 2)?;
    let found = with_view(ctx, thread, |v| {
        find_local(v, level, n).map(|l| l.map(|(name, slot)| (name, v.stack.get(slot).copied())))
    })
    .map_err(|e| ctx.heap_error(e))?;
    match found {
        Err(()) => Err(ctx.arg_error(arg + 1, "level out of range")),
        Ok(Some((name, value))) => {
            ctx.ret_bytes(name.as_bytes())?;
            ctx.ret(value.unwrap_or(Value::Nil));
            Ok(NativeReturn::Return)
        }
        Ok(None) => {
            ctx.ret(Value::Nil);
            Ok(NativeReturn::Return)
        }
    }
}

/// `debug.setlocal([thread,] level, n, value)`: sets local `n` at `level`; its name, or nil.
fn setlocal(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (thread, arg) = target(ctx);
    let level = ctx.check_int(arg + 1)?;
    let found = with_view(ctx, thread, |v| view_level(v, level).is_some())
        .map_err(|e| ctx.heap_error(e))?;
    if !found {
        return Err(ctx.arg_error(arg + 1, "level out of range"));
    }
    let value = ctx.check_any(arg + 3)?;
    let n = ctx.check_int(arg + 2)?;
    let found = with_view(ctx, thread, |v| find_local(v, level, n).ok().flatten())
        .map_err(|e| ctx.heap_error(e))?;
    match found {
        Some((name, slot)) => {
            let own_args = level == 0 && thread.is_none();
            if !own_args {
                let t = match thread {
                    Some(t) => Some(t),
                    None => ctx.coroutine,
                };
                ctx.stack_write = Some((t, slot, value));
            }
            ctx.ret_bytes(name.as_bytes())?;
        }
        None => ctx.ret(Value::Nil),
    }
    Ok(NativeReturn::Return)
}

/// The thread whose hook `sethook`/`gethook` is about (the optional first argument, or the
/// running coroutine; `None`: the main thread), and where the other arguments start.
fn hooked_thread(ctx: &NativeCtx<'_, '_>) -> (Option<ThreadRef>, usize) {
    let (thread, arg) = target(ctx);
    (thread.or(ctx.coroutine), arg)
}

/// `debug.sethook([thread,] hook, mask [, count])`; with no hook, turns hooks off.
fn sethook(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (t, arg) = hooked_thread(ctx);
    let (func, mask, count) = if ctx.arg(arg + 1).is_nil() {
        (Value::Nil, 0, 0)
    } else {
        let smask = ctx.check_bytes(arg + 2)?;
        let func = match ctx.arg(arg + 1) {
            f @ Value::Func(_) => f,
            _ => return Err(ctx.type_error(arg + 1, "function")),
        };
        let count = ctx.opt_int(arg + 3, 0)?;
        let mut mask = 0;
        for (c, bit) in [(b'c', hook::CALL), (b'r', hook::RET), (b'l', hook::LINE)] {
            if smask.contains(&c) {
                mask |= bit;
            }
        }
        if count > 0 {
            mask |= hook::COUNT;
        }
        (func, mask, count)
    };
    let tx = &*ctx.tx;
    ctx.state
        .hooks
        .set(t, func, mask, count, &|co| tx.thread(co).is_ok());
    ctx.state.attention = true;
    Ok(NativeReturn::Return)
}

/// `debug.gethook([thread])`: the hook function, its mask and count.
fn gethook(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (t, _) = hooked_thread(ctx);
    let (func, mask, count) = match ctx.state.hooks.get(t) {
        Some(e) => (e.func, e.mask, e.count),
        None => (Value::Nil, 0, 0),
    };
    ctx.ret(func);
    ctx.ret_bytes(mask_string(mask).as_bytes())?;
    ctx.ret(Value::Num(count as f64));
    Ok(NativeReturn::Return)
}

fn intern(ctx: &mut NativeCtx<'_, '_>, s: &str) -> Result<Value, LuaError> {
    ctx.tx
        .intern(s.as_bytes())
        .map(Value::Str)
        .map_err(|e| ctx.heap_error(e))
}

/// The raw metatable of any value.
fn getmetatable(ctx: &mut NativeCtx<'_, '_>) -> R {
    let v = ctx.check_any(1)?;
    let mt =
        crate::exec::meta::metatable_of(ctx.tx, ctx.state, v).map_err(|e| ctx.heap_error(e))?;
    ctx.ret(mt.map_or(Value::Nil, Value::Table));
    Ok(NativeReturn::Return)
}

/// Sets the metatable of a table or userdata, or the one all values of another type share,
/// ignoring `__metatable`; returns true.
fn setmetatable(ctx: &mut NativeCtx<'_, '_>) -> R {
    let v = ctx.arg(1);
    let mt = match ctx.arg(2) {
        Value::Nil => None,
        Value::Table(t) => Some(t),
        _ => return Err(ctx.type_error(2, "nil or table")),
    };
    match v {
        Value::Table(t) => ctx.tx.set_metatable(t, mt).map_err(|e| ctx.heap_error(e))?,
        Value::UserData(u) => ctx
            .tx
            .set_userdata_metatable(u, mt)
            .map_err(|e| ctx.heap_error(e))?,
        other => {
            if let Some(slot) = ctx.state.type_meta.slot(other) {
                *slot = mt;
            }
        }
    }
    ctx.ret(Value::Bool(true));
    Ok(NativeReturn::Return)
}

fn getregistry(ctx: &mut NativeCtx<'_, '_>) -> R {
    ctx.ret(Value::Table(ctx.state.registry));
    Ok(NativeReturn::Return)
}

/// The thread and stack slot of an open upvalue (`None`: the main thread).
fn open_slot(
    h: crate::heap::Handle<Upvalue>,
    ctx: &NativeCtx<'_, '_>,
) -> Option<(Option<ThreadRef>, usize)> {
    match ctx.tx.upvalue(h) {
        Ok(Upvalue::Open { thread, slot }) => {
            let t = (thread != crate::exec::MAIN_THREAD).then_some(thread);
            Some((t, slot))
        }
        _ => None,
    }
}

/// A slot of a thread's stack (`None`: the main thread).
fn read_slot(ctx: &NativeCtx<'_, '_>, thread: Option<ThreadRef>, slot: usize) -> Value {
    let view = if thread == ctx.coroutine {
        None
    } else {
        thread
    };
    if view.is_none() && thread != ctx.coroutine {
        // The main thread, seen from a coroutine: it is one of the resumers.
        if let Some((_, st)) = ctx.resumers.iter().find(|(c, _)| c.is_none()) {
            return st.stack.get(slot).copied().unwrap_or(Value::Nil);
        }
    }
    with_view(ctx, view, |v| {
        v.stack.get(slot).copied().unwrap_or(Value::Nil)
    })
    .unwrap_or(Value::Nil)
}

/// The name and value of upvalue `n` of a Lua function (nothing for natives and bad indices).
fn getupvalue(ctx: &mut NativeCtx<'_, '_>) -> R {
    let Value::Func(f) = ctx.arg(1) else {
        return Err(ctx.type_error(1, "function"));
    };
    let n = ctx.check_int(2)?;
    let found = upvalue_at(ctx, f, n);
    if let Some((name, h)) = found {
        let v = match (ctx.tx.upvalue(h), open_slot(h, ctx)) {
            (Ok(Upvalue::Closed(v)), _) => v,
            (_, Some((t, slot))) => read_slot(ctx, t, slot),
            _ => Value::Nil,
        };
        ctx.ret_bytes(name.as_bytes())?;
        ctx.ret(v);
    }
    Ok(NativeReturn::Return)
}

fn setupvalue(ctx: &mut NativeCtx<'_, '_>) -> R {
    let Value::Func(f) = ctx.arg(1) else {
        return Err(ctx.type_error(1, "function"));
    };
    let n = ctx.check_int(2)?;
    let v = ctx.check_any(3)?;
    let found = upvalue_at(ctx, f, n);
    if let Some((name, h)) = found {
        if let Ok(Upvalue::Closed(_)) = ctx.tx.upvalue(h) {
            ctx.tx
                .set_upvalue(h, Upvalue::Closed(v))
                .map_err(|e| ctx.heap_error(e))?;
        } else if let Some((t, slot)) = open_slot(h, ctx) {
            ctx.stack_write = Some((t, slot, v));
        }
        ctx.ret_bytes(name.as_bytes())?;
    }
    Ok(NativeReturn::Return)
}

/// The name and handle of upvalue `n` (1-based) of a Lua function.
fn upvalue_at(
    ctx: &NativeCtx<'_, '_>,
    f: crate::value::FuncRef,
    n: i64,
) -> Option<(String, crate::heap::Handle<Upvalue>)> {
    match ctx.tx.function(f) {
        Ok(Function::Lua {
            proto, upvalues, ..
        }) if n >= 1 && (n as usize) <= upvalues.len() => {
            let name = proto
                .upvalue_names
                .get(n as usize - 1)
                .map(|s| s.to_string());
            Some((name.unwrap_or_default(), upvalues[n as usize - 1]))
        }
        _ => None,
    }
}

fn getfenv(ctx: &mut NativeCtx<'_, '_>) -> R {
    let env = match ctx.check_any(1)? {
        Value::Func(h) => match ctx.tx.function(h) {
            Ok(Function::Lua { env, .. } | Function::Native { env, .. }) => Value::Table(*env),
            Err(e) => return Err(ctx.heap_error(e)),
        },
        Value::UserData(u) => match ctx.tx.userdata(u) {
            Ok(ud) => ud.env.map_or(Value::Nil, Value::Table),
            Err(e) => return Err(ctx.heap_error(e)),
        },
        Value::Thread(co) => match ctx.tx.thread(co) {
            Ok(thread) => Value::Table(thread.globals.unwrap_or(ctx.state.globals)),
            Err(e) => return Err(ctx.heap_error(e)),
        },
        _ => Value::Nil,
    };
    ctx.ret(env);
    Ok(NativeReturn::Return)
}

fn setfenv(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(2)?;
    match ctx.arg(1) {
        Value::Func(h) => {
            ctx.tx
                .set_function_env(h, t)
                .map_err(|e| ctx.heap_error(e))?;
            ctx.state.env_changes += 1;
        }
        Value::UserData(u) => ctx
            .tx
            .set_userdata_env(u, t)
            .map_err(|e| ctx.heap_error(e))?,
        Value::Thread(co) => ctx
            .tx
            .set_thread_globals(co, t)
            .map_err(|e| ctx.heap_error(e))?,
        _ => return Err(ctx.error("'setfenv' cannot change environment of given object")),
    }
    ctx.ret(ctx.arg(1));
    Ok(NativeReturn::Return)
}
