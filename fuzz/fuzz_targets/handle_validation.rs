//! Forged, stale and foreign handles are always rejected — never followed, never a panic — and a
//! forged handle validates only when it names a live object exactly.

#![no_main]

use ferrous_vm::heap::{Handle, Heap};
use ferrous_vm::value::Value;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, Vec<(u32, u32)>)| {
    let (n, forged) = input;
    let mut heap = Heap::new();
    let mut other = Heap::new();
    let mut live = Vec::new();
    let mut freed = Vec::new();
    {
        let mut tx = heap.transaction();
        for _ in 0..(n % 64) {
            live.push(tx.new_table(0, 0).expect("no limit"));
        }
        tx.commit();
    }
    {
        // Abandoned: its handles become stale.
        let mut tx = heap.transaction();
        for _ in 0..(n % 7) {
            freed.push(tx.new_table(1, 1).expect("no limit"));
        }
    }
    let foreign = {
        let mut tx = other.transaction();
        let t = tx.new_table(0, 0).expect("no limit");
        tx.commit();
        t
    };
    let mut tx = heap.transaction();
    for (index, generation) in forged {
        let h = Handle::forge(index, generation);
        let valid = live.contains(&h);
        assert_eq!(tx.table(h).is_ok(), valid);
        assert_eq!(tx.get(h, &Value::Nil).is_ok(), valid);
        let _ = tx.set(h, Value::Num(1.0), Value::Bool(true));
        let _ = tx.next(h, &Value::Nil);
        let _ = tx.function(Handle::forge(index, generation));
        let _ = tx.upvalue(Handle::forge(index, generation));
        let _ = tx.thread(Handle::forge(index, generation));
    }
    for h in &freed {
        assert!(tx.table(*h).is_err());
    }
    assert!(tx.table(foreign).is_err());
    for h in &live {
        assert!(tx.table(*h).is_ok());
    }
});
