//! Lua tables, laid out as Lua 5.1 lays them out: an array part for keys 1..n and a hash part of
//! 2^k nodes with chained scatter and Brent's variation (a colliding key that is not in its main
//! position is moved). The sizing rules (`rehash` counts integer keys by powers of two) and the
//! hash functions are 5.1's, so `next`/`pairs` visit string, number and boolean keys in the same
//! order as PUC-Rio Lua — which is what makes `cjson.encode` output match Redis's.

use crate::value::{TableRef, Value};

/// Largest array part (2^26, as in 5.1).
const MAX_ARRAY_BITS: u32 = 26;
const MAX_ARRAY: usize = 1 << MAX_ARRAY_BITS;

#[derive(Clone, Copy, Debug)]
struct Node {
    key: Value,
    val: Value,
    next: Option<u32>,
}

const EMPTY_NODE: Node = Node {
    key: Value::Nil,
    val: Value::Nil,
    next: None,
};

/// Errors a table operation raises (texts as Lua's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableError {
    IndexIsNil,
    IndexIsNaN,
    InvalidNextKey,
}

impl TableError {
    pub fn message(self) -> &'static str {
        match self {
            TableError::IndexIsNil => "table index is nil",
            TableError::IndexIsNaN => "table index is NaN",
            TableError::InvalidNextKey => "invalid key to 'next'",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    array: Vec<Value>,
    /// Empty means 5.1's shared dummy node (a size-1 part that holds nothing).
    nodes: Vec<Node>,
    /// Free positions are searched downward from here.
    lastfree: usize,
    pub metatable: Option<TableRef>,
}

/// The array index of a number key: `k` when it is an integer 1..=usize.
fn array_index(n: f64) -> Option<usize> {
    let k = n as i64;
    if k as f64 == n && k >= 1 {
        Some(k as usize)
    } else {
        None
    }
}

fn ceil_log2(x: usize) -> usize {
    debug_assert!(x >= 1);
    (usize::BITS - (x - 1).leading_zeros()) as usize
}

/// Identity hash for keys hashed by reference.
fn identity(index: u32, generation: u32) -> u32 {
    index ^ generation.rotate_left(16)
}

impl Table {
    /// A table with room for `narray` array items and `nhash` hash items (OP_NEWTABLE's hints).
    pub fn with_sizes(narray: usize, nhash: usize) -> Table {
        let mut t = Table {
            array: vec![Value::Nil; narray.min(MAX_ARRAY)],
            ..Table::default()
        };
        t.set_node_vector(nhash);
        t
    }

    pub fn array_len(&self) -> usize {
        self.array.len()
    }

    fn node_count(&self) -> usize {
        self.nodes.len().max(1)
    }

    /// Approximate memory used, for accounting.
    pub fn byte_size(&self) -> usize {
        std::mem::size_of::<Table>()
            + self.array.len() * std::mem::size_of::<Value>()
            + self.nodes.len() * std::mem::size_of::<Node>()
    }

    fn main_position(&self, key: &Value) -> usize {
        let size = self.node_count();
        let hash_mod = |h: u32| (h % (((size - 1) as u32) | 1)) as usize;
        let hash_pow2 = |h: u32| (h as usize) & (size - 1);
        match *key {
            Value::Num(n) => {
                if n == 0.0 {
                    0
                } else {
                    let bits = n.to_bits();
                    hash_mod((bits as u32).wrapping_add((bits >> 32) as u32))
                }
            }
            Value::Str(s) => hash_pow2(s.hash),
            Value::Bool(b) => hash_pow2(b as u32),
            Value::Table(h) => hash_mod(identity(h.index(), h.generation())),
            Value::Func(h) => hash_mod(identity(h.index(), h.generation())),
            Value::Thread(h) => hash_mod(identity(h.index(), h.generation())),
            Value::UserData(h) => hash_mod(identity(h.index(), h.generation())),
            Value::Nil => 0,
        }
    }

