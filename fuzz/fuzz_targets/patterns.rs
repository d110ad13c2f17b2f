//! The string library's pattern matcher and formatter on arbitrary input: `string.find` (with
//! and without `plain`), `match`, `gmatch`, `gsub` with string, table and function
//! replacements, `format` with arbitrary format strings and arguments, and `rep` (which grows
//! the subjects). Every call runs under an instruction budget and a memory limit and must end
//! with results or a Lua error whose value is a string — never a panic, an uncatchable error
//! other than the budget running out, a heap over its limit, a Rust allocation far beyond the
//! limit, or a call that runs for seconds.
//!
//! The input is a list of steps followed by the texts they work on, separated by `\n` (the
//! rest of the input, raw), so a seed is a few encoded steps and readable text. Steps name
//! texts by index (modulo how many there are); results of `rep` and `gsub` become new texts.

#![no_main]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use ferrous_vm::exec::{LuaError, Vm};
use ferrous_vm::value::Value;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const MEMORY_LIMIT: usize = 8 * 1024 * 1024;
/// No single Rust allocation may be larger than this: a request that size means something was
/// built before the memory limit was consulted.
const LARGEST_ALLOCATION: usize = 2 * MEMORY_LIMIT;
/// Instructions each step may run (pattern matching is charged to the same budget).
const STEP_BUDGET: u64 = 50_000;
/// Far more than any step needs under its budget; a step this slow is a hang.
const STEP_TIME: Duration = Duration::from_secs(10);
const MAX_STEPS: usize = 32;

/// The system allocator, remembering the largest request.
struct Watched;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Watched {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Watched = Watched;

/// When the running step started (milliseconds since the watchdog's epoch, plus one), or 0.
static STEP_STARTED: AtomicU64 = AtomicU64::new(0);

/// A thread that aborts the process when a step runs past `STEP_TIME` — a step stuck in a loop
/// never returns to the check after the call, and libFuzzer's own timeout is 20 minutes. The
/// abort makes libFuzzer save the input.
fn start_watchdog() -> &'static Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(Duration::from_millis(500));
            let started = STEP_STARTED.load(Ordering::Relaxed);
            let Some(epoch) = EPOCH.get() else { continue };
            let now = epoch.elapsed().as_millis() as u64 + 1;
            if started != 0 && now.saturating_sub(started) > STEP_TIME.as_millis() as u64 {
                eprintln!("a step has run for more than {STEP_TIME:?}");
                std::process::abort();
            }
        });
        Instant::now()
    })
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    steps: Vec<Step>,
    /// The texts, separated by `\n`.
    texts: &'a [u8],
}

/// A value passed to `format`, or returned by a replacement function or table.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Arg {
    Text(u8),
    Int(i32),
    Num(f64),
    Nil,
    False,
    True,
    Table,
}

#[derive(Arbitrary, Debug)]
enum Step {
    Find {
        subject: u8,
        pattern: u8,
        init: Option<i16>,
        plain: bool,
    },
    Match {
        subject: u8,
        pattern: u8,
        init: Option<i16>,
    },
    Gmatch {
        subject: u8,
        pattern: u8,
    },
    GsubString {
        subject: u8,
        pattern: u8,
        replacement: u8,
        max: Option<i16>,
    },
    /// A table replacement: `which` picks a table of texts, one whose `__index` returns `value`,
    /// or one whose `__index` raises an error.
    GsubTable {
        subject: u8,
        pattern: u8,
        which: u8,
        value: Arg,
        max: Option<i16>,
    },
    /// A function replacement returning `value` (or raising an error when `fail`).
    GsubFunction {
        subject: u8,
        pattern: u8,
        value: Arg,
        fail: bool,
        max: Option<i16>,
    },
    Format {
        format: u8,
        args: Vec<Arg>,
    },
    Rep {
        text: u8,
        count: Arg,
    },
}

/// Runs one step: the driver's `op`, with texts and values as arguments. Returns what the
/// driver returned; a string-library error arrives as `false, message`.
const DRIVER: &str = r#"
local T, n = {}, 0
for s in (select(1, ...) .. '\n'):gmatch('([^\n]*)\n') do n = n + 1 T[n] = s end
local function text(i) if n == 0 then return '' end return T[i % n + 1] end
local function add(s) if type(s) == 'string' and n < 256 then n = n + 1 T[n] = s end end
local function value(kind, x)
  if kind == 'text' then return text(x)
  elseif kind == 'table' then return {}
  else return x end
