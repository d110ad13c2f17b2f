//! Running finalizers: the `__gc` metamethods of the userdata a collection queued (see
//! `heap/finalizers.rs`), one call after another, newest first, from a native continuation.
//! `collectgarbage` runs them inside its own call; after an automatic collection the executor
//! runs them as if the current instruction called them (an error in one is raised there, as a
//! collection step in Lua 5.1 raises it where it happens).

use super::meta::metamethod;
use super::{Continuation, LuaError, NativeContinuation, NativeCtx, NativeReturn};
use crate::value::Value;

/// A continuation that calls every queued finalizer, then returns `result`.
pub fn run_finalizers(result: Value) -> Continuation {
    Continuation::Native(Box::new(RunFinalizers { result }))
}

struct RunFinalizers {
    result: Value,
}

impl NativeContinuation for RunFinalizers {
    fn resume(
        self: Box<Self>,
        ctx: &mut NativeCtx<'_, '_>,
        _results: &[Value],
    ) -> Result<NativeReturn, LuaError> {
        while let Some(u) = ctx.tx.next_finalizable() {
            let u = Value::UserData(u);
            let gc = metamethod(ctx.tx, ctx.state, u, ctx.state.names.gc)
                .map_err(|e| ctx.heap_error(e))?;
            if !gc.is_nil() {
                return Ok(NativeReturn::Call {
                    func: gc,
                    args: smallvec::smallvec![u],
                    then: Continuation::Native(self),
                });
            }
        }
        ctx.ret(self.result);
        Ok(NativeReturn::Return)
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        f(self.result);
    }

    fn runs_finalizers(&self) -> bool {
        true
    }
}
