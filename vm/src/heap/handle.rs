//! Typed handles: how every heap object is named.
//!
//! A handle is a slot index and a generation. The generation's high byte is the tag of the heap
//! that made it, the low 24 bits count how often the slot has been reused; both are checked on
//! every access, so a handle to a freed object (stale) or to another heap's object (foreign) is
//! rejected with an error, never followed.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// A handle to an object of type `T` in a heap.
pub struct Handle<T> {
    pub(crate) index: u32,
    pub(crate) generation: u32,
    _kind: PhantomData<fn() -> T>,
}

impl<T> Handle<T> {
    pub(crate) fn new(index: u32, generation: u32) -> Self {
        Handle {
            index,
            generation,
            _kind: PhantomData,
        }
    }

    /// The slot index (for identity hashing and diagnostics).
    pub fn index(self) -> u32 {
        self.index
    }

    /// The generation (for diagnostics and tests).
    pub fn generation(self) -> u32 {
        self.generation
    }

    /// A handle with arbitrary parts: what a forger would make. Accesses through it are checked
    /// like any other, which is what the fuzz targets exercise.
    pub const fn forge(index: u32, generation: u32) -> Self {
        Handle {
            index,
            generation,
            _kind: PhantomData,
        }
    }
}

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Handle<T> {}

impl<T> PartialEq for Handle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && self.generation == other.generation
    }
}

impl<T> Eq for Handle<T> {}

impl<T> Hash for Handle<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
        self.generation.hash(state);
    }
}

impl<T> fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}g{:x}", self.index, self.generation)
    }
}

/// Why a handle was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandleError {
    /// The index is past the arena's end.
    OutOfRange,
    /// The slot was freed (and maybe reused) since the handle was made.
    Stale,
    /// The handle was made by another heap.
    Foreign,
}

impl fmt::Display for HandleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HandleError::OutOfRange => "invalid handle (out of range)",
            HandleError::Stale => "invalid handle (object no longer exists)",
            HandleError::Foreign => "invalid handle (from another heap)",
        })
    }
}

impl std::error::Error for HandleError {}
