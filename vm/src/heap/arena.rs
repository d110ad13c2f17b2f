//! A generational arena: slots that hold one kind of object, reused after they are freed with a
//! new generation, so that old handles no longer validate.

use super::handle::{Handle, HandleError};

/// Generations use the low 24 bits; the high 8 bits are the heap's tag.
const COUNTER_MASK: u32 = 0x00ff_ffff;

struct Slot<T> {
    generation: u32,
    value: Option<T>,
}

/// The slots of one object kind.
pub struct Arena<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    tag: u32,
    live: usize,
}

impl<T> Arena<T> {
    /// An empty arena whose handles carry `heap_tag` (0..=255).
    pub fn new(heap_tag: u8) -> Self {
        Arena {
            slots: Vec::new(),
            free: Vec::new(),
            tag: (heap_tag as u32) << 24,
            live: 0,
        }
    }

    /// Stores `value`; its handle.
    pub fn insert(&mut self, value: T) -> Handle<T> {
        self.live += 1;
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.value = Some(value);
            return Handle::new(index, slot.generation);
        }
        let index = self.slots.len() as u32;
        self.slots.push(Slot {
            generation: self.tag,
            value: Some(value),
        });
        Handle::new(index, self.tag)
    }

    fn check(&self, h: Handle<T>) -> Result<usize, HandleError> {
        let slot = self
            .slots
            .get(h.index as usize)
            .ok_or(HandleError::OutOfRange)?;
        if h.generation & !COUNTER_MASK != self.tag {
            return Err(HandleError::Foreign);
        }
        if slot.generation != h.generation || slot.value.is_none() {
            return Err(HandleError::Stale);
        }
        Ok(h.index as usize)
    }

    pub fn get(&self, h: Handle<T>) -> Result<&T, HandleError> {
        let i = self.check(h)?;
        self.slots[i].value.as_ref().ok_or(HandleError::Stale)
    }

    pub fn get_mut(&mut self, h: Handle<T>) -> Result<&mut T, HandleError> {
        let i = self.check(h)?;
        self.slots[i].value.as_mut().ok_or(HandleError::Stale)
    }

    pub fn contains(&self, h: Handle<T>) -> bool {
        self.check(h).is_ok()
    }

    /// Frees the object; its handles stop validating. A slot whose generation counter would wrap
    /// is retired instead of reused, so no handle can ever validate again by coincidence.
    pub fn remove(&mut self, h: Handle<T>) -> Result<T, HandleError> {
        let i = self.check(h)?;
        let slot = &mut self.slots[i];
        let value = slot.value.take().ok_or(HandleError::Stale)?;
        self.live -= 1;
        let counter = slot.generation & COUNTER_MASK;
        if counter < COUNTER_MASK {
            slot.generation = self.tag | (counter + 1);
            self.free.push(i as u32);
        }
        Ok(value)
    }

    /// How many objects are alive.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Every live object with its handle.
    pub fn iter(&self) -> impl Iterator<Item = (Handle<T>, &T)> {
        self.slots.iter().enumerate().filter_map(|(i, s)| {
            s.value
                .as_ref()
                .map(|v| (Handle::new(i as u32, s.generation), v))
        })
    }

    /// How many slots exist (live or free): the size of a mark bitmap.
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// The slot index of a valid handle.
    pub fn slot_of(&self, h: Handle<T>) -> Option<usize> {
        self.check(h).ok()
    }

    /// Frees every live object whose slot is not marked; returns them.
    pub fn sweep(&mut self, marked: &[bool]) -> Vec<T> {
        let mut freed = Vec::new();
        for i in 0..self.slots.len() {
            if self.slots[i].value.is_some() && !marked.get(i).copied().unwrap_or(false) {
                let h = Handle::new(i as u32, self.slots[i].generation);
                if let Ok(v) = self.remove(h) {
                    freed.push(v);
                }
            }
        }
        freed
    }

    /// Handles of every live object.
    pub fn handles(&self) -> Vec<Handle<T>> {
        self.iter().map(|(h, _)| h).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_forged_and_foreign_handles_are_rejected() {
        let mut a: Arena<&str> = Arena::new(1);
        let mut b: Arena<&str> = Arena::new(2);
        let h = a.insert("x");
        let hb = b.insert("y");
        assert_eq!(a.get(h), Ok(&"x"));
        assert_eq!(a.get(hb), Err(HandleError::Foreign));
        assert_eq!(
            a.get(Handle::forge(7, h.generation)),
            Err(HandleError::OutOfRange)
        );
        assert_eq!(a.remove(h), Ok("x"));
        assert_eq!(a.get(h), Err(HandleError::Stale));
        let h2 = a.insert("z");
        assert_eq!(h2.index, h.index, "the slot is reused");
        assert_eq!(a.get(h), Err(HandleError::Stale));
        assert_eq!(a.get(h2), Ok(&"z"));
        assert_eq!(a.len(), 1);
    }
}
