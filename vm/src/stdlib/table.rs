//! The table library of Lua 5.1: concat, insert, remove, sort, maxn, getn, setn, foreach and
//! foreachi, with 5.1's argument checks and messages.
//!
//! Every function that calls back into Lua (sort's comparator or an `__lt` metamethod, the
//! callbacks of foreach/foreachi) is a state machine: it returns [`NativeReturn::Call`] with
//! itself as the continuation and goes on where it stopped when the call returns. Sorting keeps
//! its pending ranges on an explicit stack, so nothing recurses in Rust.
//!
//! Table accesses are raw, as 5.1's `lua_rawgeti`/`lua_rawseti`; lengths are the raw border.

use crate::exec::meta::metamethod;
use crate::exec::{Continuation, LuaError, NativeContinuation, NativeCtx, NativeReturn, Vm};
use crate::heap::HeapError;
use crate::value::{TableRef, Value};

type R = Result<NativeReturn, LuaError>;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let natives: &[(&'static str, crate::object::NativeFn)] = &[
        ("concat", concat),
        ("foreach", foreach),
        ("foreachi", foreachi),
        ("getn", getn),
        ("insert", insert),
        ("maxn", maxn),
        ("remove", remove),
        ("setn", setn),
        ("sort", sort),
    ];
    super::math::new_lib_table(vm, "table", natives.len())?;
    for (name, f) in natives {
        vm.register(Some("table"), name, *f)?;
    }
    Ok(())
}

// ------------------------------------------------------------------ helpers

/// C's `(int)` of a `lua_Integer`: `luaL_checkint` keeps the low 32 bits.
fn c_int(n: i64) -> i64 {
    n as i32 as i64
}

/// `luaL_checkint`.
fn check_c_int(ctx: &mut NativeCtx<'_, '_>, n: usize) -> Result<i64, LuaError> {
    Ok(c_int(ctx.check_int(n)?))
}

/// `luaL_optint`.
fn opt_c_int(ctx: &mut NativeCtx<'_, '_>, n: usize, default: i64) -> Result<i64, LuaError> {
    if ctx.arg(n).is_nil() {
        Ok(default)
    } else {
        check_c_int(ctx, n)
    }
}

fn heap(ctx: &mut NativeCtx<'_, '_>, e: HeapError) -> LuaError {
    match e {
        HeapError::Table(t) => ctx.error_value_text(t.message().as_bytes()),
        e => ctx.heap_error(e),
    }
}

/// `t[i]`, raw.
fn geti(ctx: &mut NativeCtx<'_, '_>, t: TableRef, i: i64) -> Result<Value, LuaError> {
    match ctx.tx.table(t) {
        Ok(tab) => Ok(tab.get_int(i)),
        Err(e) => Err(heap(ctx, e)),
    }
}

/// `t[i] = v`, raw.
fn seti(ctx: &mut NativeCtx<'_, '_>, t: TableRef, i: i64, v: Value) -> Result<(), LuaError> {
    ctx.tx
        .set(t, Value::Num(i as f64), v)
        .map_err(|e| heap(ctx, e))
}

/// The raw length as 5.1's `luaL_getn` gives it (an `int`).
fn length(ctx: &mut NativeCtx<'_, '_>, t: TableRef) -> Result<i64, LuaError> {
    let n = ctx.tx.border(t).map_err(|e| heap(ctx, e))?;
    Ok(c_int(n as i64))
}

/// `aux_getn`: a table argument and its length.
fn table_and_len(ctx: &mut NativeCtx<'_, '_>) -> Result<(TableRef, i64), LuaError> {
    let t = ctx.check_table(1)?;
    let n = length(ctx, t)?;
    Ok((t, n))
}

