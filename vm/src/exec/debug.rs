//! What error messages and tracebacks say about code: chunk names as Lua prints them, current
//! lines, and the names of variables ("local 'x'", "global 'f'", "field 'y'") found by looking at
//! the instruction that loaded a register.

use crate::heap::HeapTransaction;
use crate::object::ProtoData;
use crate::opcode::*;
use crate::value::Value;

use super::{Frame, LuaError, NativeCtx, ReturnTo};

/// The chunk name as messages show it.
pub fn short_src(proto: &ProtoData) -> String {
    String::from_utf8_lossy(&proto.short_src).into_owned()
}

/// The line of the instruction at `pc`.
pub fn line_at(proto: &ProtoData, pc: usize) -> u32 {
    proto.lines.get(pc).copied().unwrap_or(0)
}

/// `chunk:line:` for the instruction at `pc`.
pub fn position(proto: &ProtoData, pc: usize) -> String {
    format!("{}:{}:", short_src(proto), line_at(proto, pc))
}

/// The kind and name of the value in `reg` just before instruction `pc` runs.
pub fn object_name(
    tx: &HeapTransaction<'_>,
    proto: &ProtoData,
    pc: usize,
    reg: u32,
) -> Option<(&'static str, String)> {
    if let Some(name) = proto.local_name(reg, pc) {
        return Some(("local", name.to_string()));
    }
    let writer = last_writer(proto, pc, reg)?;
    let i = proto.code[writer];
    let constant_string = |k: u32| -> Option<String> {
        match proto.constants.get(k as usize)? {
            Value::Str(s) => Some(String::from_utf8_lossy(tx.str_bytes(*s).ok()?).into_owned()),
            _ => None,
        }
    };
    match op(i) {
        GETGLOBAL => Some(("global", constant_string(arg_bx(i))?)),
        MOVE => {
            let b = arg_b(i);
            if b < arg_a(i) {
                object_name(tx, proto, writer, b)
            } else {
                None
            }
        }
        GETTABLE => {
            let c = arg_c(i);
            let key = (c >= RK_CONSTANT)
                .then(|| constant_string(c - RK_CONSTANT))
                .flatten();
            Some(("field", key.unwrap_or_else(|| "?".to_string())))
        }
        GETUPVAL => Some((
            "upvalue",
            proto.upvalue_names.get(arg_b(i) as usize)?.to_string(),
        )),
        SELF => {
            let c = arg_c(i);
            let key = (c >= RK_CONSTANT)
                .then(|| constant_string(c - RK_CONSTANT))
                .flatten();
            Some(("method", key.unwrap_or_else(|| "?".to_string())))
        }
        _ => None,
    }
}

/// The last instruction before `pc` that wrote register `reg`, found the way Lua 5.1 does: run
/// through the code from the start in order, taking every forward jump that does not pass `pc`
/// (so of `a and b or c`, only the path that jumps over the alternatives counts). TEST and
/// TESTSET count as writing their register, so a value that comes from `x or y` has no name.
fn last_writer(proto: &ProtoData, pc: usize, reg: u32) -> Option<usize> {
    let mut found = None;
    let mut at = 0;
    while at < pc {
        let Some(&i) = proto.code.get(at) else {
            break;
        };
        let a = arg_a(i);
        let writes = match op(i) {
            LOADNIL => reg >= a && reg <= arg_b(i),
            SELF => reg == a || reg == a + 1,
            CALL | TAILCALL => reg >= a,
            TFORCALL => reg >= a + 3,
            TFORLOOP => reg == a,
            FORLOOP | FORPREP => reg >= a && reg <= a + 3,
            VARARG => reg >= a,
            JMP | EQ | LT | LE | SETGLOBAL | SETUPVAL | SETTABLE | SETLIST | CLOSE | RETURN => {
                false
            }
            _ => reg == a,
        };
        if writes {
            found = Some(at);
        }
        if matches!(op(i), JMP | FORPREP) {
            let dest = at as i64 + 1 + arg_sbx(i) as i64;
            if dest > at as i64 && dest <= pc as i64 {
                at = dest as usize;
                continue;
            }
        }
        at += 1;
    }
    found
}

/// The description of an operand for "attempt to X <desc> (a T value)" messages.
pub fn describe_operand(
    tx: &HeapTransaction<'_>,
    proto: &ProtoData,
    pc: usize,
    rk: u32,
) -> Option<(&'static str, String)> {
    if rk >= RK_CONSTANT {
        None
    } else {
        object_name(tx, proto, pc, rk)
    }
}

