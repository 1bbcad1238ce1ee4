//! The guards' memory: was this request already sent, were these items already seen, in this walk?
//!
//! A [`History`] remembers the most recent fingerprints, each by its low 48 bits, so a repeat among them
//! is caught at once, and for older ones two anchors per power of two: a cycle longer than the window
//! comes back to an anchor before it has gone round once. Its memory is fixed whatever the walk's
//! length, and nothing is allocated for a page once the window is full. The walk keeps two: the
//! requests it sent ([`RequestGuard`]) and what each page contained ([`History`] of content, one entry
//! per page, zero for a page without items).

use serde::{Deserialize, Serialize};

use crate::protocol::fingerprint::Fingerprint;

/// Pages whose content is remembered in the window.
pub(crate) const CONTENT_WINDOW: usize = 4096;
/// Requests remembered in the window (older ones by their anchors).
pub(crate) const REQUEST_WINDOW: usize = 64;
/// Entries of a window a checkpoint carries.
const CHECKPOINT_WINDOW: usize = 64;
/// Anchors are kept for spacings `2^FIRST_LEVEL ..= 2^(FIRST_LEVEL + LEVELS - 1)`: from the window a
/// checkpoint restores (64) to cycles of two billion pages.
const FIRST_LEVEL: u32 = 6;
const LEVELS: usize = 26;
/// The bits of a fingerprint a history keeps: a fresh page matches one of a full content window by
/// chance with a probability of 4,096 in 2^48 (about one in 70 billion).
const KEY_BITS: u32 = 48;
/// Tags compared at once when the window is searched.
const CHUNK: usize = 64;
/// The largest count a restored history accepts (far beyond any walk; keeps the arithmetic exact).
const MAX_COUNT: u64 = 1 << 56;

/// What a history keeps of a fingerprint's value: its low [`KEY_BITS`] bits, never zero (zero stands
/// for "nothing").
fn key_of(value: u64) -> u64 {
    if value == 0 {
        return 0;
    }
    (value & ((1 << KEY_BITS) - 1)).max(1)
}

/// A bounded memory of the fingerprints of a sequence (0 stands for "nothing to remember").
///
/// The window is a ring of keys stored in two arrays, slot by slot: each key's low 16 bits (its tag)
/// and its other 32. A search compares the tags a chunk at a time, which the compiler turns into
/// vector instructions, and looks at the rest only where a tag matches: 6 bytes a remembered page and
/// no index to maintain.
#[derive(Debug, Clone)]
pub(crate) struct History {
    /// The tags of the most recent keys, oldest overwritten first once `window` is reached.
    tags: Vec<u16>,
    /// The other 32 bits of each key, in the same slots.
    rests: Vec<u32>,
    window: usize,
    /// Where the oldest entry is once the ring is full.
    head: usize,
    /// Per level: the keys at the two most recent sequence numbers that are multiples of the level's
    /// spacing, the latest first.
    anchors: [[u64; 2]; LEVELS],
    /// Fingerprints recorded so far: the sequence number of the next one.
    count: u64,
    /// Every entry so far is "nothing" and none is written yet: the ring and the anchors stand for
    /// `count` zeros (see [`History::write_blanks`]). A walk whose items have no fingerprint only
    /// counts its pages. A search needs nothing of them: a key is never zero.
    blank: bool,
}

impl History {
    pub(crate) fn new(window: usize) -> Self {
        History {
            tags: Vec::new(),
            rests: Vec::new(),
            window,
            head: 0,
            anchors: [[0; 2]; LEVELS],
            count: 0,
            blank: true,
        }
    }

    /// Fingerprints recorded so far.
    #[cfg(test)]
    fn count(&self) -> u64 {
        self.count
    }

    /// The sequence number of an earlier entry equal to `fingerprint`, if one is remembered.
    pub(crate) fn find(&self, fingerprint: Fingerprint) -> Option<u64> {
        let key = key_of(fingerprint.value());
        if let Some(slot) = self.slot_of(key) {
            return Some(self.sequence_of(slot));
        }
        // Only the levels whose spacing the walk has reached hold anchors.
        let levels = (self.count.max(1).ilog2() + 1).saturating_sub(FIRST_LEVEL) as usize;
        let anchors = &self.anchors[..levels.min(LEVELS)];
        if !holds(anchors.as_flattened(), key) {
            return None;
        }
        anchors.iter().enumerate().find_map(|(level, pair)| {
            let at = pair.iter().position(|&entry| entry == key)?;
            Some(self.anchor_sequence(level, at))
        })
    }

