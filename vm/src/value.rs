//! Lua values. A value is small and `Copy`: numbers and booleans inline, everything else a typed
//! handle into the heap. Strings are interned, so two strings are equal exactly when their handles
//! are, and a string handle carries the string's Lua hash so tables can place it without a heap
//! access.

use crate::heap::Handle;
use crate::object::{Function, LuaStr, Table, Thread, UserData};

/// A handle to an interned string, with its Lua 5.1 hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StrRef {
    pub handle: Handle<LuaStr>,
    pub hash: u32,
}

pub type TableRef = Handle<Table>;
pub type FuncRef = Handle<Function>;
pub type ThreadRef = Handle<Thread>;
pub type UserRef = Handle<UserData>;

#[derive(Clone, Copy, Debug, Default)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Num(f64),
    Str(StrRef),
    Table(TableRef),
    Func(FuncRef),
    Thread(ThreadRef),
    UserData(UserRef),
}

impl PartialEq for Value {
    /// Raw equality (`rawequal`): numbers by value (so NaN is unequal to itself), the rest by
    /// identity.
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Num(a), Value::Num(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a.handle == b.handle,
            (Value::Table(a), Value::Table(b)) => a == b,
            (Value::Func(a), Value::Func(b)) => a == b,
            (Value::Thread(a), Value::Thread(b)) => a == b,
            (Value::UserData(a), Value::UserData(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    pub fn is_nil(self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Lua truth: everything but nil and false.
    pub fn truthy(self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false))
    }

    /// The name `type()` gives.
    pub fn type_name(self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "boolean",
            Value::Num(_) => "number",
            Value::Str(_) => "string",
            Value::Table(_) => "table",
            Value::Func(_) => "function",
            Value::Thread(_) => "thread",
            Value::UserData(_) => "userdata",
        }
    }
}

/// The hash Lua 5.1 gives a string: seeded with the length, mixing at most 32 of its bytes
/// (every `step`-th from the end). Table iteration order depends on it.
pub fn lua_string_hash(bytes: &[u8]) -> u32 {
    let len = bytes.len();
    let mut h = len as u32;
    let step = (len >> 5) + 1;
    let mut l = len;
    while l >= step {
        h ^= (h << 5)
            .wrapping_add(h >> 2)
            .wrapping_add(bytes[l - 1] as u32);
        l -= step;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_small() {
        assert!(std::mem::size_of::<Value>() <= 16);
    }

    #[test]
    fn nan_is_not_raw_equal_to_itself() {
        assert_ne!(Value::Num(f64::NAN), Value::Num(f64::NAN));
        assert_eq!(Value::Num(0.0), Value::Num(-0.0));
    }
}