/// Moves the values of `t[from..=to]` by `delta` (+1 or -1) positions, as the loops of 5.1's
/// insert (`t[i] = t[i-1]`, downward) and remove (`t[i] = t[i+1]`, upward) do. Short ranges
/// are moved one slot at a time in 5.1's order (so the table's layout matches); a huge range
/// (a far-away position) moves only the keys that exist, so it takes time proportional to the
/// table rather than to the range.
fn shift(
    ctx: &mut NativeCtx<'_, '_>,
    t: TableRef,
    from: i64,
    to: i64,
    delta: i64,
) -> Result<(), LuaError> {
    if from > to {
        return Ok(());
    }
    const DIRECT: i64 = 1 << 16;
    if to - from < DIRECT {
        if delta > 0 {
            let mut i = to;
            while i >= from {
                let v = geti(ctx, t, i)?;
                seti(ctx, t, i + 1, v)?;
                i -= 1;
            }
        } else {
            for i in from..=to {
                let v = geti(ctx, t, i)?;
                seti(ctx, t, i - 1, v)?;
            }
        }
        return Ok(());
    }
    // Sparse: read every integer key in the source and destination ranges first.
    let (lo, hi) = (from.min(from + delta), to.max(to + delta));
    let mut present: Vec<(i64, Value)> = Vec::new();
    let mut key = Value::Nil;
    loop {
        let next = ctx.tx.next(t, &key).map_err(|e| heap(ctx, e))?;
        let Some((k, v)) = next else { break };
        if let Value::Num(n) = k {
            if n.fract() == 0.0 && n >= lo as f64 && n <= hi as f64 {
                present.push((n as i64, v));
            }
        }
        key = k;
    }
    let moved: Vec<(i64, Value)> = present
        .iter()
        .filter(|(k, _)| (from..=to).contains(k))
        .map(|&(k, v)| (k + delta, v))
        .collect();
    // Destination slots whose source is empty become nil.
    let filled: std::collections::HashSet<i64> = moved.iter().map(|&(k, _)| k).collect();
    for &(k, _) in &present {
        if (from + delta..=to + delta).contains(&k) && !filled.contains(&k) {
            seti(ctx, t, k, Value::Nil)?;
        }
    }
    for (k, v) in moved {
        seti(ctx, t, k, v)?;
    }
    Ok(())
}

// ------------------------------------------------------------------ concat, insert, remove

fn concat(ctx: &mut NativeCtx<'_, '_>) -> R {
    let sep = match ctx.arg(2) {
        Value::Nil => Vec::new(),
        _ => ctx.check_bytes(2)?,
    };
    let t = ctx.check_table(1)?;
    let first = opt_c_int(ctx, 3, 1)?;
    let last = match ctx.arg(4) {
        Value::Nil => length(ctx, t)?,
        _ => check_c_int(ctx, 4)?,
    };
    let mut out = Vec::new();
    let mut i = first;
    while i <= last {
        match geti(ctx, t, i)? {
            Value::Str(s) => match ctx.tx.str_bytes(s) {
                Ok(b) => out.extend_from_slice(b),
                Err(e) => return Err(heap(ctx, e)),
            },
            Value::Num(n) => out.extend_from_slice(crate::number::number_to_string(n).as_bytes()),
            v => {
                return Err(ctx.error(format!(
                    "invalid value ({}) at index {i} in table for 'concat'",
                    v.type_name()
                )))
            }
        }
        if i != last {
            out.extend_from_slice(&sep);
        }
        i += 1;
    }
    ctx.ret_bytes(&out)?;
    Ok(NativeReturn::Return)
}

fn insert(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (t, n) = table_and_len(ctx)?;
    let mut e = n + 1; // the first empty slot
    let (pos, value) = match ctx.args.len() {
        2 => (e, ctx.arg(2)),
        3 => {
            let pos = check_c_int(ctx, 2)?;
            if pos > e {
                e = pos;
            }
            // t[i] = t[i-1] for i = e down to pos+1.
            shift(ctx, t, pos, e - 1, 1)?;
            (pos, ctx.arg(3))
        }
        _ => return Err(ctx.error("wrong number of arguments to 'insert'")),
    };
    seti(ctx, t, pos, value)?;
    Ok(NativeReturn::Return)
}