end
local texts = {}
for i = 1, n do texts[T[i]] = T[i % n + 1] end
-- A call's results, or 'error' and its message, which must be a string.
local function checked(ok, ...)
  if ok then return ... end
  local e = ...
  if type(e) ~= 'string' then error({bad = e}) end
  return 'error', e
end
-- The same, keeping a resulting string as a new text.
local function kept(ok, ...)
  if ok then add((...)) end
  return checked(ok, ...)
end
return function(op, a, b, c, d, e, ...)
  if op == 'find' then
    return checked(pcall(string.find, text(a), text(b), c, d))
  elseif op == 'match' then
    return checked(pcall(string.match, text(a), text(b), c))
  elseif op == 'gmatch' then
    return checked(pcall(function()
      local count = 0
      for x, y in string.gmatch(text(a), text(b)) do
        count = count + 1
        if count > 200 then break end
      end
      return count
    end))
  elseif op == 'gsub_string' then
    return kept(pcall(string.gsub, text(a), text(b), text(c), d))
  elseif op == 'gsub_table' then
    local t
    if c % 3 == 0 then t = texts
    elseif c % 3 == 1 then t = setmetatable({}, {__index = function() return value(d, e) end})
    else t = setmetatable({}, {__index = function(_, k) error(k) end}) end
    return checked(pcall(string.gsub, text(a), text(b), t, ...))
  elseif op == 'gsub_function' then
    local f
    if c then f = function(...) error(select('#', ...)) end
    else f = function() return value(d, e) end end
    return checked(pcall(string.gsub, text(a), text(b), f, ...))
  elseif op == 'format' then
    local args = {...}
    for i = 1, select('#', ...), 2 do args[(i + 1) / 2] = value(args[i], args[i + 1]) end
    return checked(pcall(string.format, text(a), unpack(args, 1, select('#', ...) / 2)))
  elseif op == 'rep' then
    return kept(pcall(string.rep, text(a), value(b, c)))
  end
end
"#;

/// An argument as the driver takes it: a kind name and a payload.
fn arg_values(vm: &mut Vm, arg: Arg) -> [Value; 2] {
    let kind = |vm: &mut Vm, k: &str| vm.intern(k.as_bytes()).expect("room for names");
    match arg {
        Arg::Text(i) => [kind(vm, "text"), Value::Num(i as f64)],
        Arg::Int(i) => [kind(vm, "value"), Value::Num(i as f64)],
        Arg::Num(x) => [kind(vm, "value"), Value::Num(x)],
        Arg::Nil => [kind(vm, "value"), Value::Nil],
        Arg::False => [kind(vm, "value"), Value::Bool(false)],
        Arg::True => [kind(vm, "value"), Value::Bool(true)],
        Arg::Table => [kind(vm, "table"), Value::Nil],
    }
}

fn optional(n: Option<i16>) -> Value {
    n.map_or(Value::Nil, |n| Value::Num(n as f64))
}

