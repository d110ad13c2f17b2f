//! The `string` library: byte, char, dump, find, format, gmatch (and 5.1's alias gfind), gsub,
//! len, lower, match, rep, reverse, sub, upper — with Lua 5.1's argument conversions, limits and
//! messages — and the string metatable that makes `("x"):upper()` work.
//!
//! Patterns live in `pattern` (an explicit-stack matcher charged to the instruction budget),
//! `string.format` in `format` (C's printf conversions written out).

mod format;
mod pattern;

use crate::exec::{
    new_native, Continuation, LuaError, NativeContinuation, NativeCtx, NativeReturn, Vm,
};
use crate::heap::{HeapError, HeapTransaction};
use crate::number::number_to_string;
use crate::object::Function;
use crate::value::{StrRef, TableRef, Value};

use pattern::{Capture, Captures, Matcher, PatError};

type R = Result<NativeReturn, LuaError>;

/// The first byte of a precompiled chunk (LUA_SIGNATURE[0]).
pub const BINARY_SIGNATURE: u8 = 0x1b;

/// The header `lua5.1` writes at the start of `string.dump`'s result on x86-64: signature,
/// version 5.1, official format, little endian, sizes of int, size_t, Instruction and
/// lua_Number, and floating-point numbers.
const DUMP_HEADER: &[u8] = b"\x1bLuaQ\x00\x01\x04\x08\x04\x08\x00";

/// PUC's limit on the values one C function may push (LUAI_MAXCSTACK).
const MAX_C_STACK: i64 = 8000;

/// How often (in bytes of output) gsub checks its buffer against the memory limit.
const MEMORY_CHECK_EVERY: usize = 64 * 1024;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let natives: &[(&'static str, crate::object::NativeFn)] = &[
        ("byte", byte),
        ("char", char_),
        ("dump", dump),
        ("find", find),
        ("format", format::format),
        ("gmatch", gmatch),
        ("gsub", gsub),
        ("len", len),
        ("lower", lower),
        ("match", match_),
        ("rep", rep),
        ("reverse", reverse),
        ("sub", sub),
        ("upper", upper),
    ];
    for (name, f) in natives {
        vm.register(Some("string"), name, *f)?;
    }
    let mut tx = vm.heap.transaction();
    let mt = string_metatable(&mut tx, &vm.state).map_err(|e| LuaError::from_heap(&mut tx, e))?;
    tx.commit();
    vm.state.type_meta.string = Some(mt);
    Ok(())
}

/// Adds `gfind` (the same function as `gmatch`) and makes the strings' metatable.
fn string_metatable(
    tx: &mut HeapTransaction<'_>,
    state: &crate::exec::VmState,
) -> Result<TableRef, HeapError> {
    let key = Value::Str(tx.intern(b"string")?);
    let Value::Table(lib) = tx.get(state.globals, &key)? else {
        return Err(HeapError::Memory);
    };
    let gmatch_key = Value::Str(tx.intern(b"gmatch")?);
    let gmatch_fn = tx.get(lib, &gmatch_key)?;
    let gfind_key = Value::Str(tx.intern(b"gfind")?);
    tx.set(lib, gfind_key, gmatch_fn)?;
    let mt = tx.new_table(0, 1)?;
    tx.set(mt, Value::Str(state.names.index), Value::Table(lib))?;
    Ok(mt)
}

/// What `load`/`loadstring` say about a precompiled chunk: this VM runs only source code, so it
/// refuses them all, with the message `lua5.1` gives for a truncated or damaged one.
pub fn binary_chunk_error(source: &[u8], chunkname: &[u8]) -> String {
    let name: &[u8] = match chunkname.first() {
        Some(b'@') | Some(b'=') => &chunkname[1..],
        Some(&BINARY_SIGNATURE) => b"binary string",
        _ => chunkname,
    };
    let what = if source.len() < DUMP_HEADER.len() {
        "unexpected end"
    } else if !source.starts_with(DUMP_HEADER) {
        "bad header"
    } else if source.len() == DUMP_HEADER.len() {
        // A header alone: what `string.dump` gives here.
        "unexpected end"
    } else {
        "bad code"
    };
    format!(
        "{}: {what} in precompiled chunk",
        String::from_utf8_lossy(name)
    )
}

