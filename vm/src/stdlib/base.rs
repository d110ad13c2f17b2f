//! The base library: print, type, tostring, tonumber, pairs, ipairs, next, select, unpack,
//! error, assert, pcall, xpcall, raw access, metatables, loadstring/load, environments,
//! collectgarbage/gcinfo, `_G` and `_VERSION` — with Lua 5.1's argument checks and messages.

use std::io::Write;

use crate::exec::meta::{metamethod, metatable_of};
use crate::exec::{
    tostring_basic, CallArgs, Continuation, LuaError, NativeContinuation, NativeCtx, NativeReturn,
    Vm,
};
use crate::object::Function;
use crate::value::Value;

type R = Result<NativeReturn, LuaError>;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let natives: &[(&'static str, crate::object::NativeFn)] = &[
        ("assert", assert),
        ("collectgarbage", collectgarbage),
        ("error", error),
        ("gcinfo", gcinfo),
        ("getfenv", getfenv),
        ("getmetatable", getmetatable),
        ("ipairs", ipairs),
        ("load", load),
        ("loadstring", loadstring),
        ("newproxy", newproxy),
        ("next", next),
        ("pairs", pairs),
        ("pcall", pcall),
        ("print", print),
        ("rawequal", rawequal),
        ("rawget", rawget),
        ("rawset", rawset),
        ("select", select),
        ("setfenv", setfenv),
        ("setmetatable", setmetatable),
        ("tonumber", tonumber),
        ("tostring", tostring),
        ("type", type_),
        ("unpack", unpack),
        ("xpcall", xpcall),
    ];
    for (name, f) in natives {
        vm.register(None, name, *f)?;
    }
    let g = crate::value::Value::Table(vm.state.globals);
    vm.set_global("_G", g)?;
    let version = vm.intern(crate::LUA_VERSION.as_bytes())?;
    vm.set_global("_VERSION", version)?;
    // pairs and ipairs hand out these (5.1 keeps them as upvalues, so redefining the globals
    // does not change what pairs returns).
    let mut tx = vm.heap.transaction();
    // A second closure of `next`, as in 5.1: `pairs(t)` does not return the global `next`.
    vm.state.lib_next = crate::exec::new_native(&mut tx, &vm.state, "next", next, Vec::new())
        .map_err(|e| LuaError::from_heap(&mut tx, e))?;
    vm.state.lib_inext = crate::exec::new_native(
        &mut tx,
        &vm.state,
        "ipairs_iterator",
        ipairs_aux,
        Vec::new(),
    )
    .map_err(|e| LuaError::from_heap(&mut tx, e))?;
    tx.commit();
    Ok(())
}

fn type_(ctx: &mut NativeCtx<'_, '_>) -> R {
    let v = ctx.check_any(1)?;
    ctx.ret_bytes(v.type_name().as_bytes())?;
    Ok(NativeReturn::Return)
}

/// `tostring(v)`: `__tostring` when present, else the basic text.
fn tostring(ctx: &mut NativeCtx<'_, '_>) -> R {
    let v = ctx.check_any(1)?;
    let tm = metamethod(ctx.tx, ctx.state, v, ctx.state.names.tostring)
        .map_err(|e| ctx.heap_error(e))?;
    if !tm.is_nil() {
        return Ok(NativeReturn::Call {
            func: tm,
            args: smallvec::smallvec![v],
            then: Continuation::Native(Box::new(FirstResult)),
        });
    }
    let text = tostring_basic(ctx.tx, v);
    ctx.ret_bytes(&text)?;
    Ok(NativeReturn::Return)
}

/// Returns exactly the first result of a call.
struct FirstResult;

impl NativeContinuation for FirstResult {
    fn resume(self: Box<Self>, ctx: &mut NativeCtx<'_, '_>, results: &[Value]) -> R {
        ctx.ret(results.first().copied().unwrap_or(Value::Nil));
        Ok(NativeReturn::Return)
    }
}

/// `print(...)`: each argument through the global `tostring`, tab-separated.
fn print(ctx: &mut NativeCtx<'_, '_>) -> R {
    let key = ctx.tx.intern(b"tostring").map_err(|e| ctx.heap_error(e))?;
    let tostring_fn = ctx
        .tx
        .get(ctx.thread_globals(), &Value::Str(key))
        .map_err(|e| ctx.heap_error(e))?;
    let state = Box::new(Printer {
        tostring_fn,
        args: ctx.args.to_vec(),
        next: 0,
        line: Vec::new(),
    });
    state.step(ctx)
}

