//! The VM's hot paths, measured in-process: compiling a chunk, calls, table access, closures.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use ferrous_vm::exec::Vm;
use ferrous_vm::value::Value;

fn vm() -> Vm {
    let mut vm = Vm::new();
    ferrous_vm::stdlib::open_all(&mut vm).expect("libraries open");
    vm.state.stdout = Box::new(std::io::sink());
    vm
}

fn run(vm: &mut Vm, source: &str) -> Vec<Value> {
    let f = vm.load(source.as_bytes(), b"=bench").expect("compiles");
    vm.call(Value::Func(f), &[]).expect("runs")
}

fn bench_vm(c: &mut Criterion) {
    let mut v = vm();
    c.bench_function("compile 40-line chunk", |b| {
        let src = "local t = {}\nfor i = 1, 10 do t[i] = i * 2 end\n".repeat(20);
        b.iter(|| {
            v.load(black_box(src.as_bytes()), b"=bench")
                .expect("compiles")
        })
    });
    c.bench_function("fib(20)", |b| {
        b.iter(|| {
            run(
                &mut v,
                "local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end return fib(20)",
            )
        })
    });
    c.bench_function("table array 10k", |b| {
        b.iter(|| run(&mut v, "local t = {} for i = 1, 10000 do t[i] = i end local s = 0 for i = 1, #t do s = s + t[i] end return s"))
    });
    c.bench_function("closures 10k", |b| {
        b.iter(|| run(&mut v, "local n = 0 for i = 1, 10000 do local f = function() n = n + i end f() end return n"))
    });
}

criterion_group!(benches, bench_vm);
criterion_main!(benches);