fn remove(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (t, e) = table_and_len(ctx)?;
    let pos = opt_c_int(ctx, 2, e)?;
    if !(1 <= pos && pos <= e) {
        return Ok(NativeReturn::Return);
    }
    let v = geti(ctx, t, pos)?;
    // t[i] = t[i+1] for i = pos up to e-1, then t[e] = nil.
    shift(ctx, t, pos + 1, e, -1)?;
    seti(ctx, t, e, Value::Nil)?;
    ctx.ret(v);
    Ok(NativeReturn::Return)
}

// ------------------------------------------------------------------ getn, setn, maxn

fn getn(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (_, n) = table_and_len(ctx)?;
    ctx.ret(Value::Num(n as f64));
    Ok(NativeReturn::Return)
}

fn setn(ctx: &mut NativeCtx<'_, '_>) -> R {
    ctx.check_table(1)?;
    Err(ctx.error("'setn' is obsolete"))
}

fn maxn(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    let mut max = 0.0f64;
    let mut key = Value::Nil;
    loop {
        let next = ctx.tx.next(t, &key).map_err(|e| heap(ctx, e))?;
        let Some((k, _)) = next else { break };
        if let Value::Num(n) = k {
            if n > max {
                max = n;
            }
        }
        key = k;
    }
    ctx.ret(Value::Num(max));
    Ok(NativeReturn::Return)
}

// ------------------------------------------------------------------ foreach, foreachi

fn check_function(ctx: &mut NativeCtx<'_, '_>, n: usize) -> Result<Value, LuaError> {
    match ctx.arg(n) {
        f @ Value::Func(_) => Ok(f),
        _ => Err(ctx.type_error(n, "function")),
    }
}

/// `table.foreach(t, f)`: `f(k, v)` for every pair in `next` order, stopping at the first
/// non-nil result (which is returned).
fn foreach(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    let f = check_function(ctx, 2)?;
    Box::new(ForEach {
        t,
        f,
        key: Value::Nil,
    })
    .step(ctx)
}

struct ForEach {
    t: TableRef,
    f: Value,
    key: Value,
}

impl ForEach {
    fn step(mut self: Box<Self>, ctx: &mut NativeCtx<'_, '_>) -> R {
        match ctx.tx.next(self.t, &self.key) {
            Ok(Some((k, v))) => {
                self.key = k;
                let func = self.f;
                Ok(NativeReturn::Call {
                    func,
                    args: smallvec::smallvec![k, v],
                    then: Continuation::Native(self),
                })
            }
            Ok(None) => Ok(NativeReturn::Return),
            Err(e) => Err(heap(ctx, e)),
        }
    }
}

impl NativeContinuation for ForEach {
    fn resume(self: Box<Self>, ctx: &mut NativeCtx<'_, '_>, results: &[Value]) -> R {
        let r = results.first().copied().unwrap_or(Value::Nil);
        if !r.is_nil() {
            ctx.ret(r);
            return Ok(NativeReturn::Return);
        }
        self.step(ctx)
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        f(Value::Table(self.t));
        f(self.f);
        f(self.key);
    }
}

/// `table.foreachi(t, f)`: `f(i, t[i])` for i = 1..#t (the length taken once, at the start).
fn foreachi(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (t, n) = table_and_len(ctx)?;
    let f = check_function(ctx, 2)?;
    Box::new(ForEachI { t, f, i: 0, n }).step(ctx)
}

struct ForEachI {
    t: TableRef,
    f: Value,
    i: i64,
    n: i64,
}