/// What C's `fputs` writes of a string: the bytes before the first zero.
fn until_nul(s: &[u8]) -> &[u8] {
    &s[..s.iter().position(|&b| b == 0).unwrap_or(s.len())]
}

struct Printer {
    tostring_fn: Value,
    args: Vec<Value>,
    next: usize,
    line: Vec<u8>,
}

impl Printer {
    /// Formats arguments directly while the builtin `tostring` would give the basic text, and
    /// calls `tostring` through the loop otherwise.
    fn step(mut self: Box<Self>, ctx: &mut NativeCtx<'_, '_>) -> R {
        let builtin = match self.tostring_fn {
            Value::Func(h) => {
                matches!(ctx.tx.function(h), Ok(Function::Native { f, .. }) if std::ptr::fn_addr_eq(*f, tostring as crate::object::NativeFn))
            }
            _ => false,
        };
        while self.next < self.args.len() {
            let v = self.args[self.next];
            let plain = builtin
                && metamethod(ctx.tx, ctx.state, v, ctx.state.names.tostring)
                    .map_err(|e| ctx.heap_error(e))?
                    .is_nil();
            if !plain {
                let func = self.tostring_fn;
                return Ok(NativeReturn::Call {
                    func,
                    args: smallvec::smallvec![v],
                    then: Continuation::Native(self),
                });
            }
            if self.next > 0 {
                self.line.push(b'\t');
            }
            let text = tostring_basic(ctx.tx, v);
            self.line.extend_from_slice(until_nul(&text));
            self.next += 1;
        }
        self.line.push(b'\n');
        let _ = ctx.state.stdout.write_all(&self.line);
        Ok(NativeReturn::Return)
    }
}

impl NativeContinuation for Printer {
    fn resume(mut self: Box<Self>, ctx: &mut NativeCtx<'_, '_>, results: &[Value]) -> R {
        let s = match results.first() {
            Some(Value::Str(s)) => ctx.tx.str_bytes(*s).map(|b| b.to_vec()).unwrap_or_default(),
            Some(Value::Num(n)) => crate::number::number_to_string(*n).into_bytes(),
            _ => return Err(ctx.error("'tostring' must return a string to 'print'")),
        };
        if self.next > 0 {
            self.line.push(b'\t');
        }
        self.line.extend_from_slice(until_nul(&s));
        self.next += 1;
        self.step(ctx)
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        f(self.tostring_fn);
        self.args.iter().for_each(|v| f(*v));
    }
}

/// C's `strtoul` for `tonumber(s, base)`: white space, a sign (negation wraps), digits of the
/// base (and `0x` for base 16); the count of bytes read (0 when nothing was).
fn strtoul(s: &[u8], base: u32) -> (u64, usize) {
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let mut negative = false;
    if i < s.len() && (s[i] == b'-' || s[i] == b'+') {
        negative = s[i] == b'-';
        i += 1;
    }
    if base == 16
        && i + 1 < s.len()
        && s[i] == b'0'
        && (s[i + 1] | 0x20) == b'x'
        && s.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
    {
        i += 2;
    }
    let start = i;
    let mut value: u64 = 0;
    let mut overflow = false;
    while i < s.len() {
        let Some(d) = (s[i] as char).to_digit(36).filter(|d| *d < base) else {
            break;
        };
        match value
            .checked_mul(base as u64)
            .and_then(|v| v.checked_add(d as u64))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return (0, 0);
    }
    if overflow {
        return (u64::MAX, i);
    }
    (
        if negative {
            value.wrapping_neg()
        } else {
            value
        },
        i,
    )
}

fn tonumber(ctx: &mut NativeCtx<'_, '_>) -> R {
    let base = ctx.opt_int(2, 10)?;
    if base == 10 {
        let v = ctx.check_any(1)?;
        let n = crate::exec::meta::to_number(ctx.tx, v);
        ctx.ret(n.map_or(Value::Nil, Value::Num));
        return Ok(NativeReturn::Return);
    }
    let s = ctx.check_bytes(1)?;
    if !(2..=36).contains(&base) {
        return Err(ctx.arg_error(2, "base out of range"));
    }
    let s = &s[..s.iter().position(|&b| b == 0).unwrap_or(s.len())];
    let (n, used) = strtoul(s, base as u32);
    let rest_blank = used > 0
        && s[used..]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c));
    ctx.ret(if rest_blank {
        Value::Num(n as f64)
    } else {
        Value::Nil
    });
    Ok(NativeReturn::Return)
}

