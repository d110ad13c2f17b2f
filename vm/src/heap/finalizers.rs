//! Finalizers: userdata with a `__gc` metamethod get it called once before they are freed.
//!
//! A collection that finds such a userdata unreachable does not free it: it marks it finalized,
//! queues it (newest first) and keeps it and everything it reaches alive for one more cycle
//! (see `gc.rs`). The executor runs the queue (`exec/finalize.rs`): inside `collectgarbage`
//! when that call asked for the collection, else before the next instruction that can be
//! interrupted. `Vm::close` queues every userdata not finalized yet, reachable or not, as
//! closing a Lua state does.
//!
//! The queue lives outside transactions: taking an entry is not undone by a rollback.

use super::{Handle, Heap, HeapTransaction};
use crate::exec::VmState;
use crate::object::UserData;
use crate::value::Value;

impl Heap {
    /// Whether `u`'s metatable has a `__gc` field (looked up raw).
    pub(crate) fn has_finalizer(&self, u: &UserData, state: &VmState) -> bool {
        u.metatable
            .and_then(|mt| self.tables.get(mt).ok())
            .is_some_and(|t| !t.get(&Value::Str(state.names.gc)).is_nil())
    }

    /// Queues `doomed` (serial, handle) newest first and marks them finalized.
    pub(crate) fn queue_finalizers(&mut self, mut doomed: Vec<(u64, Handle<UserData>)>) {
        doomed.sort_by_key(|&(serial, _)| std::cmp::Reverse(serial));
        for (_, h) in doomed {
            if let Ok(u) = self.userdata.get_mut(h) {
                u.finalized = true;
                self.finalize_queue.push_back(h);
            }
        }
    }

    /// What closing the state does first: queues every userdata that has a finalizer and was
    /// not finalized yet, reachable or not. Collections after this queue nothing more.
    pub fn queue_all_finalizers(&mut self, state: &VmState) {
        let doomed: Vec<(u64, Handle<UserData>)> = self
            .userdata
            .iter()
            .filter(|(_, u)| !u.finalized && self.has_finalizer(u, state))
            .map(|(h, u)| (u.serial, h))
            .collect();
        self.queue_finalizers(doomed);
        self.closing = true;
    }
}

impl HeapTransaction<'_> {
    /// Whether finalizers are waiting to run between instructions (not while the state is
    /// closing: `Vm::close` calls them one at a time itself).
    pub fn finalizers_due(&self) -> bool {
        !self.heap().finalize_queue.is_empty() && !self.heap().closing
    }

    /// Takes the next userdata whose finalizer is due.
    pub fn next_finalizable(&mut self) -> Option<Handle<UserData>> {
        self.heap_mut().finalize_queue.pop_front()
    }

    /// Accounts `work` units of `collectgarbage("step")` towards the cycle the steps make;
    /// true when they add up to a whole cycle (a cycle's work is the bytes in use), which then
    /// starts anew. Automatic collections do not advance or restart it (they happen at other
    /// times in this collector than in Lua 5.1's, and must not keep the steps from finishing).
    pub fn step_collection(&mut self, work: usize) -> bool {
        let heap = self.heap_mut();
        heap.step_work = heap.step_work.saturating_add(work);
        let done = heap.step_work >= heap.bytes;
        if done {
            heap.step_work = 0;
        }
        done
    }

    /// A full collection was asked for: the steps' cycle starts anew.
    pub fn restart_step_cycle(&mut self) {
        self.heap_mut().step_work = 0;
    }
}