impl ForEachI {
    fn step(mut self: Box<Self>, ctx: &mut NativeCtx<'_, '_>) -> R {
        if self.i >= self.n {
            return Ok(NativeReturn::Return);
        }
        self.i += 1;
        let v = geti(ctx, self.t, self.i)?;
        let func = self.f;
        let args = smallvec::smallvec![Value::Num(self.i as f64), v];
        Ok(NativeReturn::Call {
            func,
            args,
            then: Continuation::Native(self),
        })
    }
}

impl NativeContinuation for ForEachI {
    fn resume(self: Box<Self>, ctx: &mut NativeCtx<'_, '_>, results: &[Value]) -> R {
        let r = results.first().copied().unwrap_or(Value::Nil);
        if !r.is_nil() {
            ctx.ret(r);
            return Ok(NativeReturn::Return);
        }
        self.step(ctx)
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        f(Value::Table(self.t));
        f(self.f);
    }
}

// ------------------------------------------------------------------ sort

/// `table.sort(t [, comp])`.
fn sort(ctx: &mut NativeCtx<'_, '_>) -> R {
    let (t, n) = table_and_len(ctx)?;
    let cmp = match ctx.arg(2) {
        Value::Nil => None,
        f @ Value::Func(_) => Some(f),
        _ => return Err(ctx.type_error(2, "function")),
    };
    // Without a comparator no Lua code can watch the table while numbers and strings are
    // compared, so the elements are sorted in a local copy (written back, in the positions
    // the sort wrote, before any metamethod call, error or return).
    let work = if cmp.is_none() && n >= 2 {
        let mut values = Vec::with_capacity(n as usize);
        for i in 1..=n {
            values.push(geti(ctx, t, i)?);
        }
        Some(Work {
            dirty: vec![false; values.len()],
            values,
        })
    } else {
        None
    };
    let sorter = Box::new(Sorter {
        t,
        cmp,
        work,
        ranges: vec![(1, n)],
        st: St::Pop,
        lo: 0,
        up: 0,
        p: 0,
        i: 0,
        j: 0,
        pivot: Value::Nil,
        x: Value::Nil,
        y: Value::Nil,
    });
    sorter.drive(ctx, None)
}

/// Where the sort stands. The `Await*` states wait for the answer of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    /// Take the next pending range.
    Pop,
    /// `t[up] < t[lo]`?
    AwaitEnds,
    /// `t[p] < t[lo]`?
    AwaitMidLo,
    /// `t[up] < t[p]`?
    AwaitMidUp,
    /// The three samples are ordered: choose the pivot and start partitioning.
    Partition,
    /// Advance `i` and compare `t[i] < pivot`.
    ScanUp,
    AwaitUp,
    /// Move `j` down and compare `pivot < t[j]`.
    ScanDown,
    AwaitDown,
}

/// What the state machine needs next.
enum Step {
    Done,
    /// The answer of `a < b` (by the comparator or `<`).
    Less(Value, Value),
}

/// What a comparison turned into.
enum Cmp {
    Known(bool),
    Call(Value, crate::exec::CallArgs),
}

/// Lua 5.1's quicksort as a resumable machine. Each range is first put in order at its ends
/// and middle (median of three); ranges of two or three elements stop there. Otherwise the
/// middle value becomes the pivot, parked at `up-1`, and `i` (up from `lo`) and `j` (down from
/// `up-1`) scan for elements on the wrong side, swapping them, until they cross; the pivot then
/// goes to `i`. The smaller side is sorted first (the larger waits on the stack), which bounds
/// the stack by log2(n). An inconsistent comparator makes a scan run past its range's end:
/// that is "invalid order function for sorting", checked after the comparison that said "less".
/// Values that were read before a comparison are the ones written by the swap after it, as in
/// 5.1 (a comparator that writes to the table sees the same outcome).
struct Sorter {
    t: TableRef,
    cmp: Option<Value>,
    /// The local copy of `t[1..=n]` while it is in use (never while a call is pending).
    work: Option<Work>,
    ranges: Vec<(i64, i64)>,
    st: St,
    lo: i64,
    up: i64,
    p: i64,
    i: i64,
    j: i64,
    pivot: Value,
    /// The values read for the pending comparison (or the scans' current elements).
    x: Value,
    y: Value,
}

