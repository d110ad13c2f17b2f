//! Arbitrary sequences of allocate / write / read / commit / abandon / collect, checked against a
//! plain model after every step: committed changes are visible, abandoned ones are not (and the
//! handles an abandoned transaction made no longer validate), a transaction reads its own writes,
//! collected objects' handles fail, and objects kept as roots are never collected. Userdata and
//! their metatables are modelled too (a metatable change is undone with its transaction).

#![no_main]

use std::collections::BTreeMap;

use ferrous_vm::exec::Vm;
use ferrous_vm::object::UserData;
use ferrous_vm::value::{TableRef, UserRef, Value};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Op {
    NewTable { array: u8, hash: u8 },
    SetNum { table: u8, key: u8, value: i8 },
    SetStr { table: u8, key: u8, value: i8 },
    Remove { table: u8, key: u8 },
    /// Writes `values` to the number keys from `first`, where `mask`'s bit is set (one
    /// undo record for the run, as table.sort's write-back makes).
    SetRun { table: u8, first: u8, values: Vec<i8>, mask: u32 },
    Get { table: u8, key: u8 },
    NewUserData,
    /// Sets a userdata's metatable to a model table, or removes it.
    SetUserMeta { userdata: u8, table: Option<u8> },
    Commit,
    Abandon,
    /// Commit, then collect keeping the tables whose bit is set.
    Collect { keep: u32 },
}

/// A key of the model: numbers 1..=64 or one of 16 strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Num(u8),
    Str(u8),
}

type Model = Vec<(TableRef, BTreeMap<Key, i8>)>;