    /// The node holding `key`, if any.
    fn find_node(&self, key: &Value) -> Option<usize> {
        if self.nodes.is_empty() || key.is_nil() {
            return None;
        }
        if let Value::Str(s) = *key {
            // The common case, kept short: string identities along the chain.
            let mut i = (s.hash as usize) & (self.nodes.len() - 1);
            loop {
                let n = &self.nodes[i];
                if let Value::Str(k) = n.key {
                    if k.handle == s.handle {
                        return Some(i);
                    }
                }
                i = n.next? as usize;
            }
        }
        let mut i = self.main_position(key);
        loop {
            let n = &self.nodes[i];
            if n.key == *key {
                return Some(i);
            }
            i = n.next? as usize;
        }
    }

    /// `t[key]` without metamethods.
    pub fn get(&self, key: &Value) -> Value {
        match *key {
            Value::Nil => Value::Nil,
            Value::Num(n) => {
                if let Some(k) = array_index(n) {
                    if k <= self.array.len() {
                        return self.array[k - 1];
                    }
                }
                self.find_node(key)
                    .map_or(Value::Nil, |i| self.nodes[i].val)
            }
            Value::Str(s) => {
                // The common case, kept short: walk the chain comparing string identities.
                if self.nodes.is_empty() {
                    return Value::Nil;
                }
                let mut i = (s.hash as usize) & (self.nodes.len() - 1);
                loop {
                    let n = &self.nodes[i];
                    if let Value::Str(k) = n.key {
                        if k.handle == s.handle {
                            return n.val;
                        }
                    }
                    match n.next {
                        Some(next) => i = next as usize,
                        None => return Value::Nil,
                    }
                }
            }
            _ => self
                .find_node(key)
                .map_or(Value::Nil, |i| self.nodes[i].val),
        }
    }

    /// `t[i]` for an integer.
    pub fn get_int(&self, i: i64) -> Value {
        if i >= 1 && (i as usize) <= self.array.len() {
            return self.array[i as usize - 1];
        }
        self.get(&Value::Num(i as f64))
    }

    /// `t[key] = val` without metamethods.
    pub fn set(&mut self, key: Value, val: Value) -> Result<(), TableError> {
        let slot = self.slot_for(key)?;
        *slot = val;
        Ok(())
    }

    /// The value slot for `key`, creating the key (with a nil value) when absent — as 5.1's
    /// `luaH_set`, which the VM calls even when the value it then stores is nil.
    #[inline]
    pub fn slot_for(&mut self, key: Value) -> Result<&mut Value, TableError> {
        if let Value::Num(n) = key {
            if let Some(k) = array_index(n) {
                if k <= self.array.len() {
                    return Ok(&mut self.array[k - 1]);
                }
            }
        }
        self.hash_slot_for(key)
    }

    /// The array-part slot of `key`, when it has one.
    #[inline]
    pub fn array_slot(&mut self, key: &Value) -> Option<&mut Value> {
        match *key {
            Value::Num(n) => array_index(n).and_then(|k| self.array.get_mut(k - 1)),
            _ => None,
        }
    }

    /// `slot_for` past the array part (kept apart so the array case stays small and inlined).
    #[inline(never)]
    fn hash_slot_for(&mut self, key: Value) -> Result<&mut Value, TableError> {
        match self.find_node(&key) {
            Some(i) => Ok(&mut self.nodes[i].val),
            None => self.insert_key(key),
        }
    }

    /// A new key (nil-valued), rehashing first when the hash part is full.
    #[cold]
    #[inline(never)]
    fn insert_key(&mut self, key: Value) -> Result<&mut Value, TableError> {
        match key {
            Value::Nil => Err(TableError::IndexIsNil),
            Value::Num(n) if n.is_nan() => Err(TableError::IndexIsNaN),
            _ => {
                let i = self.new_key(key);
                match i {
                    NewKey::Node(i) => Ok(&mut self.nodes[i].val),
                    NewKey::Rehashed => self.slot_for(key),
                }
            }
        }
    }

    /// Whether `key` is present with a value; 5.1's test for "already in the table" before
    /// __newindex.
    pub fn has(&self, key: &Value) -> bool {
        !self.get(key).is_nil()
    }

    fn get_free_position(&mut self) -> Option<usize> {
        while self.lastfree > 0 {
            self.lastfree -= 1;
            if self.nodes[self.lastfree].key.is_nil() {
                return Some(self.lastfree);
            }
        }
        None
    }

