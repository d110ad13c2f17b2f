//! The standard libraries, one file each: `base` (with the coroutine functions in `coroutine`).

pub mod base;
pub mod coroutine;
pub mod debug;
pub mod io;
pub mod math;
pub mod os;
pub mod package;
pub mod string;
pub mod table;

use crate::exec::{LuaError, Vm};
use crate::value::Value;

/// Opens the base and coroutine libraries.
pub fn open_base(vm: &mut Vm) -> Result<(), LuaError> {
    base::open(vm)?;
    coroutine::open(vm)
}

/// Opens every library the VM has.
pub fn open_all(vm: &mut Vm) -> Result<(), LuaError> {
    open_base(vm)?;
    string::open(vm)?;
    table::open(vm)?;
    math::open(vm)?;
    os::open(vm)?;
    io::open(vm)?;
    debug::open(vm)?;
    package::open(vm)
}

/// The global `arg`: the script at 0, its arguments at 1.., the interpreter at -1.
pub fn set_arg_table(vm: &mut Vm, script: &[u8], args: &[Vec<u8>]) -> Result<(), LuaError> {
    let mut values = vec![vm.intern(b"lua")?, vm.intern(script)?];
    for a in args {
        values.push(vm.intern(a)?);
    }
    let mut tx = vm.heap.transaction();
    let t = tx
        .new_table(args.len(), 2)
        .map_err(|e| LuaError::from_heap(&mut tx, e))?;
    for (i, v) in values.into_iter().enumerate() {
        tx.set(t, Value::Num(i as f64 - 1.0), v)
            .map_err(|e| LuaError::from_heap(&mut tx, e))?;
    }
    tx.commit();
    vm.set_global("arg", Value::Table(t))
}