/// The elements being sorted, and which positions the sort has written.
struct Work {
    values: Vec<Value>,
    dirty: Vec<bool>,
}

impl Sorter {
    /// Runs comparisons in Rust while it can; returns a call when Lua code must decide one.
    fn drive(mut self: Box<Self>, ctx: &mut NativeCtx<'_, '_>, mut answer: Option<bool>) -> R {
        loop {
            let step = match self.step(ctx, answer.take()) {
                Ok(s) => s,
                Err(e) => return Err(self.write_back(ctx).err().unwrap_or(e)),
            };
            let (a, b) = match step {
                Step::Done => {
                    self.write_back(ctx)?;
                    return Ok(NativeReturn::Return);
                }
                Step::Less(a, b) => (a, b),
            };
            match self.less(ctx, a, b) {
                Ok(Cmp::Known(r)) => answer = Some(r),
                Ok(Cmp::Call(func, args)) => {
                    if self.work.is_some() {
                        self.write_back(ctx)?;
                    }
                    return Ok(NativeReturn::Call {
                        func,
                        args,
                        then: Continuation::Native(self),
                    });
                }
                Err(e) => return Err(self.write_back(ctx).err().unwrap_or(e)),
            }
        }
    }

    /// Stores the local copy's written positions into the table (in ascending order) and
    /// goes on with the table itself.
    fn write_back(&mut self, ctx: &mut NativeCtx<'_, '_>) -> Result<(), LuaError> {
        let Some(work) = self.work.take() else {
            return Ok(());
        };
        ctx.tx
            .set_run(self.t, 1, &work.values, &work.dirty)
            .map_err(|e| heap(ctx, e))
    }

    /// `a < b`: the comparator, or Lua's `<` (numbers and strings here; `__lt` by a call).
    fn less(&self, ctx: &mut NativeCtx<'_, '_>, a: Value, b: Value) -> Result<Cmp, LuaError> {
        if let Some(f) = self.cmp {
            return Ok(Cmp::Call(f, smallvec::smallvec![a, b]));
        }
        match (a, b) {
            (Value::Num(x), Value::Num(y)) => return Ok(Cmp::Known(x < y)),
            (Value::Str(x), Value::Str(y)) => {
                let r = match (ctx.tx.str_bytes(x), ctx.tx.str_bytes(y)) {
                    (Ok(xs), Ok(ys)) => Ok(xs < ys),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                };
                return r.map(Cmp::Known).map_err(|e| heap(ctx, e));
            }
            _ => {}
        }
        let order_error = |ctx: &mut NativeCtx<'_, '_>| {
            let (t1, t2) = (a.type_name(), b.type_name());
            let msg = if t1 == t2 {
                format!("attempt to compare two {t1} values")
            } else {
                format!("attempt to compare {t1} with {t2}")
            };
            // Raised inside the sort (a C function in 5.1): no position.
            ctx.error_value_text(msg.as_bytes())
        };
        if std::mem::discriminant(&a) != std::mem::discriminant(&b) {
            return Err(order_error(ctx));
        }
        let lt = ctx.state.names.lt;
        let tm1 = metamethod(ctx.tx, ctx.state, a, lt).map_err(|e| heap(ctx, e))?;
        if tm1.is_nil() {
            return Err(order_error(ctx));
        }
        let tm2 = metamethod(ctx.tx, ctx.state, b, lt).map_err(|e| heap(ctx, e))?;
        if tm1 != tm2 {
            return Err(order_error(ctx));
        }
        Ok(Cmp::Call(tm1, smallvec::smallvec![a, b]))
    }

