//! De-duplication of items by a key, for data that changes during a walk.

use std::collections::{HashSet, VecDeque};
use std::hash::Hash;

/// Drops items whose key was already yielded.
pub(crate) trait Dedupe<T>: Send {
    /// Whether `item` is new (and remembers it).
    fn admit(&mut self, item: &T) -> bool;
}

/// Remembers every key, or the last `window` keys when bounded.
pub(crate) struct KeyDedupe<F, K> {
    key: F,
    seen: HashSet<K>,
    order: VecDeque<K>,
    window: Option<usize>,
}

impl<F, K> KeyDedupe<F, K> {
    pub(crate) fn new(key: F, window: Option<usize>) -> Self {
        KeyDedupe {
            key,
            seen: HashSet::new(),
            order: VecDeque::new(),
            window,
        }
    }
}

impl<T, F, K> Dedupe<T> for KeyDedupe<F, K>
where
    F: FnMut(&T) -> K + Send,
    K: Hash + Eq + Clone + Send,
{
    fn admit(&mut self, item: &T) -> bool {
        let key = (self.key)(item);
        if !self.seen.insert(key.clone()) {
            return false;
        }
        if let Some(window) = self.window {
            self.order.push_back(key);
            if self.order.len() > window {
                if let Some(oldest) = self.order.pop_front() {
                    self.seen.remove(&oldest);
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unbounded_and_windowed() {
        let mut all = KeyDedupe::new(|n: &u32| *n, None);
        let kept: Vec<u32> = [1, 2, 1, 3, 2].into_iter().filter(|n| all.admit(n)).collect();
        assert_eq!(kept, [1, 2, 3]);
        let mut window = KeyDedupe::new(|n: &u32| *n, Some(2));
        let kept: Vec<u32> = [1, 2, 3, 1, 3].into_iter().filter(|n| window.admit(n)).collect();
        assert_eq!(kept, [1, 2, 3, 1], "1 fell out of the window of 2 keys");
    }
}
