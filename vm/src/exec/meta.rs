//! Values' behaviour: metatables and metamethod lookup, arithmetic with coercion, comparison,
//! and the basic `tostring`.

use crate::heap::{HeapError, HeapTransaction};
use crate::number::{number_to_string, str_to_number};
use crate::value::{StrRef, TableRef, Value};

use super::VmState;

/// The interned names of the metamethods and other keys the VM looks up.
#[derive(Clone, Copy, Debug)]
pub struct MetaNames {
    pub index: StrRef,
    pub newindex: StrRef,
    pub call: StrRef,
    pub add: StrRef,
    pub sub: StrRef,
    pub mul: StrRef,
    pub div: StrRef,
    pub mod_: StrRef,
    pub pow: StrRef,
    pub unm: StrRef,
    pub len: StrRef,
    pub lt: StrRef,
    pub le: StrRef,
    pub eq: StrRef,
    pub concat: StrRef,
    pub tostring: StrRef,
    pub metatable: StrRef,
    pub mode: StrRef,
    pub gc: StrRef,
    pub n: StrRef,
    /// Interned up front and kept alive, so reporting a full heap needs no allocation.
    pub not_enough_memory: StrRef,
}

impl MetaNames {
    pub fn new(tx: &mut HeapTransaction<'_>) -> Result<MetaNames, HeapError> {
        Ok(MetaNames {
            index: tx.intern(b"__index")?,
            newindex: tx.intern(b"__newindex")?,
            call: tx.intern(b"__call")?,
            add: tx.intern(b"__add")?,
            sub: tx.intern(b"__sub")?,
            mul: tx.intern(b"__mul")?,
            div: tx.intern(b"__div")?,
            mod_: tx.intern(b"__mod")?,
            pow: tx.intern(b"__pow")?,
            unm: tx.intern(b"__unm")?,
            len: tx.intern(b"__len")?,
            lt: tx.intern(b"__lt")?,
            le: tx.intern(b"__le")?,
            eq: tx.intern(b"__eq")?,
            concat: tx.intern(b"__concat")?,
            tostring: tx.intern(b"__tostring")?,
            metatable: tx.intern(b"__metatable")?,
            mode: tx.intern(b"__mode")?,
            gc: tx.intern(b"__gc")?,
            n: tx.intern(b"n")?,
            not_enough_memory: tx.intern(b"not enough memory")?,
        })
    }

    /// Every name, so the collector keeps them.
    pub fn all(&self) -> [StrRef; 21] {
        [
            self.index,
            self.newindex,
            self.call,
            self.add,
            self.sub,
            self.mul,
            self.div,
            self.mod_,
            self.pow,
            self.unm,
            self.len,
            self.lt,
            self.le,
            self.eq,
            self.concat,
            self.tostring,
            self.metatable,
            self.mode,
            self.gc,
            self.n,
            self.not_enough_memory,
        ]
    }
}

/// The metatables shared by every value of a type: tables and userdata have their own, every
/// other type has one for all its values (the string library sets the strings'; the others only
/// `debug.setmetatable` sets).
#[derive(Clone, Copy, Debug, Default)]
pub struct TypeMetatables {
    pub nil: Option<TableRef>,
    pub boolean: Option<TableRef>,
    pub number: Option<TableRef>,
    pub string: Option<TableRef>,
    pub function: Option<TableRef>,
    pub thread: Option<TableRef>,
}

impl TypeMetatables {
    /// The shared metatable slot of `v`'s type (`None` for tables and userdata, which have
    /// their own).
    pub fn slot(&mut self, v: Value) -> Option<&mut Option<TableRef>> {
        match v {
            Value::Nil => Some(&mut self.nil),
            Value::Bool(_) => Some(&mut self.boolean),
            Value::Num(_) => Some(&mut self.number),
            Value::Str(_) => Some(&mut self.string),
            Value::Func(_) => Some(&mut self.function),
            Value::Thread(_) => Some(&mut self.thread),
            Value::Table(_) | Value::UserData(_) => None,
        }
    }

    /// Every metatable set (the collector marks them).
    pub fn all(&self) -> impl Iterator<Item = TableRef> {
        [
            self.nil,
            self.boolean,
            self.number,
            self.string,
            self.function,
            self.thread,
        ]
        .into_iter()
        .flatten()
    }
}