fuzz_target!(|input: Input<'_>| {
    let epoch = start_watchdog();
    let mut vm = Vm::new();
    let opened = ferrous_vm::stdlib::open_base(&mut vm)
        .and_then(|()| ferrous_vm::stdlib::string::open(&mut vm))
        .and_then(|()| ferrous_vm::stdlib::table::open(&mut vm));
    if opened.is_err() {
        return;
    }
    vm.state.stdout = Box::new(std::io::sink());
    let f = vm
        .load(DRIVER.as_bytes(), b"=driver")
        .expect("the driver compiles");
    let texts = vm.intern(input.texts).expect("no limit yet");
    let step = match vm.call(Value::Func(f), &[texts]).as_deref() {
        Ok([step @ Value::Func(_)]) => *step,
        other => panic!("the driver did not start: {other:?}"),
    };
    // The driver's function is a global so the collector keeps it.
    vm.set_global("step", step).expect("no limit yet");
    vm.heap.set_limit(MEMORY_LIMIT);
    LARGEST.store(0, Ordering::Relaxed);
    // `PATTERNS_TRACE=1 target/…/patterns FILE` shows what each step returned.
    let trace = std::env::var_os("PATTERNS_TRACE").is_some();

    for s in input.steps.iter().take(MAX_STEPS) {
        let name = |vm: &mut Vm, op: &str| vm.intern(op.as_bytes());
        let n = |i: u8| Value::Num(i as f64);
        let args: Result<Vec<Value>, LuaError> = (|| {
            Ok(match *s {
                Step::Find {
                    subject,
                    pattern,
                    init,
                    plain,
                } => vec![
                    name(&mut vm, "find")?,
                    n(subject),
                    n(pattern),
                    optional(init),
                    Value::Bool(plain),
                ],
                Step::Match {
                    subject,
                    pattern,
                    init,
                } => vec![
                    name(&mut vm, "match")?,
                    n(subject),
                    n(pattern),
                    optional(init),
                ],
                Step::Gmatch { subject, pattern } => {
                    vec![name(&mut vm, "gmatch")?, n(subject), n(pattern)]
                }
                Step::GsubString {
                    subject,
                    pattern,
                    replacement,
                    max,
                } => vec![
                    name(&mut vm, "gsub_string")?,
                    n(subject),
                    n(pattern),
                    n(replacement),
                    optional(max),
                ],
                Step::GsubTable {
                    subject,
                    pattern,
                    which,
                    value,
                    max,
                } => {
                    let [kind, payload] = arg_values(&mut vm, value);
                    vec![
                        name(&mut vm, "gsub_table")?,
                        n(subject),
                        n(pattern),
                        n(which),
                        kind,
                        payload,
                        optional(max),
                    ]
                }
                Step::GsubFunction {
                    subject,
                    pattern,
                    value,
                    fail,
                    max,
                } => {
                    let [kind, payload] = arg_values(&mut vm, value);
                    vec![
                        name(&mut vm, "gsub_function")?,
                        n(subject),
                        n(pattern),
                        Value::Bool(fail),
                        kind,
                        payload,
                        optional(max),
                    ]
                }
                Step::Format { format, ref args } => {
                    let mut v = vec![
                        name(&mut vm, "format")?,
                        n(format),
                        Value::Nil,
                        Value::Nil,
                        Value::Nil,
                        Value::Nil,
                    ];
                    for a in args.iter().take(40) {
                        v.extend(arg_values(&mut vm, *a));
                    }
                    v
                }
                Step::Rep { text, count } => {
                    let [kind, payload] = arg_values(&mut vm, count);
                    vec![name(&mut vm, "rep")?, n(text), kind, payload]
                }
            })
        })();
        // Naming the step may itself run out of memory once the texts fill the heap.
        let Ok(args) = args else { break };
        vm.state.budget = Some(STEP_BUDGET);
        let started = Instant::now();
        STEP_STARTED.store(
            started.duration_since(*epoch).as_millis() as u64 + 1,
            Ordering::Relaxed,
        );
        let result = vm.call(step, &args);
        STEP_STARTED.store(0, Ordering::Relaxed);
        let took = started.elapsed();
        assert!(took < STEP_TIME, "{s:?} ran for {took:?}");
        assert!(
            vm.heap.bytes_in_use() <= MEMORY_LIMIT,
            "{s:?} left {} bytes in use",
            vm.heap.bytes_in_use()
        );
        if trace {
            let shown: Vec<String> = match &result {
                Ok(values) => values
                    .iter()
                    .map(|v| String::from_utf8_lossy(&vm.to_display(*v)).into_owned())
                    .collect(),
                Err(e) => vec![format!("{e:?}")],
            };
            eprintln!("{s:?} -> {shown:?}");
        }
        match result {
            Ok(values) => {
                if let [Value::Str(_), Value::Str(message)] = values[..] {
                    if vm.string_bytes(values[0]).as_deref() == Some(b"error") {
                        let text = vm.string_bytes(Value::Str(message)).unwrap_or_default();
                        let text = String::from_utf8_lossy(&text);
                        assert!(!text.contains("invalid handle"), "{s:?}: {text}");
                    }
                }
            }
            // The budget ran out (the only error no pcall catches), or the heap is so full
            // that the driver itself cannot go on.
            Err(LuaError::Interrupted(_)) => break,
            Err(LuaError::Value(v)) if vm.to_display(v) == b"not enough memory" => break,
            Err(e) => {
                let shown = match &e {
                    LuaError::Value(v) | LuaError::Handled(v) => vm.to_display(*v),
                    LuaError::Interrupted(m) => m.clone().into_bytes(),
                };
                panic!("{s:?}: {e:?} {}", String::from_utf8_lossy(&shown));
            }
        }
    }
    let largest = LARGEST.load(Ordering::Relaxed);
    assert!(
        largest <= LARGEST_ALLOCATION,
        "a Rust allocation of {largest} bytes"
    );
});