    /// The ring slot holding `key`, if any.
    fn slot_of(&self, key: u64) -> Option<usize> {
        let (tag, rest) = split(key);
        let matching = |start: usize, tags: &[u16]| {
            tags.iter()
                .zip(&self.rests[start..])
                .position(|(&other, &other_rest)| other == tag && other_rest == rest)
                .map(|at| start + at)
        };
        let (chunks, remainder) = self.tags.as_chunks::<CHUNK>();
        for (index, chunk) in chunks.iter().enumerate() {
            // No early exit inside a chunk: a chunk is a few vector compares.
            if chunk.iter().fold(false, |found, &other| found | (other == tag)) {
                if let Some(slot) = matching(index * CHUNK, chunk) {
                    return Some(slot);
                }
            }
        }
        matching(self.tags.len() - remainder.len(), remainder)
    }

    /// Records the next entry (`None`: nothing to remember at this step).
    #[inline]
    pub(crate) fn record(&mut self, fingerprint: Option<Fingerprint>) {
        let Some(fingerprint) = fingerprint else {
            if self.blank {
                self.count += 1;
                return;
            }
            return self.record_key(0);
        };
        self.record_key(key_of(fingerprint.value()));
    }

    /// Writes the zeros a blank history stands for, in the slots they would hold had each been
    /// recorded: its anchors are zeros already.
    fn write_blanks(&mut self) {
        self.blank = false;
        let len = self.count.min(self.window as u64) as usize;
        self.tags = vec![0; len];
        self.rests = vec![0; len];
        // A full ring's oldest slot moves on by one with every entry recorded after it filled.
        self.head = if len == self.window {
            (self.count % self.window as u64) as usize
        } else {
            0
        };
    }

    fn record_key(&mut self, key: u64) {
        if self.blank {
            self.write_blanks();
        }
        let sequence = self.count;
        self.count += 1;
        // The levels whose spacing divides the sequence number take it as their latest anchor.
        let levels = (sequence.trailing_zeros() + 1).saturating_sub(FIRST_LEVEL) as usize;
        for pair in &mut self.anchors[..levels.min(LEVELS)] {
            *pair = [key, pair[0]];
        }
        let (tag, rest) = split(key);
        if self.tags.len() < self.window {
            if self.tags.len() == self.tags.capacity() {
                let grown = (self.tags.len() * 2).clamp(8, self.window);
                self.tags.reserve_exact(grown - self.tags.len());
                self.rests.reserve_exact(grown - self.rests.len());
            }
            self.tags.push(tag);
            self.rests.push(rest);
            return;
        }
        let slot = self.head;
        self.tags[slot] = tag;
        self.rests[slot] = rest;
        self.head = if slot + 1 == self.window { 0 } else { slot + 1 };
    }

    /// The key in ring slot `slot`.
    fn key_at(&self, slot: usize) -> u64 {
        u64::from(self.tags[slot]) | u64::from(self.rests[slot]) << 16
    }

    /// The sequence number of the entry in ring slot `slot`.
    fn sequence_of(&self, slot: usize) -> u64 {
        let len = self.tags.len();
        let age = (slot + len - self.head) % len;
        self.count - len as u64 + age as u64
    }

    fn anchor_sequence(&self, level: usize, at: usize) -> u64 {
        let spacing = 1u64 << (FIRST_LEVEL + level as u32);
        ((self.count - 1) / spacing - at as u64) * spacing
    }