    fn new_key(&mut self, key: Value) -> NewKey {
        if self.nodes.is_empty() {
            self.rehash(&key);
            return NewKey::Rehashed;
        }
        let mut mp = self.main_position(&key);
        if !self.nodes[mp].val.is_nil() {
            // Main position taken: find a free node.
            let Some(free) = self.get_free_position() else {
                self.rehash(&key);
                return NewKey::Rehashed;
            };
            let colliding = self.nodes[mp].key;
            let other = self.main_position(&colliding);
            if other != mp {
                // The colliding node is out of its main position: move it to the free node.
                let mut prev = other;
                while self.nodes[prev].next != Some(mp as u32) {
                    prev = self.nodes[prev].next.expect("chain reaches mp") as usize;
                }
                self.nodes[prev].next = Some(free as u32);
                self.nodes[free] = self.nodes[mp];
                self.nodes[mp].next = None;
                self.nodes[mp].val = Value::Nil;
            } else {
                // The colliding node is in its own main position: the new key goes to the free
                // node, chained after it.
                self.nodes[free].next = self.nodes[mp].next;
                self.nodes[mp].next = Some(free as u32);
                mp = free;
            }
        }
        self.nodes[mp].key = key;
        NewKey::Node(mp)
    }

    fn set_node_vector(&mut self, size: usize) {
        if size == 0 {
            self.nodes = Vec::new();
            self.lastfree = 0;
        } else {
            let lsize = ceil_log2(size);
            let size = 1usize << lsize;
            self.nodes = vec![EMPTY_NODE; size];
            self.lastfree = size;
        }
    }

    /// Counts the integer keys of the array part by slices (2^(i-1), 2^i].
    fn count_array(&self, nums: &mut [usize; MAX_ARRAY_BITS as usize + 1]) -> usize {
        let mut total = 0;
        let mut i = 1usize;
        let mut limit = 1usize;
        for slot in nums.iter_mut() {
            let mut lim = limit;
            if lim > self.array.len() {
                lim = self.array.len();
                if i > lim {
                    break;
                }
            }
            let mut count = 0;
            while i <= lim {
                if !self.array[i - 1].is_nil() {
                    count += 1;
                }
                i += 1;
            }
            *slot += count;
            total += count;
            limit *= 2;
        }
        total
    }

    fn count_int(key: &Value, nums: &mut [usize; MAX_ARRAY_BITS as usize + 1]) -> usize {
        if let Value::Num(n) = *key {
            if let Some(k) = array_index(n) {
                if k <= MAX_ARRAY {
                    nums[ceil_log2(k)] += 1;
                    return 1;
                }
            }
        }
        0
    }

    /// Every entry with a non-nil value, array part first (keys `1..`), then the hash part;
    /// for the collector, which visits them without the lookups `next` makes.
    pub fn entries(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        let array = self
            .array
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_nil())
            .map(|(i, v)| (Value::Num((i + 1) as f64), *v));
        let nodes = self
            .nodes
            .iter()
            .filter(|n| !n.val.is_nil())
            .map(|n| (n.key, n.val));
        array.chain(nodes)
    }

    fn rehash(&mut self, extra: &Value) {
        let mut nums = [0usize; MAX_ARRAY_BITS as usize + 1];
        let mut na = self.count_array(&mut nums);
        let mut total = na;
        for n in &self.nodes {
            if !n.val.is_nil() {
                na += Self::count_int(&n.key, &mut nums);
                total += 1;
            }
        }
        na += Self::count_int(extra, &mut nums);
        total += 1;
        let (array_size, array_count) = compute_sizes(&nums, na);
        self.resize(array_size, total - array_count);
    }

    fn resize(&mut self, array_size: usize, hash_size: usize) {
        let old_array_size = self.array.len();
        let old_nodes = std::mem::take(&mut self.nodes);
        self.set_node_vector(hash_size);
        if array_size > old_array_size {
            self.array.resize(array_size, Value::Nil);
        } else if array_size < old_array_size {
            let vanishing: Vec<Value> = self.array.drain(array_size..).collect();
            for (offset, v) in vanishing.into_iter().enumerate() {
                if !v.is_nil() {
                    let key = Value::Num((array_size + offset + 1) as f64);
                    if let Ok(slot) = self.slot_for(key) {
                        *slot = v;
                    }
                }
            }
        }
        for n in old_nodes.iter().rev() {
            if !n.val.is_nil() {
                if let Ok(slot) = self.slot_for(n.key) {
                    *slot = n.val;
                }
            }
        }
    }