fn rawequal(ctx: &mut NativeCtx<'_, '_>) -> R {
    let a = ctx.check_any(1)?;
    let b = ctx.check_any(2)?;
    ctx.ret(Value::Bool(a == b));
    Ok(NativeReturn::Return)
}

fn rawget(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    let k = ctx.check_any(2)?;
    let v = ctx.tx.get(t, &k).map_err(|e| ctx.heap_error(e))?;
    ctx.ret(v);
    Ok(NativeReturn::Return)
}

fn rawset(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    let k = ctx.check_any(2)?;
    let v = ctx.check_any(3)?;
    match ctx.tx.set(t, k, v) {
        Ok(()) => {}
        Err(crate::heap::HeapError::Table(e)) => {
            return Err(ctx.error_value_text(e.message().as_bytes()))
        }
        Err(e) => return Err(ctx.heap_error(e)),
    }
    ctx.ret(Value::Table(t));
    Ok(NativeReturn::Return)
}

fn setmetatable(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    let mt = match ctx.arg(2) {
        Value::Nil => None,
        Value::Table(m) => Some(m),
        _ => return Err(ctx.arg_error(2, "nil or table expected")),
    };
    if let Some(old) = ctx.tx.metatable(t).map_err(|e| ctx.heap_error(e))? {
        let protected = ctx
            .tx
            .get(old, &Value::Str(ctx.state.names.metatable))
            .map_err(|e| ctx.heap_error(e))?;
        if !protected.is_nil() {
            return Err(ctx.error("cannot change a protected metatable"));
        }
    }
    ctx.tx.set_metatable(t, mt).map_err(|e| ctx.heap_error(e))?;
    ctx.ret(Value::Table(t));
    Ok(NativeReturn::Return)
}

fn getmetatable(ctx: &mut NativeCtx<'_, '_>) -> R {
    let v = ctx.check_any(1)?;
    let mt = metatable_of(ctx.tx, ctx.state, v).map_err(|e| ctx.heap_error(e))?;
    let Some(mt) = mt else {
        ctx.ret(Value::Nil);
        return Ok(NativeReturn::Return);
    };
    let protected = ctx
        .tx
        .get(mt, &Value::Str(ctx.state.names.metatable))
        .map_err(|e| ctx.heap_error(e))?;
    ctx.ret(if protected.is_nil() {
        Value::Table(mt)
    } else {
        protected
    });
    Ok(NativeReturn::Return)
}

fn next(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    let k = ctx.arg(2);
    match ctx.tx.next(t, &k) {
        Ok(Some((k, v))) => {
            ctx.ret(k);
            ctx.ret(v);
        }
        Ok(None) => ctx.ret(Value::Nil),
        Err(crate::heap::HeapError::Table(e)) => return Err(ctx.error(e.message())),
        Err(e) => return Err(ctx.heap_error(e)),
    }
    Ok(NativeReturn::Return)
}

fn pairs(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    ctx.ret(ctx.state.lib_next);
    ctx.ret(Value::Table(t));
    ctx.ret(Value::Nil);
    Ok(NativeReturn::Return)
}

fn ipairs(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    ctx.ret(ctx.state.lib_inext);
    ctx.ret(Value::Table(t));
    ctx.ret(Value::Num(0.0));
    Ok(NativeReturn::Return)
}

fn ipairs_aux(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    let i = ctx.check_int(2)? + 1;
    let v = ctx
        .tx
        .get(t, &Value::Num(i as f64))
        .map_err(|e| ctx.heap_error(e))?;
    if v.is_nil() {
        return Ok(NativeReturn::Return);
    }
    ctx.ret(Value::Num(i as f64));
    ctx.ret(v);
    Ok(NativeReturn::Return)
}

