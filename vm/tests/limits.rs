//! Bad input and runaway programs end in Lua errors, never panics: deep nesting, huge
//! expressions, endless recursion and loops, memory bombs.

use ferrous_vm::exec::{Executor, LuaError, Vm};
use ferrous_vm::value::Value;

fn vm() -> Vm {
    let mut vm = Vm::new();
    ferrous_vm::stdlib::open_all(&mut vm).expect("libraries");
    vm.state.stdout = Box::new(std::io::sink());
    vm
}

/// Runs `source`; its results rendered with `tostring`, or the error message.
fn run(vm: &mut Vm, source: &str) -> Result<Vec<String>, String> {
    let f = vm.load(source.as_bytes(), b"=test")?;
    let mut exec = Executor::new(Value::Func(f), Vec::new());
    match exec.run_to_end(&mut vm.heap, &mut vm.state) {
        Ok(values) => Ok(values
            .into_iter()
            .map(|v| String::from_utf8_lossy(&vm.to_display(v)).into_owned())
            .collect()),
        Err(LuaError::Value(v)) | Err(LuaError::Handled(v)) => {
            Err(String::from_utf8_lossy(&vm.to_display(v)).into_owned())
        }
        Err(LuaError::Interrupted(m)) => Err(m),
    }
}

#[test]
fn a_million_tail_calls_run_in_constant_space() {
    let mut vm = vm();
    let r = run(
        &mut vm,
        "local function loop(n) if n == 0 then return 'done' end return loop(n - 1) end return loop(1000000)",
    );
    assert_eq!(r, Ok(vec!["done".to_string()]));
}

#[test]
fn deep_recursion_is_a_catchable_stack_overflow() {
    let mut vm = vm();
    let r = run(
        &mut vm,
        "local function rec(n) return 1 + rec(n + 1) end return pcall(rec, 1)",
    );
    assert_eq!(
        r,
        Ok(vec![
            "false".to_string(),
            "test:1: stack overflow".to_string()
        ])
    );
}

#[test]
fn long_chains_and_wide_expressions_compile_or_fail_cleanly() {
    let mut vm = vm();
    let chain = format!("local a = {{}} a.b = a return a{} == a", ".b".repeat(900));
    assert_eq!(run(&mut vm, &chain), Ok(vec!["true".to_string()]));
    let sum = format!("local x = 1 return x{}", " + x".repeat(900));
    assert_eq!(run(&mut vm, &sum), Ok(vec!["901".to_string()]));
    let wide = format!("print({})", vec!["1"; 300].join(","));
    let err = run(&mut vm, &wide).expect_err("too many registers");
    assert!(err.ends_with("function or expression too complex"), "{err}");
    let nested = format!("return {}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let err = run(&mut vm, &nested).expect_err("too deep");
    assert!(err.contains("chunk has too many syntax levels"), "{err}");
}

#[test]
fn an_endless_loop_is_stopped_by_the_instruction_budget() {
    let mut vm = vm();
    vm.state.budget = Some(1_000_000);
    let err = run(&mut vm, "local n = 0 while true do n = n + 1 end").expect_err("stopped");
    assert!(err.contains("instruction limit"), "{err}");
    // pcall cannot catch it.
    vm.state.budget = Some(1_000_000);
    let err = run(&mut vm, "return pcall(function() while true do end end)").expect_err("stopped");
    assert!(err.contains("instruction limit"), "{err}");
}

#[test]
fn a_memory_bomb_is_not_enough_memory() {
    let mut vm = vm();
    vm.heap.set_limit(16 * 1024 * 1024);
    let err = run(
        &mut vm,
        "local t = {} local i = 0 while true do i = i + 1 t[i] = {i, i, i} end",
    )
    .expect_err("out of memory");
    assert_eq!(err, "not enough memory");
    let r = run(
        &mut vm,
        "return pcall(function() local t = {} for i = 1, 1e8 do t[i] = tostring(i) end end)",
    );
    assert_eq!(
        r,
        Ok(vec!["false".to_string(), "not enough memory".to_string()])
    );
}