fuzz_target!(|ops: Vec<Op>| {
    let mut vm = Vm::new();
    let mut model: Model = Vec::new();
    let mut dead: Vec<TableRef> = Vec::new();
    let mut users: Vec<(UserRef, Option<TableRef>)> = Vec::new();
    let mut dead_users: Vec<UserRef> = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        let mut local = model.clone();
        let mut made = Vec::new();
        let mut local_users = users.clone();
        let mut made_users = Vec::new();
        let mut outcome = Op::Commit;
        {
            let mut tx = vm.heap.transaction();
            let key_value = |tx: &mut ferrous_vm::heap::HeapTransaction<'_>, k: Key| match k {
                Key::Num(n) => Value::Num(n as f64),
                Key::Str(n) => Value::Str(tx.intern(format!("k{n}").as_bytes()).expect("no limit")),
            };
            while i < ops.len() {
                let op = &ops[i];
                i += 1;
                match *op {
                    Op::NewTable { array, hash } => {
                        let t = tx
                            .new_table(array as usize % 32, hash as usize % 32)
                            .expect("no limit");
                        local.push((t, BTreeMap::new()));
                        made.push(t);
                    }
                    Op::SetNum { table, key, value } | Op::SetStr { table, key, value } => {
                        if local.is_empty() {
                            continue;
                        }
                        let idx = table as usize % local.len();
                        let k = if matches!(op, Op::SetNum { .. }) {
                            Key::Num(key % 64 + 1)
                        } else {
                            Key::Str(key % 16)
                        };
                        let kv = key_value(&mut tx, k);
                        tx.set(local[idx].0, kv, Value::Num(value as f64)).expect("valid");
                        local[idx].1.insert(k, value);
                    }
                    Op::Remove { table, key } => {
                        if local.is_empty() {
                            continue;
                        }
                        let idx = table as usize % local.len();
                        let k = Key::Num(key % 64 + 1);
                        let kv = key_value(&mut tx, k);
                        tx.set(local[idx].0, kv, Value::Nil).expect("valid");
                        local[idx].1.remove(&k);
                    }
                    Op::SetRun { table, first, ref values, mask } => {
                        if local.is_empty() {
                            continue;
                        }
                        let idx = table as usize % local.len();
                        let first = first as usize % 64 + 1;
                        let n = values.len().min(32).min(65 - first);
                        let vals: Vec<Value> = values[..n].iter().map(|&v| Value::Num(v as f64)).collect();
                        let dirty: Vec<bool> = (0..n).map(|j| mask & (1 << j) != 0).collect();
                        tx.set_run(local[idx].0, first, &vals, &dirty).expect("valid");
                        for j in 0..n {
                            if dirty[j] {
                                local[idx].1.insert(Key::Num((first + j) as u8), values[j]);
                            }
                        }
                    }
                    Op::Get { table, key } => {
                        if local.is_empty() {
                            continue;
                        }
                        let idx = table as usize % local.len();
                        for k in [Key::Num(key % 64 + 1), Key::Str(key % 16)] {
                            let kv = key_value(&mut tx, k);
                            let got = tx.get(local[idx].0, &kv).expect("valid");
                            let want = local[idx].1.get(&k).map_or(Value::Nil, |v| Value::Num(*v as f64));
                            assert_eq!(got, want, "a transaction reads its own writes");
                        }
                    }
                    Op::NewUserData => {
                        let u = tx.new_userdata(UserData::default()).expect("no limit");
                        local_users.push((u, None));
                        made_users.push(u);
                    }
                    Op::SetUserMeta { userdata, table } => {
                        if local_users.is_empty() {
                            continue;
                        }
                        let idx = userdata as usize % local_users.len();
                        let mt = match table {
                            Some(t) if !local.is_empty() => Some(local[t as usize % local.len()].0),
                            _ => None,
                        };
                        tx.set_userdata_metatable(local_users[idx].0, mt).expect("valid");
                        local_users[idx].1 = mt;
                        assert_eq!(tx.userdata(local_users[idx].0).expect("live").metatable, mt);
                    }
                    Op::Commit | Op::Abandon | Op::Collect { .. } => {
                        outcome = match *op {
                            Op::Commit => Op::Commit,
                            Op::Abandon => Op::Abandon,
                            Op::Collect { keep } => Op::Collect { keep },
                            _ => unreachable!(),
                        };
                        break;
                    }
                }
            }
            match outcome {
                Op::Abandon => drop(tx),
                _ => tx.commit(),
            }
        }
        match outcome {
            Op::Abandon => {
                dead.extend(made);
                dead_users.extend(made_users);
            }
            Op::Collect { keep } => {
                // Every userdata stays a root, and so do the metatables they hold.
                let held: Vec<TableRef> = local_users.iter().filter_map(|(_, mt)| *mt).collect();
                let mut kept = Vec::new();
                for (n, entry) in local.into_iter().enumerate() {
                    if keep & (1 << (n % 32)) != 0 || held.contains(&entry.0) {
                        kept.push(entry);
                    } else {
                        dead.push(entry.0);
                    }
                }
                let mut roots: Vec<Value> = kept.iter().map(|(t, _)| Value::Table(*t)).collect();
                roots.extend(local_users.iter().map(|(u, _)| Value::UserData(*u)));
                vm.heap.collect(&vm.state, &roots);
                model = kept;
                users = local_users;
            }
            _ => {
                model = local;
                users = local_users;
            }
        }
        // The heap agrees with the model; dead handles do not validate.
        let mut tx = vm.heap.transaction();
        for (t, entries) in &model {
            let mut count = 0;
            let mut key = Value::Nil;
            while let Some((k, v)) = tx.next(*t, &key).expect("live table") {
                assert!(!v.is_nil());
                count += 1;
                key = k;
            }
            assert_eq!(count, entries.len(), "entry count of a live table");
            for (k, v) in entries {
                let kv = match *k {
                    Key::Num(n) => Value::Num(n as f64),
                    Key::Str(n) => Value::Str(tx.intern(format!("k{n}").as_bytes()).expect("no limit")),
                };
                assert_eq!(tx.get(*t, &kv).expect("live"), Value::Num(*v as f64));
            }
        }
        for t in &dead {
            assert!(tx.table(*t).is_err(), "a dead handle must not validate");
        }
        for (u, mt) in &users {
            assert_eq!(tx.userdata(*u).expect("live userdata").metatable, *mt);
        }
        for u in &dead_users {
            assert!(tx.userdata(*u).is_err(), "an abandoned userdata must not validate");
        }
        tx.commit();
    }
});