fn select(ctx: &mut NativeCtx<'_, '_>) -> R {
    let total = ctx.args.len() as i64;
    if let Value::Str(s) = ctx.arg(1) {
        if ctx.tx.str_bytes(s).is_ok_and(|b| b.first() == Some(&b'#')) {
            ctx.ret(Value::Num((total - 1) as f64));
            return Ok(NativeReturn::Return);
        }
    }
    let mut n = ctx.check_int(1)?;
    if n < 0 {
        n += total;
    } else if n > total {
        n = total;
    }
    if n < 1 {
        return Err(ctx.arg_error(1, "index out of range"));
    }
    let rest: Vec<Value> = ctx.args[n as usize..].to_vec();
    ctx.out.extend(rest);
    Ok(NativeReturn::Return)
}

/// PUC's limit on the values one C function may push (LUAI_MAXCSTACK).
const MAX_C_STACK: i64 = 8000;

fn unpack(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    let i = ctx.opt_int(2, 1)?;
    let j = match ctx.arg(3) {
        Value::Nil => ctx.tx.border(t).map_err(|e| ctx.heap_error(e))? as i64,
        _ => ctx.check_int(3)?,
    };
    if i > j {
        return Ok(NativeReturn::Return);
    }
    let n = j.wrapping_sub(i).wrapping_add(1);
    if n <= 0 || n >= i32::MAX as i64 || n + ctx.args.len() as i64 > MAX_C_STACK {
        return Err(ctx.error("too many results to unpack"));
    }
    for k in i..=j {
        let v = ctx
            .tx
            .get(t, &Value::Num(k as f64))
            .map_err(|e| ctx.heap_error(e))?;
        ctx.ret(v);
    }
    Ok(NativeReturn::Return)
}

fn error(ctx: &mut NativeCtx<'_, '_>) -> R {
    let v = ctx.arg(1);
    let level = ctx.opt_int(2, 1)?;
    // Strings and numbers (which Lua counts as strings) get the position of `level`.
    let text = match v {
        Value::Str(s) => Some(ctx.tx.str_bytes(s).map(|b| b.to_vec()).unwrap_or_default()),
        Value::Num(n) => Some(crate::number::number_to_string(n).into_bytes()),
        _ => None,
    };
    if let Some(body) = text {
        if level > 0 {
            let pos = ctx.where_(level as usize);
            if !pos.is_empty() {
                let mut text = pos.into_bytes();
                text.push(b' ');
                text.extend_from_slice(&body);
                return Err(ctx.error_value_text(&text));
            }
        }
    }
    Err(LuaError::Value(v))
}

fn assert(ctx: &mut NativeCtx<'_, '_>) -> R {
    let v = ctx.check_any(1)?;
    if v.truthy() {
        let all = ctx.args.to_vec();
        ctx.out.extend(all);
        return Ok(NativeReturn::Return);
    }
    let msg = match ctx.arg(2) {
        Value::Nil => b"assertion failed!".to_vec(),
        _ => ctx.check_bytes(2)?,
    };
    Err(ctx.error(String::from_utf8_lossy(&msg)))
}

fn pcall(ctx: &mut NativeCtx<'_, '_>) -> R {
    let f = ctx.check_any(1)?;
    Ok(NativeReturn::Call {
        func: f,
        args: CallArgs::from_slice(&ctx.args[1..]),
        then: Continuation::Pcall,
    })
}

fn xpcall(ctx: &mut NativeCtx<'_, '_>) -> R {
    ctx.check_any(2)?;
    let f = ctx.arg(1);
    let handler = ctx.arg(2);
    Ok(NativeReturn::Call {
        func: f,
        args: CallArgs::new(),
        then: Continuation::Xpcall { handler },
    })
}

fn compile_result(ctx: &mut NativeCtx<'_, '_>, source: &[u8], chunkname: &[u8]) -> R {
    let env = ctx.thread_globals();
    match crate::exec::load_chunk_in(ctx.tx, ctx.state, env, source, chunkname) {
        Ok(f) => ctx.ret(Value::Func(f)),
        Err(msg) => {
            ctx.ret(Value::Nil);
            ctx.ret_bytes(&msg)?;
        }
    }
    Ok(NativeReturn::Return)
}

fn loadstring(ctx: &mut NativeCtx<'_, '_>) -> R {
    let source = ctx.check_bytes(1)?;
    let name = match ctx.arg(2) {
        Value::Nil => source.clone(),
        _ => ctx.check_bytes(2)?,
    };
    compile_result(ctx, &source, &name)
}