// ---------------------------------------------------------------------------------- helpers

/// A string argument: a heap string, or a number's text.
enum StrArg {
    Ref(StrRef),
    Owned(Vec<u8>),
}

impl StrArg {
    fn bytes<'t>(&'t self, tx: &'t HeapTransaction<'_>) -> &'t [u8] {
        match self {
            StrArg::Ref(s) => tx.str_bytes(*s).unwrap_or(&[]),
            StrArg::Owned(v) => v,
        }
    }
}

/// `luaL_checklstring`: a string, or a number converted to one.
fn str_arg(ctx: &mut NativeCtx<'_, '_>, n: usize) -> Result<StrArg, LuaError> {
    match ctx.arg(n) {
        Value::Str(s) => Ok(StrArg::Ref(s)),
        Value::Num(x) => Ok(StrArg::Owned(number_to_string(x).into_bytes())),
        _ => Err(ctx.type_error(n, "string")),
    }
}

/// A string argument as a heap string (numbers are interned), for state kept across calls.
fn str_ref_arg(ctx: &mut NativeCtx<'_, '_>, n: usize) -> Result<StrRef, LuaError> {
    match str_arg(ctx, n)? {
        StrArg::Ref(s) => Ok(s),
        StrArg::Owned(v) => ctx.tx.intern(&v).map_err(|e| ctx.heap_error(e)),
    }
}

/// `luaL_checkint`: an integer argument truncated to a C int.
fn check_c_int(ctx: &mut NativeCtx<'_, '_>, n: usize) -> Result<i32, LuaError> {
    Ok(ctx.check_int(n)? as i32)
}

/// A relative string position: negative counts back from the end; below the start is 0.
fn posrelat(pos: i64, len: usize) -> i64 {
    let p = if pos < 0 {
        pos.saturating_add(len as i64 + 1)
    } else {
        pos
    };
    p.max(0)
}

/// Whether `extra` more bytes fit under the heap's memory limit.
fn fits_in_memory(tx: &HeapTransaction<'_>, extra: usize) -> bool {
    let heap = tx.heap();
    heap.bytes_in_use()
        .checked_add(extra)
        .is_some_and(|total| total <= heap.limit)
}

/// How many more bytes the heap's memory limit allows.
fn memory_room(tx: &HeapTransaction<'_>) -> usize {
    let heap = tx.heap();
    heap.limit.saturating_sub(heap.bytes_in_use())
}

fn memory_error(ctx: &mut NativeCtx<'_, '_>) -> LuaError {
    ctx.heap_error(HeapError::Memory)
}

/// A pattern error as the Lua error it is.
fn pat_error(ctx: &mut NativeCtx<'_, '_>, e: PatError) -> LuaError {
    match e {
        PatError::Error(msg) => ctx.error(msg),
        PatError::Interrupted => {
            LuaError::Interrupted("the script exceeded its instruction limit".to_string())
        }
        PatError::Memory => memory_error(ctx),
    }
}

/// The Lua value of a capture of `subject` (a substring is interned straight from the subject).
fn cap_value(
    ctx: &mut NativeCtx<'_, '_>,
    subject: &StrArg,
    c: &Capture,
) -> Result<Value, LuaError> {
    match (*c, subject) {
        (Capture::Str(a, b), StrArg::Ref(s)) => ctx
            .tx
            .intern_sub(*s, a, b)
            .map(Value::Str)
            .map_err(|e| ctx.heap_error(e)),
        (Capture::Str(a, b), StrArg::Owned(v)) => ctx
            .tx
            .intern(v.get(a..b).unwrap_or(&[]))
            .map(Value::Str)
            .map_err(|e| ctx.heap_error(e)),
        (Capture::Pos(p), _) => Ok(Value::Num(p as f64)),
    }
}