    /// The state a checkpoint keeps: the last entries of the window and the anchors. With `rewound`,
    /// as it was before the last entry was recorded (a checkpoint inside the page that recorded it).
    pub(crate) fn state(&self, rewound: bool) -> HistoryState {
        let skip = usize::from(rewound && self.count > 0);
        if self.blank {
            let kept = self.count.min(self.window as u64) as usize - skip;
            return HistoryState {
                count: self.count - skip as u64,
                recent: encode(&vec![0; kept.min(CHECKPOINT_WINDOW)]),
                anchors: encode(&[0; 2 * LEVELS]),
            };
        }
        let len = self.tags.len();
        let kept = len - skip.min(len);
        let start = kept.saturating_sub(CHECKPOINT_WINDOW);
        let recent: Vec<u64> = (start..kept)
            .map(|age| self.key_at((self.head + age) % len))
            .collect();
        let mut anchors = self.anchors;
        if skip == 1 {
            let last = self.count - 1;
            let levels = (last.trailing_zeros() + 1).saturating_sub(FIRST_LEVEL) as usize;
            for pair in &mut anchors[..levels.min(LEVELS)] {
                *pair = [pair[1], 0];
            }
        }
        let anchors: Vec<u64> = anchors.iter().flatten().copied().collect();
        HistoryState {
            count: self.count - skip as u64,
            recent: encode(&recent),
            anchors: encode(&anchors),
        }
    }

    /// A history of window `window` restored from a checkpoint's state. Values are kept as keys (a
    /// checkpoint written with whole fingerprints restores the same history).
    pub(crate) fn restore(window: usize, state: &HistoryState) -> Result<Self, &'static str> {
        let recent = decode(&state.recent).ok_or("its guard state is not valid")?;
        let anchors = decode(&state.anchors).ok_or("its guard state is not valid")?;
        if recent.len() > CHECKPOINT_WINDOW
            || anchors.len() != 2 * LEVELS
            || recent.len() as u64 > state.count
            || state.count > MAX_COUNT
        {
            return Err("its guard state is not valid");
        }
        let mut history = History::new(window);
        // Its entries are written from the first: the ring holds only the recent ones restored.
        history.blank = false;
        history.count = state.count - recent.len() as u64;
        for value in recent {
            history.record_key(key_of(value));
        }
        for (pair, restored) in history.anchors.iter_mut().zip(anchors.chunks(2)) {
            *pair = [key_of(restored[0]), key_of(restored[1])];
        }
        Ok(history)
    }
}

/// A key's tag (its low 16 bits) and the rest.
fn split(key: u64) -> (u16, u32) {
    (key as u16, (key >> 16) as u32)
}

/// Whether `entries` holds `value`: compared eight at a time without early exits, which the compiler
/// turns into vector instructions (most lookups find nothing).
fn holds(entries: &[u64], value: u64) -> bool {
    let mut chunks = entries.chunks_exact(8);
    let found = chunks
        .by_ref()
        .any(|chunk| chunk.iter().fold(false, |found, &entry| found | (entry == value)));
    found || chunks.remainder().contains(&value)
}

/// The loop guard: was this request sent before in this walk? The first request is remembered for
/// the whole walk (servers that ignore a position send the walk back to it), the others in a
/// [`History`].
#[derive(Debug, Clone)]
pub(crate) struct RequestGuard {
    first: Option<Fingerprint>,
    history: History,
}

impl Default for RequestGuard {
    fn default() -> Self {
        RequestGuard {
            first: None,
            history: History::new(REQUEST_WINDOW),
        }
    }
}

impl RequestGuard {
    /// Records a request about to be sent; `false` when it was sent before (a loop).
    pub(crate) fn admit(&mut self, fingerprint: Fingerprint) -> bool {
        if self.first == Some(fingerprint) || self.history.find(fingerprint).is_some() {
            return false;
        }
        match self.first {
            None => self.first = Some(fingerprint),
            Some(_) => self.history.record(Some(fingerprint)),
        }
        true
    }

    /// The state to save; `rewound` leaves out the last request admitted (a checkpoint taken inside
    /// the page that decided it).
    pub(crate) fn state(&self, rewound: bool) -> RequestGuardState {
        RequestGuardState {
            first: self.first,
            history: self.history.state(rewound),
        }
    }

    pub(crate) fn restore(state: &RequestGuardState) -> Result<Self, &'static str> {
        Ok(RequestGuard {
            first: state.first,
            history: History::restore(REQUEST_WINDOW, &state.history)?,
        })
    }
}

/// What a checkpoint keeps of a [`History`]: its count, and its last entries (up to 64) and its anchors
/// as base64 of little-endian 64-bit words: at most 1.3 KB of JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HistoryState {
    count: u64,
    recent: String,
    anchors: String,
}