/// The metatable of any value.
pub fn metatable_of(
    tx: &HeapTransaction<'_>,
    state: &VmState,
    v: Value,
) -> Result<Option<TableRef>, HeapError> {
    Ok(match v {
        Value::Table(t) => tx.metatable(t)?,
        Value::UserData(u) => tx.userdata(u)?.metatable,
        Value::Nil => state.type_meta.nil,
        Value::Bool(_) => state.type_meta.boolean,
        Value::Num(_) => state.type_meta.number,
        Value::Str(_) => state.type_meta.string,
        Value::Func(_) => state.type_meta.function,
        Value::Thread(_) => state.type_meta.thread,
    })
}

/// `metatable(v)[name]`, or nil.
pub fn metamethod(
    tx: &HeapTransaction<'_>,
    state: &VmState,
    v: Value,
    name: StrRef,
) -> Result<Value, HeapError> {
    match metatable_of(tx, state, v)? {
        Some(mt) => tx.get(mt, &Value::Str(name)),
        None => Ok(Value::Nil),
    }
}

/// A value as a number, converting strings as arithmetic does.
pub fn to_number(tx: &HeapTransaction<'_>, v: Value) -> Option<f64> {
    match v {
        Value::Num(n) => Some(n),
        Value::Str(s) => tx.str_bytes(s).ok().and_then(str_to_number),
        _ => None,
    }
}

/// The arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Unm,
}

impl Arith {
    pub fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            Arith::Add => a + b,
            Arith::Sub => a - b,
            Arith::Mul => a * b,
            Arith::Div => a / b,
            Arith::Mod => a - crate::number::floor(a / b) * b,
            Arith::Pow => a.powf(b),
            Arith::Unm => -a,
        }
    }

    pub fn event(self, names: &MetaNames) -> StrRef {
        match self {
            Arith::Add => names.add,
            Arith::Sub => names.sub,
            Arith::Mul => names.mul,
            Arith::Div => names.div,
            Arith::Mod => names.mod_,
            Arith::Pow => names.pow,
            Arith::Unm => names.unm,
        }
    }
}

/// `tostring` without `__tostring`: numbers as `%.14g`, objects as `type: address`.
pub fn tostring_basic(tx: &HeapTransaction<'_>, v: Value) -> Vec<u8> {
    match v {
        Value::Nil => b"nil".to_vec(),
        Value::Bool(true) => b"true".to_vec(),
        Value::Bool(false) => b"false".to_vec(),
        Value::Num(n) => number_to_string(n).into_bytes(),
        Value::Str(s) => tx.str_bytes(s).map(|b| b.to_vec()).unwrap_or_default(),
        Value::Table(h) => {
            format!("table: 0x{:08x}", address(0, h.index(), h.generation())).into_bytes()
        }
        Value::Func(h) => {
            format!("function: 0x{:08x}", address(1, h.index(), h.generation())).into_bytes()
        }
        Value::Thread(h) => {
            format!("thread: 0x{:08x}", address(2, h.index(), h.generation())).into_bytes()
        }
        Value::UserData(h) => {
            format!("userdata: 0x{:08x}", address(3, h.index(), h.generation())).into_bytes()
        }
    }
}

/// A stable pseudo-address for printing an object, unique among live objects: each `kind`
/// (table, function, thread, userdata) has its own 8-byte lane in a 32-byte step.
fn address(kind: u64, index: u32, generation: u32) -> u64 {
    0x1000_0000 + ((index as u64) << 8 | (generation as u64 & 0xff)) * 0x20 + kind * 8
}

/// Strings and numbers compared by `<`: byte order for strings (the C locale's strcoll).
pub fn less_than_prim(tx: &HeapTransaction<'_>, a: Value, b: Value) -> Option<bool> {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => Some(x < y),
        (Value::Str(x), Value::Str(y)) => {
            let (x, y) = (tx.str_bytes(x).ok()?, tx.str_bytes(y).ok()?);
            Some(x < y)
        }
        _ => None,
    }
}

pub fn less_equal_prim(tx: &HeapTransaction<'_>, a: Value, b: Value) -> Option<bool> {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => Some(x <= y),
        (Value::Str(x), Value::Str(y)) => {
            let (x, y) = (tx.str_bytes(x).ok()?, tx.str_bytes(y).ok()?);
            Some(x <= y)
        }
        _ => None,
    }
}

/// Whether two values have the same type tag (what comparisons check first).
pub fn same_type(a: Value, b: Value) -> bool {
    std::mem::discriminant(&a) == std::mem::discriminant(&b)
}