/// `load(reader [, chunkname])`: calls the reader until it returns nil or "".
fn load(ctx: &mut NativeCtx<'_, '_>) -> R {
    let reader = ctx.arg(1);
    if !matches!(reader, Value::Func(_)) {
        return Err(ctx.type_error(1, "function"));
    }
    let name = match ctx.arg(2) {
        Value::Nil => b"=(load)".to_vec(),
        _ => ctx.check_bytes(2)?,
    };
    Ok(NativeReturn::Call {
        func: reader,
        args: CallArgs::new(),
        then: Continuation::Catching(Box::new(Loader {
            reader,
            name,
            source: Vec::new(),
        })),
    })
}

struct Loader {
    reader: Value,
    name: Vec<u8>,
    source: Vec<u8>,
}

impl NativeContinuation for Loader {
    fn resume(mut self: Box<Self>, ctx: &mut NativeCtx<'_, '_>, results: &[Value]) -> R {
        // The reader is called protected: its error makes load return nil and the message.
        if results.first() == Some(&Value::Bool(false)) {
            ctx.ret(Value::Nil);
            ctx.ret(results.get(1).copied().unwrap_or(Value::Nil));
            return Ok(NativeReturn::Return);
        }
        let results = &results[1.min(results.len())..];
        let piece = match results.first().copied().unwrap_or(Value::Nil) {
            Value::Nil => None,
            Value::Str(s) => Some(ctx.tx.str_bytes(s).map(|b| b.to_vec()).unwrap_or_default()),
            Value::Num(n) => Some(crate::number::number_to_string(n).into_bytes()),
            _ => {
                ctx.ret(Value::Nil);
                ctx.ret_bytes(b"reader function must return a string")?;
                return Ok(NativeReturn::Return);
            }
        };
        match piece {
            Some(p) if !p.is_empty() => {
                self.source.extend_from_slice(&p);
                let reader = self.reader;
                Ok(NativeReturn::Call {
                    func: reader,
                    args: CallArgs::new(),
                    then: Continuation::Catching(self),
                })
            }
            _ => {
                let (source, name) = (
                    std::mem::take(&mut self.source),
                    std::mem::take(&mut self.name),
                );
                compile_result(ctx, &source, &name)
            }
        }
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        f(self.reader);
    }
}

fn gcinfo(ctx: &mut NativeCtx<'_, '_>) -> R {
    let kb = ctx.tx.heap().bytes_in_use() / 1024;
    ctx.ret(Value::Num(kb as f64));
    Ok(NativeReturn::Return)
}

fn collectgarbage(ctx: &mut NativeCtx<'_, '_>) -> R {
    let opt = match ctx.arg(1) {
        Value::Nil => b"collect".to_vec(),
        _ => ctx.check_bytes(1)?,
    };
    let arg = ctx.opt_int(2, 0)?;
    let result = match opt.as_slice() {
        b"collect" => {
            ctx.tx.restart_step_cycle();
            return Ok(collect_then_finalize(Value::Num(0.0)));
        }
        b"count" => Value::Num(ctx.tx.heap().bytes_in_use() as f64 / 1024.0),
        b"step" => {
            // A step does a share of a cycle's work, as in Lua 5.1's incremental collector:
            // one basic step plus one per KB of `arg`, each worth 10 units per percent of the
            // step multiplier (0: unlimited). This collector is not incremental: the cycle
            // runs, whole, at the step that completes its work (a unit per byte in use).
            let kb = arg.max(0) as usize;
            let in_use = ctx.tx.heap().bytes_in_use();
            let steps = 1 + kb.saturating_mul(1024).min(in_use) / 1024;
            let work = match ctx.state.gc_stepmul {
                m if m <= 0 => usize::MAX,
                m => steps.saturating_mul(10).saturating_mul(m as usize),
            };
            if ctx.tx.step_collection(work) {
                return Ok(collect_then_finalize(Value::Bool(true)));
            }
            Value::Bool(false)
        }
        b"stop" => {
            ctx.state.gc_running = false;
            Value::Num(0.0)
        }
        b"restart" => {
            ctx.state.gc_running = true;
            Value::Num(0.0)
        }
        b"setpause" => Value::Num(std::mem::replace(&mut ctx.state.gc_pause, arg) as f64),
        b"setstepmul" => Value::Num(std::mem::replace(&mut ctx.state.gc_stepmul, arg) as f64),
        _ => {
            let text = String::from_utf8_lossy(&opt).into_owned();
            return Err(ctx.arg_error(1, &format!("invalid option '{text}'")));
        }
    };
    ctx.ret(result);
    Ok(NativeReturn::Return)
}