/// What a checkpoint keeps of a [`RequestGuard`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RequestGuardState {
    first: Option<Fingerprint>,
    history: HistoryState,
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 (URL alphabet, no padding) of the words, little-endian.
fn encode(words: &[u64]) -> String {
    let bytes: Vec<u8> = words.iter().flat_map(|word| word.to_le_bytes()).collect();
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |group, (at, &byte)| {
            group | u32::from(byte) << (16 - 8 * at)
        });
        for at in 0..=chunk.len() {
            text.push(char::from(BASE64[(group >> (18 - 6 * at) & 63) as usize]));
        }
    }
    text
}

/// The words of [`encode`]'s text; `None` unless it is exactly such a text.
fn decode(text: &str) -> Option<Vec<u64>> {
    let digits: Vec<u32> = text
        .bytes()
        .map(|byte| BASE64.iter().position(|&digit| digit == byte).map(|at| at as u32))
        .collect::<Option<_>>()?;
    let mut bytes = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |group, (at, &digit)| group | digit << (18 - 6 * at));
        bytes.extend((0..chunk.len() - 1).map(|at| (group >> (16 - 8 * at)) as u8));
    }
    if bytes.len() % 8 != 0 {
        return None;
    }
    let words: Vec<u64> = bytes
        .chunks(8)
        .map(|word| u64::from_le_bytes(word.try_into().unwrap_or_default()))
        .collect();
    // One text per value: a signed checkpoint cannot be re-spelled.
    (encode(&words) == text).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(n: u64) -> Fingerprint {
        Fingerprint::of(&n.to_le_bytes())
    }

    #[test]
    fn repeats_inside_the_window_are_caught_at_once() {
        let mut guard = RequestGuard::default();
        assert!((0..60).all(|n| guard.admit(fp(n))));
        assert!(!guard.admit(fp(57)));
        assert!(!guard.admit(fp(0)), "the first request is always remembered");
    }

    #[test]
    fn a_large_window_finds_every_entry_and_forgets_the_oldest() {
        let mut history = History::new(CONTENT_WINDOW);
        for n in 0..10_000u64 {
            history.record(Some(fp(n)));
        }
        // The last 4,096 are found exactly, with their sequence numbers.
        for n in 10_000 - CONTENT_WINDOW as u64..10_000 {
            assert_eq!(history.find(fp(n)), Some(n), "{n}");
        }
        // Older ones only where an anchor holds them: multiples of 64, 128, ...
        assert_eq!(history.find(fp(5_000)), None);
        assert_eq!(
            history.find(fp(6_144)),
            Some(6_144),
            "an anchor (a multiple of 2,048)"
        );
        assert_eq!(history.find(fp(20_000)), None);
        assert_eq!(history.tags.len(), CONTENT_WINDOW);
    }

    #[test]
    fn a_cycle_longer_than_the_window_is_caught_within_one_lap() {
        for cycle in [4_097u64, 5_000, 9_000, 70_001] {
            for start in [0u64, 17, 3_333] {
                let mut history = History::new(CONTENT_WINDOW);
                // `start` pages before the cycle, then the cycle over and over.
                let page = |n: u64| {
                    if n < start {
                        fp(1 << 40 | n)
                    } else {
                        fp((n - start) % cycle)
                    }
                };
                let caught = (0..10 * cycle + start)
                    .find(|&n| {
                        let found = history.find(page(n)).is_some();
                        history.record(Some(page(n)));
                        found
                    })
                    .expect("caught");
                let repeats = caught - (start + cycle);
                assert!(repeats < cycle, "cycle {cycle}, start {start}: {repeats} repeats");
            }
        }
    }

    #[test]
    fn entries_sharing_a_tag_are_told_apart_by_the_rest_of_their_key() {
        let mut history = History::new(CONTENT_WINDOW);
        let same_tag = |n: u64| Fingerprint::from_value(0xBEEF | n << 16).unwrap();
        for n in 1..=100 {
            history.record(Some(same_tag(n)));
        }
        assert_eq!(history.find(same_tag(40)), Some(39));
        assert_eq!(history.find(same_tag(101)), None);
        // Bits above the 48 a history keeps do not tell fingerprints apart.
        assert_eq!(
            history.find(Fingerprint::from_value(0xBEEF | 7 << 16 | 1 << 60).unwrap()),
            Some(6)
        );
    }

    #[test]
    fn empty_entries_are_never_found_and_memory_is_fixed() {
        let mut history = History::new(CONTENT_WINDOW);
        for n in 0..20_000u64 {
            history.record((n % 3 != 0).then(|| fp(n)));
        }
        assert_eq!(history.tags.capacity(), CONTENT_WINDOW);
        assert_eq!(history.rests.capacity(), CONTENT_WINDOW);
        assert_eq!(history.find(fp(19_997)), Some(19_997));
        assert_eq!(history.find(fp(19_998)), None, "recorded as nothing");
    }

    #[test]
    fn a_blank_history_is_the_history_of_its_zeros_written() {
        // Runs of nothing of every length around the window's, then keys.
        for blanks in [0u64, 1, 63, 64, 65, 4_095, 4_096, 4_097, 9_000] {
            let mut lazy = History::new(CONTENT_WINDOW);
            let mut written = History::new(CONTENT_WINDOW);
            written.blank = false;
            for history in [&mut lazy, &mut written] {
                for _ in 0..blanks {
                    history.record(None);
                }
            }
            for rewound in [false, true] {
                assert_eq!(lazy.state(rewound), written.state(rewound), "{blanks} blanks");
            }
            for n in 0..5_000u64 {
                let entry = (n % 7 != 3).then(|| fp(n));
                lazy.record(entry);
                written.record(entry);
            }
            assert_eq!(
                (&lazy.tags, &lazy.rests, lazy.head),
                (&written.tags, &written.rests, written.head)
            );
            assert_eq!((lazy.anchors, lazy.count), (written.anchors, written.count));
            for n in [0u64, 3, 100, 4_999] {
                assert_eq!(lazy.find(fp(n)), written.find(fp(n)), "{blanks} blanks, {n}");
            }
        }
    }

    #[test]
    fn a_restored_history_keeps_its_recent_entries_and_anchors() {
        let mut history = History::new(CONTENT_WINDOW);
        for n in 0..10_000 {
            history.record(Some(fp(n)));
        }
        let state = history.state(false);
        let json = serde_json::to_string(&state).unwrap();
        assert!(json.len() < 1_300, "{} bytes", json.len());
        let restored = History::restore(CONTENT_WINDOW, &state).unwrap();
        assert_eq!(restored.count(), 10_000);
        assert_eq!(restored.find(fp(9_999)), Some(9_999));
        assert_eq!(restored.find(fp(9_936)), Some(9_936));
        assert_eq!(restored.find(fp(9_935)), None, "beyond the 64 a checkpoint keeps");
        assert_eq!(restored.find(fp(9_856)), Some(9_856), "an anchor");
        // Rewound: as if the last entry had not been recorded.
        let rewound = History::restore(CONTENT_WINDOW, &history.state(true)).unwrap();
        assert_eq!(rewound.count(), 9_999);
        assert_eq!(rewound.find(fp(9_999)), None);
        assert_eq!(rewound.find(fp(9_998)), Some(9_998));
    }

    #[test]
    fn restoring_refuses_malformed_states() {
        let state = |count, recent: &[u64], anchors: &[u64]| HistoryState {
            count,
            recent: encode(recent),
            anchors: encode(anchors),
        };
        let anchors = [9; 2 * LEVELS];
        assert!(History::restore(64, &state(3, &[1, 2, 3], &anchors)).is_ok());
        for bad in [
            state(2, &[1, 2, 3], &anchors),
            state(3, &[1, 2, 3], &[4]),
            state(3, &[1, 2, 3], &[]),
            state(1_000, &[7; 65], &anchors),
            state(u64::MAX, &[], &anchors),
            HistoryState {
                count: 1,
                recent: "not base64!".into(),
                anchors: encode(&anchors),
            },
            HistoryState {
                count: 1,
                recent: "AAAA".into(),
                anchors: encode(&anchors),
            },
        ] {
            assert!(History::restore(64, &bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn base64_round_trips() {
        for words in [vec![], vec![0], vec![u64::MAX, 1, 2], (0..70).collect::<Vec<_>>()] {
            assert_eq!(decode(&encode(&words)), Some(words));
        }
        assert_eq!(encode(&[0]), "AAAAAAAAAAA");
        assert_eq!(
            decode("AAAAAAAAAAB"),
            None,
            "a non-canonical last digit would not re-encode"
        );
    }
}
