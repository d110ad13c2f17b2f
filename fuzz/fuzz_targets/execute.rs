//! Any source, run under an instruction limit and a memory limit, ends — with results or a Lua
//! error — without panicking and without exceeding the limits.

#![no_main]

use ferrous_vm::exec::{Executor, Vm};
use ferrous_vm::value::Value;
use libfuzzer_sys::fuzz_target;

const MEMORY_LIMIT: usize = 32 * 1024 * 1024;

fuzz_target!(|source: &[u8]| {
    let mut vm = Vm::new();
    // The libraries a script in Redis has; not io/os (a program must not read the fuzzer's
    // stdin or exit it).
    let opened = ferrous_vm::stdlib::open_base(&mut vm)
        .and_then(|()| ferrous_vm::stdlib::string::open(&mut vm))
        .and_then(|()| ferrous_vm::stdlib::table::open(&mut vm))
        .and_then(|()| ferrous_vm::stdlib::math::open(&mut vm));
    if opened.is_err() {
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