    fn get(&self, ctx: &mut NativeCtx<'_, '_>, i: i64) -> Result<Value, LuaError> {
        if let Some(work) = &self.work {
            if let Some(v) = usize::try_from(i - 1).ok().and_then(|k| work.values.get(k)) {
                return Ok(*v);
            }
        }
        geti(ctx, self.t, i)
    }

    fn set(&mut self, ctx: &mut NativeCtx<'_, '_>, i: i64, v: Value) -> Result<(), LuaError> {
        if let Some(work) = &mut self.work {
            if let Ok(k) = usize::try_from(i - 1) {
                if let Some(slot) = work.values.get_mut(k) {
                    *slot = v;
                    if let Some(d) = work.dirty.get_mut(k) {
                        *d = true;
                    }
                    return Ok(());
                }
            }
        }
        seti(ctx, self.t, i, v)
    }

    fn invalid_order(ctx: &mut NativeCtx<'_, '_>) -> LuaError {
        ctx.error("invalid order function for sorting")
    }

    /// Advances until the next comparison (or the end), consuming `answer` in an `Await*`
    /// state.
    fn step(
        &mut self,
        ctx: &mut NativeCtx<'_, '_>,
        answer: Option<bool>,
    ) -> Result<Step, LuaError> {
        let mut answer = answer;
        loop {
            match self.st {
                St::Pop => {
                    let Some((lo, up)) = self.ranges.pop() else {
                        return Ok(Step::Done);
                    };
                    if lo >= up {
                        continue;
                    }
                    self.lo = lo;
                    self.up = up;
                    self.x = self.get(ctx, lo)?;
                    self.y = self.get(ctx, up)?;
                    self.st = St::AwaitEnds;
                    return Ok(Step::Less(self.y, self.x));
                }
                St::AwaitEnds => {
                    if answer.take().unwrap_or(false) {
                        self.set(ctx, self.lo, self.y)?;
                        self.set(ctx, self.up, self.x)?;
                    }
                    if self.up - self.lo == 1 {
                        self.st = St::Pop;
                        continue;
                    }
                    self.p = (self.lo + self.up) / 2;
                    self.x = self.get(ctx, self.p)?;
                    self.y = self.get(ctx, self.lo)?;
                    self.st = St::AwaitMidLo;
                    return Ok(Step::Less(self.x, self.y));
                }
                St::AwaitMidLo => {
                    if answer.take().unwrap_or(false) {
                        self.set(ctx, self.p, self.y)?;
                        self.set(ctx, self.lo, self.x)?;
                        self.st = St::Partition;
                        continue;
                    }
                    self.y = self.get(ctx, self.up)?;
                    self.st = St::AwaitMidUp;
                    return Ok(Step::Less(self.y, self.x));
                }
                St::AwaitMidUp => {
                    if answer.take().unwrap_or(false) {
                        self.set(ctx, self.p, self.y)?;
                        self.set(ctx, self.up, self.x)?;
                    }
                    self.st = St::Partition;
                }
                St::Partition => {
                    if self.up - self.lo == 2 {
                        self.st = St::Pop;
                        continue;
                    }
                    self.pivot = self.get(ctx, self.p)?;
                    let w = self.get(ctx, self.up - 1)?;
                    self.set(ctx, self.p, w)?;
                    self.set(ctx, self.up - 1, self.pivot)?;
                    self.i = self.lo;
                    self.j = self.up - 1;
                    self.st = St::ScanUp;
                }
                St::ScanUp => {
                    self.i += 1;
                    self.x = self.get(ctx, self.i)?;
                    self.st = St::AwaitUp;
                    return Ok(Step::Less(self.x, self.pivot));
                }
                St::AwaitUp => {
                    if answer.take().unwrap_or(false) {
                        if self.i > self.up {
                            return Err(Self::invalid_order(ctx));
                        }
                        self.st = St::ScanUp;
                    } else {
                        self.st = St::ScanDown;
                    }
                }
                St::ScanDown => {
                    self.j -= 1;
                    self.y = self.get(ctx, self.j)?;
                    self.st = St::AwaitDown;
                    return Ok(Step::Less(self.pivot, self.y));
                }
                St::AwaitDown => {
                    if answer.take().unwrap_or(false) {
                        if self.j < self.lo {
                            return Err(Self::invalid_order(ctx));
                        }
                        self.st = St::ScanDown;
                        continue;
                    }
                    if self.j >= self.i {
                        self.set(ctx, self.i, self.y)?;
                        self.set(ctx, self.j, self.x)?;
                        self.st = St::ScanUp;
                        continue;
                    }
                    // The scans crossed: the pivot goes to i, then the two sides.
                    let (lo, up, i) = (self.lo, self.up, self.i);
                    let a = self.get(ctx, up - 1)?;
                    let b = self.get(ctx, i)?;
                    self.set(ctx, up - 1, b)?;
                    self.set(ctx, i, a)?;
                    if i - lo < up - i {
                        self.ranges.push((i + 1, up));
                        self.ranges.push((lo, i - 1));
                    } else {
                        self.ranges.push((lo, i - 1));
                        self.ranges.push((i + 1, up));
                    }
                    self.pivot = Value::Nil;
                    self.st = St::Pop;
                }
            }
        }
    }
}

