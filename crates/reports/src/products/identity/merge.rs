//! Merging the lists several institutions send (addresses, phones, documents, …) into one
//! without repeats: items with the same key are one item, shown as first seen.

use std::collections::BTreeMap;

/// An item of a merged list.
pub(super) trait Mergeable {
    type Key: Ord;

    /// Two items with equal keys are the same value written the same or differently.
    fn key(&self) -> Self::Key;

    /// Takes in what a repeat of this item adds (where else it was seen, a main flag).
    fn absorb(&mut self, _repeat: Self)
    where
        Self: Sized,
    {
    }
}

/// `items` with repeats merged into their first occurrence, in first-seen order. Every distinct
/// key of the input is in the output exactly once.
pub(super) fn merged<T: Mergeable>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut position: BTreeMap<T::Key, usize> = BTreeMap::new();
    let mut out: Vec<T> = Vec::new();
    for item in items {
        match position.get(&item.key()) {
            Some(&at) => out[at].absorb(item),
            None => {
                position.insert(item.key(), out.len());
                out.push(item);
            }
        }
    }
    out
}

/// Adds `more` to the sorted, repeat-free `codes`.
pub(super) fn add_codes<'a>(codes: &mut Vec<&'a str>, more: Vec<&'a str>) {
    codes.extend(more);
    codes.sort_unstable();
    codes.dedup();
}
