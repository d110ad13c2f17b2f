//! The standard libraries, one file each: `base` (with the coroutine functions in `coroutine`).

pub mod base;
pub mod coroutine;

use crate::exec::{LuaError, Vm};

/// Opens the base and coroutine libraries.
pub fn open_base(vm: &mut Vm) -> Result<(), LuaError> {
    base::open(vm)?;
    coroutine::open(vm)
}

/// Opens every library the VM has.
pub fn open_all(vm: &mut Vm) -> Result<(), LuaError> {
    open_base(vm)
}
