//! `coroutine.*`: create, resume, yield, status, wrap, running. The switching itself is the
//! executor's; these check arguments and states with Lua 5.1's messages.

use crate::exec::{new_coroutine, new_native, LuaError, NativeCtx, NativeReturn, Vm};
use crate::object::{CoStatus, Function};
use crate::value::{ThreadRef, Value};

type R = Result<NativeReturn, LuaError>;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let natives: &[(&'static str, crate::object::NativeFn)] = &[
        ("create", create),
        ("resume", resume),
        ("running", running),
        ("status", status),
        ("wrap", wrap),
        ("yield", yield_),
    ];
    for (name, f) in natives {
        vm.register(Some("coroutine"), name, *f)?;
    }
    Ok(())
}

fn check_lua_function(ctx: &mut NativeCtx<'_, '_>) -> Result<Value, LuaError> {
    let f = ctx.arg(1);
    let is_lua = match f {
        Value::Func(h) => matches!(ctx.tx.function(h), Ok(Function::Lua { .. })),
        _ => false,
    };
    if !is_lua {
        return Err(ctx.arg_error(1, "Lua function expected"));
    }
    Ok(f)
}

fn create(ctx: &mut NativeCtx<'_, '_>) -> R {
    let f = check_lua_function(ctx)?;
    let own = own_globals(ctx);
    let co = new_coroutine(ctx.tx, f, own).map_err(|e| ctx.heap_error(e))?;
    ctx.ret(Value::Thread(co));
    Ok(NativeReturn::Return)
}

/// The creator's own global table, if it has one (a new coroutine inherits it).
fn own_globals(ctx: &NativeCtx<'_, '_>) -> Option<crate::value::TableRef> {
    ctx.coroutine
        .and_then(|co| ctx.tx.thread(co).ok().and_then(|t| t.globals))
}

fn check_coroutine(ctx: &mut NativeCtx<'_, '_>) -> Result<ThreadRef, LuaError> {
    match ctx.arg(1) {
        Value::Thread(t) => Ok(t),
        _ => Err(ctx.arg_error(1, "coroutine expected")),
    }
}

/// Why `co` cannot be resumed now, if it cannot.
fn not_resumable(ctx: &NativeCtx<'_, '_>, co: ThreadRef) -> Option<&'static str> {
    if Some(co) == ctx.coroutine {
        return Some("cannot resume running coroutine");
    }
    match ctx.tx.thread(co).map(|t| t.status) {
        Ok(CoStatus::Suspended) => None,
        Ok(CoStatus::Dead) | Err(_) => Some("cannot resume dead coroutine"),
        Ok(CoStatus::Running) => Some("cannot resume running coroutine"),
        Ok(CoStatus::Normal) => Some("cannot resume normal coroutine"),
    }
}

fn resume(ctx: &mut NativeCtx<'_, '_>) -> R {
    let co = check_coroutine(ctx)?;
    if let Some(msg) = not_resumable(ctx, co) {
        ctx.ret(Value::Bool(false));
        ctx.ret_bytes(msg.as_bytes())?;
        return Ok(NativeReturn::Return);
    }
    Ok(NativeReturn::Resume {
        thread: co,
        args: ctx.args[1..].to_vec(),
        wrap: false,
    })
}

fn yield_(ctx: &mut NativeCtx<'_, '_>) -> R {
    let values = ctx.args.to_vec();
    ctx.out.extend(values);
    Ok(NativeReturn::Yield)
}

fn status(ctx: &mut NativeCtx<'_, '_>) -> R {
    let co = check_coroutine(ctx)?;
    let text: &[u8] = if Some(co) == ctx.coroutine {
        b"running"
    } else {
        match ctx.tx.thread(co).map(|t| t.status) {
            Ok(CoStatus::Suspended) => b"suspended",
            Ok(CoStatus::Running) => b"running",
            Ok(CoStatus::Normal) => b"normal",
            Ok(CoStatus::Dead) | Err(_) => b"dead",
        }
    };
    ctx.ret_bytes(text)?;
    Ok(NativeReturn::Return)
}

fn running(ctx: &mut NativeCtx<'_, '_>) -> R {
    ctx.ret(ctx.coroutine.map_or(Value::Nil, Value::Thread));
    Ok(NativeReturn::Return)
}

fn wrap(ctx: &mut NativeCtx<'_, '_>) -> R {
    let f = check_lua_function(ctx)?;
    let own = own_globals(ctx);
    let co = new_coroutine(ctx.tx, f, own).map_err(|e| ctx.heap_error(e))?;
    let w = new_native(ctx.tx, ctx.state, "wrap", wrapped, vec![Value::Thread(co)])
        .map_err(|e| ctx.heap_error(e))?;
    ctx.ret(w);
    Ok(NativeReturn::Return)
}

/// The function `coroutine.wrap` returns: resumes its coroutine, raising its errors.
fn wrapped(ctx: &mut NativeCtx<'_, '_>) -> R {
    let Some(Value::Thread(co)) = ctx.upvalues.first().copied() else {
        return Err(ctx.error("cannot resume dead coroutine"));
    };
    if let Some(msg) = not_resumable(ctx, co) {
        return Err(ctx.error(msg));
    }
    Ok(NativeReturn::Resume {
        thread: co,
        args: ctx.args.to_vec(),
        wrap: true,
    })
}