    /// Grows or shrinks the array part to `size` (OP_SETLIST when a constructor's items do not fit).
    pub fn resize_array(&mut self, size: usize) {
        let hash_size = self.nodes.len();
        self.resize(size.min(MAX_ARRAY), hash_size);
    }

    /// `next(t, key)`: the entry after `key` (`Nil` starts), `None` at the end.
    pub fn next(&self, key: &Value) -> Result<Option<(Value, Value)>, TableError> {
        let start = match *key {
            Value::Nil => 0,
            Value::Num(n) if array_index(n).is_some_and(|k| k <= self.array.len()) => {
                array_index(n).unwrap_or(0)
            }
            _ => match self.find_node(key) {
                Some(i) => self.array.len() + i + 1,
                None => return Err(TableError::InvalidNextKey),
            },
        };
        for i in start..self.array.len() {
            if !self.array[i].is_nil() {
                return Ok(Some((Value::Num((i + 1) as f64), self.array[i])));
            }
        }
        let from = start.saturating_sub(self.array.len());
        for n in self.nodes.iter().skip(from) {
            if !n.val.is_nil() {
                return Ok(Some((n.key, n.val)));
            }
        }
        Ok(None)
    }

    /// The border `#t` gives, by 5.1's search.
    pub fn border(&self) -> usize {
        let mut j = self.array.len();
        if j > 0 && self.array[j - 1].is_nil() {
            let mut i = 0;
            while j - i > 1 {
                let m = (i + j) / 2;
                if self.array[m - 1].is_nil() {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i;
        }
        if self.nodes.is_empty() {
            return j;
        }
        // Unbound search in the hash part.
        let mut i = j;
        let mut j = j + 1;
        while !self.get_int(j as i64).is_nil() {
            i = j;
            if j > (i32::MAX as usize) / 2 {
                let mut k = 1;
                while !self.get_int(k as i64).is_nil() {
                    k += 1;
                }
                return k - 1;
            }
            j *= 2;
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if self.get_int(m as i64).is_nil() {
                j = m;
            } else {
                i = m;
            }
        }
        i
    }

    /// Every value and key that refers to another object (for the collector).
    pub fn for_each_ref(&self, mut f: impl FnMut(Value)) {
        for v in &self.array {
            f(*v);
        }
        for n in &self.nodes {
            if !n.val.is_nil() {
                f(n.key);
                f(n.val);
            }
        }
    }

    /// Removes entries whose key or value `dead` says is being collected (weak tables).
    pub fn clear_weak(&mut self, weak_keys: bool, weak_values: bool, dead: impl Fn(Value) -> bool) {
        if weak_values {
            for v in self.array.iter_mut() {
                if dead(*v) {
                    *v = Value::Nil;
                }
            }
        }
        for n in self.nodes.iter_mut() {
            if (weak_keys && dead(n.key)) || (weak_values && dead(n.val)) {
                n.val = Value::Nil;
            }
        }
    }
}

enum NewKey {
    Node(usize),
    Rehashed,
}

/// 5.1's `computesizes`: the largest power of two n such that more than half of 1..n are used.
fn compute_sizes(nums: &[usize; MAX_ARRAY_BITS as usize + 1], total_int: usize) -> (usize, usize) {
    let mut a = 0;
    let mut na = 0;
    let mut n = 0;
    let mut twotoi = 1usize;
    for &count in nums.iter() {
        if twotoi / 2 >= total_int {
            break;
        }
        if count > 0 {
            a += count;
            if a > twotoi / 2 {
                n = twotoi;
                na = a;
            }
        }
        twotoi *= 2;
    }
    (n, na)
}

/// 5.1's "floating point byte" used by OP_NEWTABLE for size hints: encode rounds up.
pub fn int_to_fb(mut x: u32) -> u32 {
    let mut e = 0;
    while x >= 16 {
        x = (x + 1) >> 1;
        e += 1;
    }
    if x < 8 {
        x
    } else {
        ((e + 1) << 3) | (x - 8)
    }
}

pub fn fb_to_int(x: u32) -> usize {
    let e = (x >> 3) & 31;
    if e == 0 {
        x as usize
    } else {
        (((x & 7) + 8) as usize) << (e - 1)
    }
}
