//! Any source, run under an instruction limit and a memory limit, ends — with results or a Lua
//! error — without panicking and without exceeding the limits.

#![no_main]

use ferrous_vm::exec::{Executor, Vm};
use ferrous_vm::value::Value;
use libfuzzer_sys::fuzz_target;

const MEMORY_LIMIT: usize = 32 * 1024 * 1024;

fuzz_target!(|source: &[u8]| {
    let mut vm = Vm::new();
    if ferrous_vm::stdlib::open_all(&mut vm).is_err() {
        return;
    }
    vm.state.stdout = Box::new(std::io::sink());
    vm.heap.set_limit(MEMORY_LIMIT);
    vm.state.budget = Some(200_000);
    let Ok(f) = vm.load(source, b"=fuzz") else {
        return;
    };
    let mut exec = Executor::new(Value::Func(f), Vec::new());
    let _ = exec.run_to_end(&mut vm.heap, &mut vm.state);
    assert!(vm.heap.bytes_in_use() <= MEMORY_LIMIT);
});