impl NativeContinuation for Sorter {
    fn resume(self: Box<Self>, ctx: &mut NativeCtx<'_, '_>, results: &[Value]) -> R {
        let r = results.first().is_some_and(|v| v.truthy());
        self.drive(ctx, Some(r))
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        f(Value::Table(self.t));
        if let Some(c) = self.cmp {
            f(c);
        }
        f(self.pivot);
        f(self.x);
        f(self.y);
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use crate::exec::{LuaError, Vm};
    use crate::value::Value;

    /// Output shared with the VM's `stdout`.
    struct Capture(Rc<RefCell<Vec<u8>>>);

    impl std::io::Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Runs `src` with the base and table libraries: what it printed, or its error.
    fn run(src: &str) -> Result<String, String> {
        let mut vm = Vm::new();
        crate::stdlib::open_base(&mut vm).map_err(|e| format!("{e:?}"))?;
        super::open(&mut vm).map_err(|e| format!("{e:?}"))?;
        let out = Rc::new(RefCell::new(Vec::new()));
        vm.state.stdout = Box::new(Capture(out.clone()));
        let f = vm.load(src.as_bytes(), b"=test")?;
        let result = vm.call(Value::Func(f), &[]);
        let text = String::from_utf8_lossy(&out.borrow()).into_owned();
        match result {
            Ok(_) => Ok(text),
            Err(LuaError::Value(v)) => Err(String::from_utf8_lossy(&vm.to_display(v)).into_owned()),
            Err(e) => Err(format!("{e:?}")),
        }
    }

    #[test]
    fn sort_makes_5_1s_comparisons() {
        // The comparator calls lua5.1 makes for this input (recorded from lua5.1).
        let out = run(r#"
            local t = {4, 7, 1, 8, 2, 6, 3, 5}
            local log = {}
            table.sort(t, function(a, b) log[#log + 1] = a .. "<" .. b return a < b end)
            print(table.concat(t, " "))
            print(table.concat(log, " "))
        "#)
        .unwrap();
        assert_eq!(
            out,
            "1 2 3 4 5 6 7 8\n5<4 8<4 5<8 7<5 5<6 5<2 1<5 3<5 7<5 5<3 8<6 7<6 8<7 3<4 2<3 \
             1<3 3<3 3<1 1<2\n"
        );
    }

    #[test]
    fn a_comparator_error_midway_propagates_and_leaves_the_partial_order() {
        let out = run(r#"
            local log = {}
            local t = {4, 7, 1, 8, 2, 6, 3, 5}
            print(pcall(table.sort, t, function(a, b)
                log[#log + 1] = a .. "<" .. b
                if #log == 5 then error("boom") end
                return a < b
            end))
            print(table.concat(t, ","), #log)
        "#)
        .unwrap();
        // As lua5.1: the swaps made before the error stay.
        assert_eq!(out, "false\ttest:6: boom\n4,7,1,3,2,6,5,8\t5\n");
    }

    #[test]
    fn inconsistent_comparators_behave_as_in_5_1() {
        let out = run(r#"
            local t = {}
            for i = 1, 20 do t[i] = i end
            print(pcall(table.sort, t, function(a, b) return true end))
            local u = {3, 1, 2}
            print(pcall(table.sort, u, function(a, b) return true end), table.concat(u, ","))
            local w = {}
            for i = 1, 10 do w[i] = 11 - i end
            print(pcall(table.sort, w, function(a, b) return a >= b end), table.concat(w, ","))
            local x = {1, 2, 3, 4}
            print(pcall(table.sort, x, function(a, b) return false end), table.concat(x, ","))
        "#)
        .unwrap();
        assert_eq!(
            out,
            "false\tinvalid order function for sorting\ntrue\t1,2,3\n\
             true\t10,9,8,7,6,5,4,3,2,1\ntrue\t1,3,2,4\n"
        );
    }

    #[test]
    fn default_order_errors_and_lt_metamethods() {
        let out = run(r#"
            print(pcall(table.sort, {1, "2", 3}))
            print(pcall(table.sort, {{}, {}}))
            print(pcall(table.sort, {1, 2}, 3))
            local mt = {__lt = function(a, b) return a.v < b.v end}
            local t = {}
            for i, v in ipairs({5, 3, 9, 1, 7}) do t[i] = setmetatable({v = v}, mt) end
            table.sort(t)
            print(t[1].v, t[2].v, t[3].v, t[4].v, t[5].v)
            local s = {"b", "a", "\255", "\0", "A"}
            table.sort(s)
            print(#s[1], s[2], s[3], s[4], #s[5])
        "#)
        .unwrap();
        assert_eq!(
            out,
            "false\tattempt to compare string with number\n\
             false\tattempt to compare two table values\n\
             false\tbad argument #2 to '?' (function expected, got number)\n\
             1\t3\t5\t7\t9\n1\tA\ta\tb\t1\n"
        );
    }

    #[test]
    fn insert_remove_concat() {
        let out = run(r#"
            local t = {1, 2, 3}
            table.insert(t, 1, 0)
            table.insert(t, "x")
            print(table.concat(t, ","), table.remove(t, 1), table.remove(t), #t)
            print(pcall(table.insert, {}, 1, 2, 3))
            print(pcall(table.concat, {1, {}}))
            print(table.concat({1, 2.5, "z"}, "-", 2, 3), table.maxn({[7] = 1, 2}))
            -- A far-away position moves only what exists (as 5.1's slot-by-slot loop would).
            local u = {1, 2, 3}
            table.insert(u, -100000, "x")
            print(u[-100000], u[-99999], u[0], u[1], u[2], u[3], u[4], #u)
        "#)
        .unwrap();
        assert_eq!(
            out,
            "0,1,2,3,x\t0\tx\t3\n\
             false\twrong number of arguments to 'insert'\n\
             false\tinvalid value (table) at index 2 in table for 'concat'\n\
             2.5-z\t7\n\
             x\tnil\tnil\tnil\t1\t2\t3\t4\n"
        );
    }

    #[test]
    fn foreach_stops_at_the_first_result() {
        let out = run(r#"
            print(table.foreachi({5, 6, 7}, function(i, v) if i == 2 then return v * 10 end end))
            print(table.foreach({10}, function(k, v) return k + v end))
            print(pcall(table.setn, {}, 1))
        "#)
        .unwrap();
        assert_eq!(out, "60\n11\nfalse\t'setn' is obsolete\n");
    }
}
