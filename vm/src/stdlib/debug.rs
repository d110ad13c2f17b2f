//! The `debug` library, for the `ferrous-lua` command line (scripts in the server never see
//! it, as in Redis): traceback, getinfo, getmetatable/setmetatable, getregistry, getupvalue /
//! setupvalue, getfenv/setfenv.

use crate::exec::debug::{levels, short_src, traceback_line, truncate_traceback, Level};
use crate::exec::{LuaError, NativeCtx, NativeReturn, Vm};
use crate::object::{Function, Upvalue};
use crate::value::Value;

type R = Result<NativeReturn, LuaError>;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let natives: &[(&'static str, crate::object::NativeFn)] = &[
        ("getfenv", getfenv),
        ("getinfo", getinfo),
        ("getmetatable", getmetatable),
        ("getregistry", getregistry),
        ("getupvalue", getupvalue),
        ("setfenv", setfenv),
        ("setmetatable", setmetatable),
        ("setupvalue", setupvalue),
        ("traceback", traceback),
    ];
    for (name, f) in natives {
        vm.register(Some("debug"), name, *f)?;
    }
    Ok(())
}

/// `debug.traceback([msg [, level]])`: the message and the stack from `level` (default 1, the
/// caller) down, as lua5.1 prints it.
fn traceback(ctx: &mut NativeCtx<'_, '_>) -> R {
    let msg = ctx.arg(1);
    if !matches!(msg, Value::Nil | Value::Str(_) | Value::Num(_)) {
        ctx.ret(msg);
        return Ok(NativeReturn::Return);
    }
    let level = ctx.opt_int(2, 1)?.max(0) as usize;
    let all = levels(ctx.frames, ctx.from_lua);
    let mut lines: Vec<String> = all
        .iter()
        .skip(level.saturating_sub(1))
        .map(|l| traceback_line(ctx.tx, ctx.frames, *l))
        .collect();
    if ctx.coroutine.is_none() {
        // The main chunk was called from C.
        lines.push("\t[C]: ?".to_string());
    }
    let mut text = match msg {
        Value::Nil => Vec::new(),
        _ => {
            let mut t = ctx.check_bytes(1)?;
            t.push(b'\n');
            t
        }
    };
    text.extend_from_slice(b"stack traceback:");
    for line in truncate_traceback(lines) {
        text.push(b'\n');
        text.extend_from_slice(line.as_bytes());
    }
    ctx.ret_bytes(&text)?;
    Ok(NativeReturn::Return)
}

/// `debug.getinfo(f or level [, what])`: a table describing a function or stack level.
fn getinfo(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (func, frame) = match ctx.arg(1) {
        Value::Func(h) => (Some(h), None),
        Value::Num(_) | Value::Str(_) => {
            let level = ctx.check_int(1)?;
            if level == 0 {
                // Level 0 is getinfo itself, a native.
                (None, None)
            } else {
                match levels(ctx.frames, ctx.from_lua).get(level as usize - 1) {
                    Some(Level::Lua(i)) => (Some(ctx.frames[*i].func), Some(*i)),
                    Some(_) => (None, None),
                    None => {
                        ctx.ret(Value::Nil);
                        return Ok(NativeReturn::Return);
                    }
                }
            }
        }
        _ => return Err(ctx.arg_error(1, "function or level expected")),
    };
    let t = ctx.tx.new_table(0, 8).map_err(|e| ctx.heap_error(e))?;
    let mut fields: Vec<(&str, Value)> = Vec::new();
    let proto = func.and_then(|h| match ctx.tx.function(h) {
        Ok(Function::Lua { proto, .. }) => Some(std::rc::Rc::clone(proto)),
        _ => None,
    });
    match &proto {
        Some(p) => {
            let what = if p.line_defined == 0 { "main" } else { "Lua" };
            fields.push(("what", intern(ctx, what)?));
            let source = ctx.tx.intern(&p.source).map_err(|e| ctx.heap_error(e))?;
            fields.push(("source", Value::Str(source)));
            fields.push(("short_src", intern(ctx, &short_src(p))?));
            fields.push(("linedefined", Value::Num(p.line_defined as f64)));
            fields.push(("lastlinedefined", Value::Num(p.last_line_defined as f64)));
            fields.push(("nups", Value::Num(p.upvalues.len() as f64)));
            let line = frame.map_or(-1.0, |i| {
                let f = &ctx.frames[i];
                crate::exec::debug::line_at(&f.proto, f.pc.get().saturating_sub(1)) as f64
            });
            fields.push(("currentline", Value::Num(line)));
        }
        None => {
            fields.push(("what", intern(ctx, "C")?));
            fields.push(("source", intern(ctx, "=[C]")?));
            fields.push(("short_src", intern(ctx, "[C]")?));
            fields.push(("linedefined", Value::Num(-1.0)));
            fields.push(("lastlinedefined", Value::Num(-1.0)));
            fields.push(("currentline", Value::Num(-1.0)));
            fields.push(("nups", Value::Num(0.0)));
        }
    }
    if let Some(h) = func {
        fields.push(("func", Value::Func(h)));
    }
    // The name the calling instruction used ("global", "local", "method", "field", ...).
    let name = frame.and_then(|i| {
        let f = &ctx.frames[i];
        if i == 0 || f.tail > 0 || !matches!(f.ret, crate::exec::ReturnTo::Caller) {
            return None;
        }
        let caller = &ctx.frames[i - 1];
        crate::exec::debug::call_site_name(ctx.tx, &caller.proto, caller.pc.get().saturating_sub(1))
    });
    match name {
        Some((kind, n)) => {
            fields.push(("name", intern(ctx, &n)?));
            fields.push(("namewhat", intern(ctx, kind)?));
        }
        None => fields.push(("namewhat", intern(ctx, "")?)),
    }
    for (k, v) in fields {
        let key = intern(ctx, k)?;
        ctx.tx.set(t, key, v).map_err(|e| ctx.heap_error(e))?;
    }
    ctx.ret(Value::Table(t));
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

/// The name and value of upvalue `n` of a Lua function (nothing for natives and bad indices).
fn getupvalue(ctx: &mut NativeCtx<'_, '_>) -> R {
    let Value::Func(f) = ctx.arg(1) else {
        return Err(ctx.type_error(1, "function"));
    };
    let n = ctx.check_int(2)?;
    let found = upvalue_at(ctx, f, n);
    if let Some((name, h)) = found {
        let v = match ctx.tx.upvalue(h) {
            Ok(Upvalue::Closed(v)) => v,
            // An open upvalue's variable is on a stack this native cannot read: only the main
            // thread's running frames hold it, and they are the caller's.
            Ok(Upvalue::Open { .. }) | Err(_) => Value::Nil,
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
    let env = match ctx.arg(1) {
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