/// "attempt to <what> local 'x' (a nil value)".
pub fn type_error_text(
    what: &str,
    name: Option<(&'static str, String)>,
    type_name: &str,
) -> String {
    match name {
        Some((kind, n)) => format!("attempt to {what} {kind} '{n}' (a {type_name} value)"),
        None => format!("attempt to {what} a {type_name} value"),
    }
}

/// The name the called function has at a CALL instruction, as `bad argument` messages show it.
pub fn call_site_name(
    tx: &HeapTransaction<'_>,
    proto: &ProtoData,
    pc: usize,
) -> Option<(&'static str, String)> {
    let i = *proto.code.get(pc)?;
    match op(i) {
        CALL | TAILCALL => object_name(tx, proto, pc, arg_a(i)),
        TFORCALL => object_name(tx, proto, pc, arg_a(i)),
        _ => None,
    }
}

impl NativeCtx<'_, '_> {
    /// `chunk:line:` of the Lua function at `level` (1 = the native's caller), or "" when that
    /// level is not a Lua function (a native, or a frame lost to a tail call).
    pub fn where_(&self, level: usize) -> String {
        if level == 0 {
            return String::new();
        }
        match level_at(self.frames, self.from_lua, level) {
            Some(Level::Lua(i)) => {
                let f = &self.frames[i];
                position(&f.proto, frame_pc(self.frames, i))
            }
            _ => String::new(),
        }
    }

    /// The native's name as the call site knew it, and whether it was a method call.
    fn call_name(&self) -> (Option<String>, bool) {
        if !self.from_lua {
            return (None, false);
        }
        let Some(f) = self.frames.last() else {
            return (None, false);
        };
        match call_site_name(self.tx, &f.proto, f.pc.get().saturating_sub(1)) {
            Some(("method", n)) => (Some(n), true),
            Some((_, n)) => (Some(n), false),
            None => (None, false),
        }
    }

    /// A runtime error raised by this native: the message with its caller's position.
    pub fn error(&mut self, msg: impl AsRef<str>) -> LuaError {
        let pos = self.where_(1);
        let text = if pos.is_empty() {
            msg.as_ref().to_string()
        } else {
            format!("{pos} {}", msg.as_ref())
        };
        self.error_value_text(text.as_bytes())
    }

    /// An error with this exact text (no position added).
    pub fn error_value_text(&mut self, text: &[u8]) -> LuaError {
        match self.tx.intern(text) {
            Ok(s) => LuaError::Value(Value::Str(s)),
            Err(e) => LuaError::from_heap(self.tx, e),
        }
    }

    /// `bad argument #n to 'name' (extra)`, with 5.1's adjustments for method calls.
    pub fn arg_error(&mut self, narg: usize, extra: &str) -> LuaError {
        let (name, method) = self.call_name();
        let name = name.unwrap_or_else(|| "?".to_string());
        if method {
            if narg == 1 {
                return self.error(format!("calling '{name}' on bad self ({extra})"));
            }
            return self.error(format!("bad argument #{} to '{name}' ({extra})", narg - 1));
        }
        self.error(format!("bad argument #{narg} to '{name}' ({extra})"))
    }

    /// `bad argument #n to 'f' (T expected, got U)`.
    pub fn type_error(&mut self, narg: usize, expected: &str) -> LuaError {
        let got = match self.args.get(narg - 1) {
            None => "no value",
            Some(v) => v.type_name(),
        };
        self.arg_error(narg, &format!("{expected} expected, got {got}"))
    }

    /// Argument `n` (1-based), or nil.
    pub fn arg(&self, n: usize) -> Value {
        self.args.get(n - 1).copied().unwrap_or(Value::Nil)
    }

    /// A required argument of any type.
    pub fn check_any(&mut self, n: usize) -> Result<Value, LuaError> {
        match self.args.get(n - 1) {
            Some(v) => Ok(*v),
            None => Err(self.arg_error(n, "value expected")),
        }
    }

    /// A required table argument.
    pub fn check_table(&mut self, n: usize) -> Result<crate::value::TableRef, LuaError> {
        match self.arg(n) {
            Value::Table(t) => Ok(t),
            _ => Err(self.type_error(n, "table")),
        }
    }

    /// A number argument (strings convert).
    pub fn check_number(&mut self, n: usize) -> Result<f64, LuaError> {
        match super::meta::to_number(self.tx, self.arg(n)) {
            Some(x) => Ok(x),
            None => Err(self.type_error(n, "number")),
        }
    }

    /// An integer argument: a number truncated toward zero as C's cast does.
    pub fn check_int(&mut self, n: usize) -> Result<i64, LuaError> {
        Ok(crate::exec::to_integer(self.check_number(n)?))
    }

    pub fn opt_int(&mut self, n: usize, default: i64) -> Result<i64, LuaError> {
        if self.arg(n).is_nil() {
            Ok(default)
        } else {
            self.check_int(n)
        }
    }

    /// A string argument (numbers convert to their text).
    pub fn check_bytes(&mut self, n: usize) -> Result<Vec<u8>, LuaError> {
        match self.arg(n) {
            Value::Str(s) => Ok(self.tx.str_bytes(s).map(|b| b.to_vec()).unwrap_or_default()),
            Value::Num(x) => Ok(crate::number::number_to_string(x).into_bytes()),
            _ => Err(self.type_error(n, "string")),
        }
    }

    /// The running thread's global table: a coroutine's own (`setfenv(0, t)`) or the VM's.
    pub fn thread_globals(&self) -> crate::value::TableRef {
        self.coroutine
            .and_then(|co| self.tx.thread(co).ok().and_then(|t| t.globals))
            .unwrap_or(self.state.globals)
    }

    /// Pushes a result.
    pub fn ret(&mut self, v: Value) {
        self.out.push(v);
    }

    /// Pushes a string result.
    pub fn ret_bytes(&mut self, b: &[u8]) -> Result<(), LuaError> {
        let s = self
            .tx
            .intern(b)
            .map_err(|e| LuaError::from_heap(self.tx, e))?;
        self.out.push(Value::Str(s));
        Ok(())
    }

    /// A heap error as a Lua error.
    pub fn heap_error(&mut self, e: crate::heap::HeapError) -> LuaError {
        LuaError::from_heap(self.tx, e)
    }
}

/// One level of the call stack, as `lua_getstack` counts them.
#[derive(Clone, Copy, Debug)]
pub enum Level {
    /// The Lua frame at this index.
    Lua(usize),
    /// A native function (its function value, or nil when not known); when it was called by the
    /// Lua frame at the index, that frame's call instruction names it.
    C(Option<usize>, Value),
    /// Callers lost to tail calls (how many).
    Tail(u32),
}

/// The levels from a running native's caller (level 1) downwards, runs of tail calls as one
/// entry. `from_lua`: whether the native was called by the top Lua frame (else by another native,
/// itself called by it).
pub fn level_runs(frames: &[Frame], from_lua: bool) -> Vec<Level> {
    let mut out = Vec::new();
    if !from_lua {
        out.push(Level::C(frames.len().checked_sub(1), Value::Nil));
    }
    let mut i = frames.len();
    while i > 0 {
        i -= 1;
        let f = &frames[i];
        out.push(Level::Lua(i));
        if f.tail > 0 {
            out.push(Level::Tail(f.tail));
        }
        let mut r = &f.ret;
        loop {
            match r {
                ReturnTo::Caller | ReturnTo::Meta(_) => break,
                ReturnTo::Native(nw) => {
                    // A hook for a Lua function's event is called "from nowhere": its level 2
                    // is that function.
                    if nw.hook != super::hook::HookWait::Lua {
                        let caller = match nw.outer {
                            ReturnTo::Caller => i.checked_sub(1),
                            _ => None,
                        };
                        out.push(Level::C(caller, nw.func));
                    }
                    r = &nw.outer;
                }
                ReturnTo::Host => return out,
            }
        }
    }
    out
}

/// Level `n` (1 = the native's caller), counting each tail call.
pub fn level_at(frames: &[Frame], from_lua: bool, n: usize) -> Option<Level> {
    let mut left = n.checked_sub(1)?;
    for l in level_runs(frames, from_lua) {
        let size = match l {
            Level::Tail(k) => k as usize,
            _ => 1,
        };
        if left < size {
            return Some(match l {
                Level::Tail(_) => Level::Tail(1),
                other => other,
            });
        }
        left -= size;
    }
    None
}

/// The levels from a running native's caller (level 1) downwards, one per tail call.
pub fn levels(frames: &[Frame], from_lua: bool) -> Vec<Level> {
    let mut out = Vec::new();
    for l in level_runs(frames, from_lua) {
        match l {
            Level::Tail(k) => (0..k).for_each(|_| out.push(Level::Tail(1))),
            other => out.push(other),
        }
    }
    out
}

/// The instruction frame `i` is running: the one before its saved pc, or the one at it when a
/// hook interrupted the frame before that instruction.
pub fn frame_pc(frames: &[Frame], i: usize) -> usize {
    let f = &frames[i];
    match frames.get(i + 1).map(|n| &n.ret) {
        Some(ReturnTo::Native(nw)) if nw.hook == super::hook::HookWait::Lua => f.pc.get(),
        _ => f.pc.get().saturating_sub(1),
    }
}

/// Where the values of frame `i` end: the slot of the function it is calling. `top_slot`: the
/// slot of the native at level 0 when frame `i` is the top frame and called it.
pub fn frame_limit(frames: &[Frame], i: usize, top_slot: Option<usize>) -> usize {
    let f = &frames[i];
    if let Some(next) = frames.get(i + 1) {
        return match &next.ret {
            ReturnTo::Native(nw) if nw.hook != super::hook::HookWait::Lua => nw.result_slot,
            _ => next.func_slot,
        };
    }
    if let Some(s) = top_slot {
        return s;
    }
    let pc = f.pc.get().saturating_sub(1);
    match f.proto.code.get(pc).map(|&i| (op(i), arg_a(i))) {
        Some((CALL | TAILCALL, a)) => f.base + a as usize,
        Some((TFORCALL, a)) => f.base + a as usize + 3,
        _ => f.base + f.proto.max_stack as usize,
    }
}

/// The name of local `n` (1-based) of frame `i` and its stack slot: a named local active at
/// the frame's instruction, or `(*temporary)` for another slot below `limit`.
pub fn frame_local(frames: &[Frame], i: usize, n: i64, limit: usize) -> Option<(String, usize)> {
    let f = &frames[i];
    let pc = frame_pc(frames, i);
    if n >= 1 {
        let mut left = n;
        for l in &f.proto.locals {
            if l.start_pc as usize > pc {
                break;
            }
            if pc < l.end_pc as usize {
                left -= 1;
                if left == 0 {
                    return Some((l.name.to_string(), f.base + n as usize - 1));
                }
            }
        }
        if limit.saturating_sub(f.base) >= n as usize {
            return Some(("(*temporary)".to_string(), f.base + n as usize - 1));
        }
    }
    None
}

/// A traceback line for a level, as lua5.1's `debug.traceback` writes it.
pub fn traceback_line(tx: &HeapTransaction<'_>, frames: &[Frame], level: Level) -> String {
    match level {
        Level::Tail(_) => "\t(tail call): ?".to_string(),
        Level::C(caller, _) => {
            let name = caller.and_then(|c| {
                let f = &frames[c];
                call_site_name(tx, &f.proto, frame_pc(frames, c))
            });
            match name {
                Some((_, n)) => format!("\t[C]: in function '{n}'"),
                None => "\t[C]: ?".to_string(),
            }
        }
        Level::Lua(i) => {
            let f = &frames[i];
            let at = position(&f.proto, frame_pc(frames, i));
            // The name the caller called it by comes first, even for a main chunk (a loaded
            // chunk called through a variable).
            let name = if i > 0 && f.tail == 0 && matches!(f.ret, ReturnTo::Caller) {
                let caller = &frames[i - 1];
                call_site_name(tx, &caller.proto, frame_pc(frames, i - 1))
            } else {
                None
            };
            let what = match name {
                Some((_, n)) => format!(" in function '{n}'"),
                None if f.proto.line_defined == 0 => " in main chunk".to_string(),
                None => format!(
                    " in function <{}:{}>",
                    short_src(&f.proto),
                    f.proto.line_defined
                ),
            };
            format!("\t{at}{what}")
        }
    }
}

/// lua5.1's truncation of long tracebacks: the first 10 levels, `...`, the last 11.
pub fn truncate_traceback(lines: Vec<String>) -> Vec<String> {
    const FIRST: usize = 10;
    const LAST: usize = 11;
    if lines.len() <= FIRST + LAST + 1 {
        return lines;
    }
    let mut out: Vec<String> = lines[..FIRST].to_vec();
    out.push("\t...".to_string());
    out.extend_from_slice(&lines[lines.len() - LAST..]);
    out
}