fn push_captures(
    ctx: &mut NativeCtx<'_, '_>,
    subject: &StrArg,
    caps: &[Capture],
) -> Result<(), LuaError> {
    for c in caps {
        let v = cap_value(ctx, subject, c)?;
        ctx.ret(v);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------- simple

fn len(ctx: &mut NativeCtx<'_, '_>) -> R {
    let s = str_arg(ctx, 1)?;
    let n = s.bytes(ctx.tx).len();
    ctx.ret(Value::Num(n as f64));
    Ok(NativeReturn::Return)
}

fn sub(ctx: &mut NativeCtx<'_, '_>) -> R {
    let s = str_arg(ctx, 1)?;
    let i = ctx.check_int(2)?;
    let j = ctx.opt_int(3, -1)?;
    let bytes = s.bytes(ctx.tx);
    let l = bytes.len();
    let start = posrelat(i, l).max(1);
    let end = posrelat(j, l).min(l as i64);
    if start > end {
        ctx.ret_bytes(b"")?;
    } else if let (1, true, StrArg::Ref(whole)) = (start, end == l as i64, &s) {
        // The whole string: no copy.
        ctx.ret(Value::Str(*whole));
    } else {
        let piece = bytes
            .get((start - 1) as usize..end as usize)
            .unwrap_or(&[])
            .to_vec();
        ctx.ret_bytes(&piece)?;
    }
    Ok(NativeReturn::Return)
}

fn map_bytes(ctx: &mut NativeCtx<'_, '_>, f: fn(&u8) -> u8) -> R {
    let s = str_arg(ctx, 1)?;
    let out: Vec<u8> = s.bytes(ctx.tx).iter().map(f).collect();
    ctx.ret_bytes(&out)?;
    Ok(NativeReturn::Return)
}

fn upper(ctx: &mut NativeCtx<'_, '_>) -> R {
    map_bytes(ctx, u8::to_ascii_uppercase)
}

fn lower(ctx: &mut NativeCtx<'_, '_>) -> R {
    map_bytes(ctx, u8::to_ascii_lowercase)
}

fn reverse(ctx: &mut NativeCtx<'_, '_>) -> R {
    let s = str_arg(ctx, 1)?;
    let out: Vec<u8> = s.bytes(ctx.tx).iter().rev().copied().collect();
    ctx.ret_bytes(&out)?;
    Ok(NativeReturn::Return)
}

fn rep(ctx: &mut NativeCtx<'_, '_>) -> R {
    let s = str_arg(ctx, 1)?;
    let n = check_c_int(ctx, 2)?;
    let unit = s.bytes(ctx.tx).len();
    if n <= 0 || unit == 0 {
        ctx.ret_bytes(b"")?;
        return Ok(NativeReturn::Return);
    }
    // Checked before building it: `string.rep('x', 2^30)` must not allocate a gigabyte first.
    match unit.checked_mul(n as usize) {
        Some(total) if fits_in_memory(ctx.tx, total) => {}
        _ => return Err(memory_error(ctx)),
    }
    let out = s.bytes(ctx.tx).repeat(n as usize);
    ctx.ret_bytes(&out)?;
    Ok(NativeReturn::Return)
}

fn byte(ctx: &mut NativeCtx<'_, '_>) -> R {
    let s = str_arg(ctx, 1)?;
    let l = s.bytes(ctx.tx).len();
    let first = ctx.opt_int(2, 1)?;
    let posi = posrelat(first, l);
    let last = ctx.opt_int(3, posi)?;
    let pose = posrelat(last, l).min(l as i64);
    let posi = posi.max(1);
    if posi > pose {
        return Ok(NativeReturn::Return);
    }
    let n = pose - posi + 1;
    if n + ctx.args.len() as i64 > MAX_C_STACK {
        return Err(ctx.error("stack overflow (string slice too long)"));
    }
    let values: Vec<Value> = s
        .bytes(ctx.tx)
        .get((posi - 1) as usize..pose as usize)
        .unwrap_or(&[])
        .iter()
        .map(|&b| Value::Num(b as f64))
        .collect();
    ctx.out.extend(values);
    Ok(NativeReturn::Return)
}

fn char_(ctx: &mut NativeCtx<'_, '_>) -> R {
    let n = ctx.args.len();
    let mut out = Vec::with_capacity(n);
    for i in 1..=n {
        let c = check_c_int(ctx, i)?;
        if !(0..=255).contains(&c) {
            return Err(ctx.arg_error(i, "invalid value"));
        }
        out.push(c as u8);
    }
    ctx.ret_bytes(&out)?;
    Ok(NativeReturn::Return)
}

/// `string.dump`: natives cannot be dumped; a Lua function gives a chunk header that `load`
/// refuses (this VM does not load precompiled code).
fn dump(ctx: &mut NativeCtx<'_, '_>) -> R {
    let Value::Func(f) = ctx.arg(1) else {
        return Err(ctx.type_error(1, "function"));
    };
    if matches!(ctx.tx.function(f), Ok(Function::Native { .. }) | Err(_)) {
        return Err(ctx.error("unable to dump given function"));
    }
    ctx.ret_bytes(DUMP_HEADER)?;
    Ok(NativeReturn::Return)
}

// ---------------------------------------------------------------------------------- find/match

/// What find or match found, copied out of the subject.
enum Found {
    Nothing,
    Plain(usize, usize),
    Match {
        start: usize,
        end: usize,
        caps: Captures,
    },
}

fn find(ctx: &mut NativeCtx<'_, '_>) -> R {
    find_aux(ctx, true)
}

fn match_(ctx: &mut NativeCtx<'_, '_>) -> R {
    find_aux(ctx, false)
}

fn find_aux(ctx: &mut NativeCtx<'_, '_>, is_find: bool) -> R {
    let s = str_arg(ctx, 1)?;
    let p = str_arg(ctx, 2)?;
    let init_arg = ctx.opt_int(3, 1)?;
    let plain = is_find && ctx.arg(4).truthy();
    let found: Result<Found, PatError> = {
        let tx: &HeapTransaction<'_> = ctx.tx;
        let src = s.bytes(tx);
        let pat = p.bytes(tx);
        let l1 = src.len();
        let init = (posrelat(init_arg, l1) - 1).clamp(0, l1 as i64) as usize;
        if is_find && (plain || !pattern::has_specials(pat)) {
            let steps = (l1 - init + pat.len()) as u64 / 8;
            pattern::charge(&mut ctx.state.budget, steps).map(|()| {
                match pattern::find_plain(&src[init..], pat) {
                    Some(i) => Found::Plain(init + i + 1, init + i + pat.len()),
                    None => Found::Nothing,
                }
            })
        } else {
            match_first(src, pat, init, is_find, &mut ctx.state.budget)
        }
    };
    match found {
        Err(e) => Err(pat_error(ctx, e)),
        Ok(Found::Nothing) => {
            ctx.ret(Value::Nil);
            Ok(NativeReturn::Return)
        }
        Ok(Found::Plain(a, b)) => {
            ctx.ret(Value::Num(a as f64));
            ctx.ret(Value::Num(b as f64));
            Ok(NativeReturn::Return)
        }
        Ok(Found::Match { start, end, caps }) => {
            if is_find {
                ctx.ret(Value::Num(start as f64 + 1.0));
                ctx.ret(Value::Num(end as f64));
            }
            push_captures(ctx, &s, &caps)?;
            Ok(NativeReturn::Return)
        }
    }
}

/// The first match at or after `init` (only at `init` for an anchored pattern).
fn match_first(
    src: &[u8],
    pat: &[u8],
    init: usize,
    is_find: bool,
    budget: &mut Option<u64>,
) -> Result<Found, PatError> {
    let mut m = Matcher::new(src, pat, budget);
    let anchor = m.pattern().first() == Some(&b'^');
    let p0 = usize::from(anchor);
    let mut s1 = init;
    let found = loop {
        if let Some(e) = m.do_match(s1, p0)? {
            // find reports the captures only; match the whole match when there are none.
            let caps = m.captures(s1, e, !is_find)?;
            break Found::Match {
                start: s1,
                end: e,
                caps,
            };
        }
        if anchor || s1 >= src.len() {
            break Found::Nothing;
        }
        s1 += 1;
    };
    m.flush()?;
    Ok(found)
}

// ---------------------------------------------------------------------------------- gmatch

fn gmatch(ctx: &mut NativeCtx<'_, '_>) -> R {
    let s = str_ref_arg(ctx, 1)?;
    let p = str_ref_arg(ctx, 2)?;
    let state = ctx.tx.new_table(1, 0).map_err(|e| ctx.heap_error(e))?;
    let f = new_native(
        ctx.tx,
        ctx.state,
        "gmatch_aux",
        gmatch_aux,
        vec![Value::Str(s), Value::Str(p), Value::Table(state)],
    )
    .map_err(|e| ctx.heap_error(e))?;
    ctx.ret(f);
    Ok(NativeReturn::Return)
}

/// The iterator gmatch returns; its upvalues are the subject, the pattern and a table holding
/// where the next search starts.
fn gmatch_aux(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (s, p, state) = match ctx.upvalues {
        [Value::Str(s), Value::Str(p), Value::Table(t)] => (*s, *p, *t),
        _ => return Ok(NativeReturn::Return),
    };
    let pos = match ctx.tx.get(state, &Value::Num(1.0)) {
        Ok(Value::Num(n)) if n >= 0.0 => n as usize,
        _ => 0,
    };
    let found: Result<Option<(usize, Captures)>, PatError> = (|| {
        let tx: &HeapTransaction<'_> = ctx.tx;
        let src = tx.str_bytes(s).unwrap_or(&[]);
        let pat = tx.str_bytes(p).unwrap_or(&[]);
        let mut m = Matcher::new(src, pat, &mut ctx.state.budget);
        let mut start = pos;
        let mut result = None;
        while start <= src.len() {
            if let Some(e) = m.do_match(start, 0)? {
                // An empty match moves on by one so the iteration ends.
                let next = if e == start { e + 1 } else { e };
                let caps = m.captures(start, e, true)?;
                result = Some((next, caps));
                break;
            }
            start += 1;
        }
        m.flush()?;
        Ok(result)
    })();
    match found {
        Err(e) => Err(pat_error(ctx, e)),
        Ok(None) => Ok(NativeReturn::Return),
        Ok(Some((next, caps))) => {
            ctx.tx
                .set(state, Value::Num(1.0), Value::Num(next as f64))
                .map_err(|e| ctx.heap_error(e))?;
            push_captures(ctx, &StrArg::Ref(s), &caps)?;
            Ok(NativeReturn::Return)
        }
    }
}

// ---------------------------------------------------------------------------------- gsub

enum Repl {
    Str(Vec<u8>),
    Table(TableRef),
    Func(Value),
}

/// gsub as a state machine: it scans with the matcher, and when a replacement needs Lua (a
/// function, or a table's `__index` function) it asks the loop for the call and resumes here.
struct Gsub {
    src: StrRef,
    pat: StrRef,
    repl: Repl,
    anchor: bool,
    max: i64,
    n: i64,
    pos: usize,
    /// Scanning has ended (the subject is used up, or the pattern was anchored).
    done: bool,
    out: Vec<u8>,
    next_memory_check: usize,
    /// The match whose replacement value is being computed.
    pending: (usize, usize),
}

/// What one scanning stretch ended with.
enum Scan {
    Done,
    /// The output grew by another stretch: check it against the memory limit.
    CheckMemory,
    /// A match at `start..end` needs its value from a table or function.
    Need {
        start: usize,
        end: usize,
        caps: Captures,
    },
}

fn gsub(ctx: &mut NativeCtx<'_, '_>) -> R {
    let src = str_ref_arg(ctx, 1)?;
    let pat = str_ref_arg(ctx, 2)?;
    let repl_arg = ctx.arg(3);
    let srcl = ctx.tx.str_bytes(src).map(|b| b.len()).unwrap_or(0);
    let max = match ctx.arg(4) {
        Value::Nil => srcl as i64 + 1,
        _ => check_c_int(ctx, 4)? as i64,
    };
    let repl = match repl_arg {
        Value::Str(r) => Repl::Str(ctx.tx.str_bytes(r).map(|b| b.to_vec()).unwrap_or_default()),
        Value::Num(x) => Repl::Str(number_to_string(x).into_bytes()),
        Value::Table(t) => Repl::Table(t),
        Value::Func(_) => Repl::Func(repl_arg),
        _ => return Err(ctx.arg_error(3, "string/function/table expected")),
    };
    let anchor = ctx
        .tx
        .str_bytes(pat)
        .is_ok_and(|p| p.first() == Some(&b'^'));
    let state = Box::new(Gsub {
        src,
        pat,
        repl,
        anchor,
        max,
        n: 0,
        pos: 0,
        done: false,
        out: Vec::new(),
        next_memory_check: MEMORY_CHECK_EVERY,
        pending: (0, 0),
    });
    state.run(ctx)
}

/// `%0`-`%9` and `%%` in a replacement string (5.1: `%` before any other byte is that byte, and
/// a final `%` stands for the zero byte that ends C's copy of the string).
fn add_replacement(
    out: &mut Vec<u8>,
    m: &Matcher<'_>,
    s: usize,
    e: usize,
    repl: &[u8],
    room: usize,
) -> Result<(), PatError> {
    let mut i = 0;
    while i < repl.len() {
        let c = repl[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let d = repl.get(i).copied().unwrap_or(0);
        i += 1;
        if !d.is_ascii_digit() {
            out.push(d);
        } else if d == b'0' {
            out.extend_from_slice(m.slice(s, e));
        } else {
            match m.capture((d - b'1') as usize, s, e)? {
                Capture::Str(a, b) => out.extend_from_slice(m.slice(a, b)),
                Capture::Pos(p) => out.extend_from_slice(p.to_string().as_bytes()),
            }
        }
        // Each piece is at most the subject's size; a long replacement of many `%0`s must not
        // build a huge buffer before the memory limit is noticed.
        if out.len() > room {
            return Err(PatError::Memory);
        }
    }
    Ok(())
}

impl Gsub {
    /// After a match ending at `e` (or none): where scanning goes on; false (and `done`) when
    /// it ends.
    fn advance(&mut self, src: &[u8], e: Option<usize>) -> bool {
        match e {
            Some(e) if e > self.pos => self.pos = e,
            _ => match src.get(self.pos) {
                Some(&c) => {
                    self.out.push(c);
                    self.pos += 1;
                }
                None => self.done = true,
            },
        }
        if self.anchor {
            self.done = true;
        }
        !self.done
    }

    /// Scans until the end or until a match needs Lua's help for its value.
    fn scan(
        &mut self,
        tx: &HeapTransaction<'_>,
        budget: &mut Option<u64>,
    ) -> Result<Scan, PatError> {
        let src = tx.str_bytes(self.src).unwrap_or(&[]);
        let pat = tx.str_bytes(self.pat).unwrap_or(&[]);
        let room = memory_room(tx);
        let mut m = Matcher::new(src, pat, budget);
        let p0 = usize::from(self.anchor);
        let result = loop {
            if self.done || self.n >= self.max {
                break Scan::Done;
            }
            let e = m.do_match(self.pos, p0)?;
            if let Some(e) = e {
                self.n += 1;
                match &self.repl {
                    Repl::Str(r) => add_replacement(&mut self.out, &m, self.pos, e, r, room)?,
                    Repl::Table(_) => {
                        let key = m.capture(0, self.pos, e)?;
                        break Scan::Need {
                            start: self.pos,
                            end: e,
                            caps: smallvec::smallvec![key],
                        };
                    }
                    Repl::Func(_) => {
                        let caps = m.captures(self.pos, e, true)?;
                        break Scan::Need {
                            start: self.pos,
                            end: e,
                            caps,
                        };
                    }
                }
            }
            if !self.advance(src, e) {
                break Scan::Done;
            }
            if self.out.len() >= self.next_memory_check {
                break Scan::CheckMemory;
            }
        };
        m.flush()?;
        Ok(result)
    }

    fn run(mut self: Box<Self>, ctx: &mut NativeCtx<'_, '_>) -> R {
        loop {
            let scanned = self.scan(ctx.tx, &mut ctx.state.budget);
            match scanned {
                Err(e) => return Err(pat_error(ctx, e)),
                Ok(Scan::Done) => return self.finish(ctx),
                Ok(Scan::CheckMemory) => {
                    if !fits_in_memory(ctx.tx, self.out.len()) {
                        return Err(memory_error(ctx));
                    }
                    self.next_memory_check = self.out.len() + MEMORY_CHECK_EVERY;
                }
                Ok(Scan::Need { start, end, caps }) => {
                    self.pending = (start, end);
                    let mut args = crate::exec::CallArgs::with_capacity(caps.len());
                    let subject = StrArg::Ref(self.src);
                    for c in &caps {
                        args.push(cap_value(ctx, &subject, c)?);
                    }
                    let value = match self.repl {
                        Repl::Func(f) => {
                            return Ok(NativeReturn::Call {
                                func: f,
                                args,
                                then: Continuation::Native(self),
                            })
                        }
                        Repl::Table(t) => {
                            let key = args.first().copied().unwrap_or(Value::Nil);
                            match index_table(ctx, t, key)? {
                                Lookup::Value(v) => v,
                                Lookup::Call(f, args) => {
                                    return Ok(NativeReturn::Call {
                                        func: f,
                                        args,
                                        then: Continuation::Native(self),
                                    })
                                }
                            }
                        }
                        Repl::Str(_) => Value::Nil,
                    };
                    self.apply(ctx, value)?;
                }
            }
        }
    }

    /// Adds the replacement value for the pending match, then moves past it. A value that
    /// would take the buffer past the memory limit is `not enough memory` before it is copied:
    /// matches that need Lua's help come one after another without passing `scan`'s periodic
    /// check.
    fn apply(&mut self, ctx: &mut NativeCtx<'_, '_>, value: Value) -> Result<(), LuaError> {
        let (start, end) = self.pending;
        let number;
        let piece: &[u8] = {
            let tx: &HeapTransaction<'_> = ctx.tx;
            match value {
                Value::Nil | Value::Bool(false) => tx
                    .str_bytes(self.src)
                    .ok()
                    .and_then(|src| src.get(start..end))
                    .unwrap_or(&[]),
                Value::Str(s) => tx.str_bytes(s).unwrap_or(&[]),
                Value::Num(x) => {
                    number = number_to_string(x);
                    number.as_bytes()
                }
                other => {
                    return Err(ctx.error(format!(
                        "invalid replacement value (a {})",
                        other.type_name()
                    )))
                }
            }
        };
        if self.out.len().saturating_add(piece.len()) > memory_room(ctx.tx) {
            return Err(memory_error(ctx));
        }
        self.out.extend_from_slice(piece);
        let src = ctx.tx.str_bytes(self.src).unwrap_or(&[]);
        self.advance(src, Some(end));
        Ok(())
    }

    fn finish(&mut self, ctx: &mut NativeCtx<'_, '_>) -> R {
        {
            let tx: &HeapTransaction<'_> = ctx.tx;
            let src = tx.str_bytes(self.src).unwrap_or(&[]);
            let rest = src.get(self.pos..).unwrap_or(&[]);
            self.out.extend_from_slice(rest);
        }
        if !fits_in_memory(ctx.tx, self.out.len()) {
            return Err(memory_error(ctx));
        }
        ctx.ret_bytes(&self.out)?;
        ctx.ret(Value::Num(self.n as f64));
        Ok(NativeReturn::Return)
    }
}

impl NativeContinuation for Gsub {
    fn resume(mut self: Box<Self>, ctx: &mut NativeCtx<'_, '_>, results: &[Value]) -> R {
        let v = results.first().copied().unwrap_or(Value::Nil);
        self.apply(ctx, v)?;
        self.run(ctx)
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        f(Value::Str(self.src));
        f(Value::Str(self.pat));
        match self.repl {
            Repl::Table(t) => f(Value::Table(t)),
            Repl::Func(v) => f(v),
            Repl::Str(_) => {}
        }
    }
}

enum Lookup {
    Value(Value),
    Call(Value, crate::exec::CallArgs),
}

/// `t[key]` with `__index` (tables followed here, a function called through the loop).
fn index_table(ctx: &mut NativeCtx<'_, '_>, t: TableRef, key: Value) -> Result<Lookup, LuaError> {
    let mut t = t;
    for _ in 0..100 {
        let v = ctx.tx.get(t, &key).map_err(|e| ctx.heap_error(e))?;
        if !v.is_nil() {
            return Ok(Lookup::Value(v));
        }
        let Some(mt) = ctx.tx.metatable(t).map_err(|e| ctx.heap_error(e))? else {
            return Ok(Lookup::Value(Value::Nil));
        };
        let h = ctx
            .tx
            .get(mt, &Value::Str(ctx.state.names.index))
            .map_err(|e| ctx.heap_error(e))?;
        match h {
            Value::Nil => return Ok(Lookup::Value(Value::Nil)),
            Value::Table(next) => t = next,
            Value::Func(_) => {
                return Ok(Lookup::Call(h, smallvec::smallvec![Value::Table(t), key]))
            }
            other => {
                return Err(ctx.error(format!("attempt to index a {} value", other.type_name())))
            }
        }
    }
    Err(ctx.error("loop in gettable"))
}

#[cfg(test)]
mod tests;
