//! String functions under a memory limit, as Lua 5.1 embedded with one behaves: a result too
//! big for the limit is the Lua error `not enough memory` (catchable, the VM usable
//! afterwards), noticed before anything far beyond the limit is allocated — this test binary's
//! allocator records the largest request — and `string.rep`'s count past a C int keeps its low
//! 32 bits (`2^40` gives '', as in lua5.1).
//!
//! The tests take turns (a lock), so nothing else allocates while one watches.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use ferrous_vm::exec::{LuaError, Vm};
use ferrous_vm::value::Value;

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

const LIMIT: usize = 64 * 1024 * 1024;

static TURN: Mutex<()> = Mutex::new(());

fn limited_vm(limit: usize) -> Vm {
    let mut vm = Vm::new();
    ferrous_vm::stdlib::open_all(&mut vm).expect("libraries");
    vm.state.stdout = Box::new(std::io::sink());
    vm.heap.set_limit(limit);
    vm
}

/// Runs `source`; its results as `tostring` shows them, or the error message.
fn run(vm: &mut Vm, source: &str) -> Result<Vec<String>, String> {
    let f = vm.load(source.as_bytes(), b"=test")?;
    match vm.call(Value::Func(f), &[]) {
        Ok(values) => Ok(values
            .into_iter()
            .map(|v| String::from_utf8_lossy(&vm.to_display(v)).into_owned())
            .collect()),
        Err(LuaError::Value(v)) | Err(LuaError::Handled(v)) => {
            Err(String::from_utf8_lossy(&vm.to_display(v)).into_owned())
        }
        Err(LuaError::Interrupted(m)) => Err(format!("interrupted: {m}")),
    }
}

/// Runs `source` and returns its outcome and the largest allocation made meanwhile.
fn watched(vm: &mut Vm, source: &str) -> (Result<Vec<String>, String>, usize) {
    LARGEST.store(0, Ordering::Relaxed);
    let r = run(vm, source);
    (r, LARGEST.load(Ordering::Relaxed))
}

#[test]
fn rep_under_a_64_mb_limit() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let mut vm = limited_vm(LIMIT);

    // A gigabyte: the error, uncaught and caught, with nothing near that size allocated.
    let (r, largest) = watched(&mut vm, "return string.rep('x', 1e9)");
    assert_eq!(r, Err("not enough memory".to_string()));
    assert!(largest < LIMIT, "allocated {largest} bytes at once");
    let (r, largest) = watched(&mut vm, "return pcall(string.rep, 'x', 1e9)");
    assert_eq!(r, Ok(vec!["false".into(), "not enough memory".into()]));
    assert!(largest < LIMIT, "allocated {largest} bytes at once");
    // A long unit times a modest count is the same product.
    let (r, largest) = watched(
        &mut vm,
        "local unit = string.rep('ab', 5e5) return pcall(string.rep, unit, 1000)",
    );
    assert_eq!(r, Ok(vec!["false".into(), "not enough memory".into()]));
    assert!(largest < LIMIT, "allocated {largest} bytes at once");
    // Counts whose product overflows a machine word.
    let (r, _) = watched(
        &mut vm,
        "return pcall(string.rep, string.rep('x', 16), 2^31 - 1)",
    );
    assert_eq!(r, Ok(vec!["false".into(), "not enough memory".into()]));

    // Past a C int: the low 32 bits (2^40 -> 0 -> ''; 2^32 + 3 -> 3), no memory error.
    let (r, largest) = watched(
        &mut vm,
        "return string.rep('x', 2^40), #string.rep('x', 2^32 + 3), string.rep('x', 2^31)",
    );
    assert_eq!(r, Ok(vec![String::new(), "3".into(), String::new()]));
    assert!(largest < 1 << 20, "allocated {largest} bytes at once");

    // What fits is built, and the VM goes on after the errors.
    let (r, _) = watched(&mut vm, "return #string.rep('x', 3e7)");
    assert_eq!(r, Ok(vec!["30000000".into()]));
    assert!(vm.heap.bytes_in_use() <= LIMIT);
}

/// Found by the `patterns` fuzz target: gsub with a function (or table) replacement checked
/// its buffer against the limit only between matches that needed no Lua call, so a pattern
/// matching everywhere, with a long replacement value, grew the buffer to many times the
/// limit before the budget or the end stopped it.
#[test]
fn gsub_with_callbacks_stops_at_the_limit() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let limit = 8 * 1024 * 1024;
    for replacement in [
        "function() return big end",
        "setmetatable({}, {__index = function() return big end})",
        "{[''] = big}",
    ] {
        let mut vm = limited_vm(limit);
        let source = format!(
            "local big = string.rep('y', 100000) \
             return pcall(string.gsub, string.rep('x', 5000), '', {replacement})"
        );
        let (r, largest) = watched(&mut vm, &source);
        assert_eq!(
            r,
            Ok(vec!["false".into(), "not enough memory".into()]),
            "{replacement}"
        );
        assert!(
            largest <= 2 * limit,
            "{replacement}: allocated {largest} bytes at once"
        );
    }
}

/// `string.format`'s `%q` writes up to four bytes for one (`\0` is `\000`), and `%s` copies a
/// whole long string: the limit is consulted before an item is written, not after.
#[test]
fn format_items_are_measured_before_they_are_written() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let limit = 8 * 1024 * 1024;
    for (source, expected) in [
        (
            "local z = string.rep('\\0', 3 * 1024 * 1024) return pcall(string.format, '%q', z)",
            vec!["false", "not enough memory"],
        ),
        (
            "local s = string.rep('x', 3 * 1024 * 1024) \
             return pcall(string.format, '%s%s%s', s, s, s)",
            vec!["false", "not enough memory"],
        ),
        (
            "local z = string.rep('\\0\\n', 1000) return #string.format('%q', z)",
            vec!["6002"],
        ),
    ] {
        let mut vm = limited_vm(limit);
        let (r, largest) = watched(&mut vm, source);
        assert_eq!(
            r,
            Ok(expected.iter().map(|s| s.to_string()).collect()),
            "{source}"
        );
        assert!(
            largest <= limit,
            "{source}: allocated {largest} bytes at once"
        );
    }
}