/// A full collection now, then the finalizers it queued, one after another (an error in one is
/// raised by `collectgarbage`); then `result`.
fn collect_then_finalize(result: Value) -> NativeReturn {
    NativeReturn::Collect(crate::exec::finalize::run_finalizers(result))
}

/// The function at `level` (1 = the caller of getfenv/setfenv), for environments.
fn function_at_level(
    ctx: &mut NativeCtx<'_, '_>,
    level: i64,
) -> Result<Option<crate::value::FuncRef>, LuaError> {
    use crate::exec::debug::{level_at, Level};
    if level < 1 {
        return Ok(None);
    }
    match level_at(ctx.frames, ctx.from_lua, level as usize) {
        Some(Level::Lua(i)) => Ok(ctx.frames.get(i).map(|f| f.func)),
        Some(Level::C(_, Value::Func(h))) => Ok(Some(h)),
        Some(Level::Tail(_)) => Err(ctx.error(format!(
            "no function environment for tail call at level {level}"
        ))),
        _ => Ok(None),
    }
}

fn function_env(ctx: &mut NativeCtx<'_, '_>, h: crate::value::FuncRef) -> Result<Value, LuaError> {
    match ctx.tx.function(h) {
        Ok(Function::Lua { env, .. } | Function::Native { env, .. }) => Ok(Value::Table(*env)),
        Err(e) => Err(ctx.heap_error(e)),
    }
}

fn getfenv(ctx: &mut NativeCtx<'_, '_>) -> R {
    let env = match ctx.arg(1) {
        Value::Func(h) => function_env(ctx, h)?,
        v => {
            let level = if v.is_nil() { 1 } else { ctx.check_int(1)? };
            if level < 0 {
                return Err(ctx.arg_error(1, "level must be non-negative"));
            }
            if level == 0 {
                Value::Table(ctx.thread_globals())
            } else {
                match function_at_level(ctx, level)? {
                    Some(h) => function_env(ctx, h)?,
                    None if level as usize > ctx.frames.len() => {
                        return Err(ctx.arg_error(1, "invalid level"));
                    }
                    None => Value::Table(ctx.state.globals),
                }
            }
        }
    };
    ctx.ret(env);
    Ok(NativeReturn::Return)
}

fn setfenv(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(2)?;
    let target = match ctx.arg(1) {
        Value::Func(h) => Some(h),
        v => {
            let level = ctx.check_int(1)?;
            let _ = v;
            if level == 0 {
                match ctx.coroutine {
                    Some(co) => {
                        // A stale coroutine handle cannot happen here (it is running).
                        let _ = ctx.tx.set_thread_globals(co, t);
                    }
                    None => ctx.state.globals = t,
                }
                return Ok(NativeReturn::Return);
            }
            match function_at_level(ctx, level)? {
                Some(h) => Some(h),
                None => return Err(ctx.arg_error(1, "invalid level")),
            }
        }
    };
    if let Some(h) = target {
        if matches!(ctx.tx.function(h), Ok(Function::Native { .. })) {
            return Err(ctx.error("'setfenv' cannot change environment of given object"));
        }
        ctx.tx
            .set_function_env(h, t)
            .map_err(|e| ctx.heap_error(e))?;
        ctx.state.env_changes += 1;
        ctx.ret(Value::Func(h));
    }
    Ok(NativeReturn::Return)
}

/// `newproxy(false | true | proxy)`: a userdata without a metatable, with a fresh one, or
/// sharing another proxy's.
fn newproxy(ctx: &mut NativeCtx<'_, '_>) -> R {
    let metatable = match ctx.arg(1) {
        Value::Nil | Value::Bool(false) => None,
        Value::Bool(true) => Some(ctx.tx.new_table(0, 0).map_err(|e| ctx.heap_error(e))?),
        Value::UserData(u) => match ctx.tx.userdata(u) {
            Ok(ud) => ud.metatable,
            Err(e) => return Err(ctx.heap_error(e)),
        },
        _ => return Err(ctx.arg_error(1, "boolean or proxy expected")),
    };
    let u = ctx
        .tx
        .new_userdata(crate::object::UserData {
            metatable,
            ..Default::default()
        })
        .map_err(|e| ctx.heap_error(e))?;
    ctx.ret(Value::UserData(u));
    Ok(NativeReturn::Return)
}
