//! Fixed-size fingerprints of requests and of what pages contain: what the guards remember instead of
//! the requests and pages themselves, so their memory and a checkpoint's size do not grow with a walk.

use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use xxhash_rust::xxh3::Xxh3Default;

/// A 64-bit hash (XXH3, stable across versions and platforms) of a request as sent or of what a page
/// contains. Never zero: the guards use zero for "nothing".
///
/// ```
/// use paginated_core::Fingerprint;
/// assert_eq!(Fingerprint::of(b"{\"data\":[]}"), Fingerprint::of(b"{\"data\":[]}"));
/// assert_ne!(Fingerprint::of(b"page 1"), Fingerprint::of(b"page 2"));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The fingerprint of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        // XXH3 with seed 0 is XXH3 unseeded; one instantiation serves both (a test checks it).
        Fingerprint::seeded(bytes, 0)
    }

    /// The fingerprint of `bytes` hashed with `seed`: one call for a short input of a known kind.
    pub(crate) fn seeded(bytes: &[u8], seed: u64) -> Self {
        Fingerprint::from_hash(xxhash_rust::xxh3::xxh3_64_with_seed(bytes, seed))
    }

    fn from_hash(hash: u64) -> Self {
        Fingerprint(hash.max(1))
    }

    /// The fingerprint's value (never zero).
    pub(crate) fn value(self) -> u64 {
        self.0
    }

    /// The fingerprint with value `value`, when it is not zero.
    pub(crate) fn from_value(value: u64) -> Option<Self> {
        (value != 0).then_some(Fingerprint(value))
    }

    /// What a JSON page contains: every outermost array of the body (its items, wherever they sit),
    /// without the values around them (request ids, timestamps, cursors, totals), which servers change
    /// from one answer to the next. `None` when the body holds no array.
    ///
    /// ```
    /// use paginated_core::Fingerprint;
    /// let page = |id: &str| format!(r#"{{"request_id":"{id}","data":[{{"n":1}},{{"n":"[2"}}]}}"#);
    /// assert_eq!(
    ///     Fingerprint::of_json_items(page("r-1").as_bytes()),
    ///     Fingerprint::of_json_items(page("r-2").as_bytes()),
    /// );
    /// assert_eq!(Fingerprint::of_json_items(br#"{"total": 3}"#), None);
    /// ```
    pub fn of_json_items(body: &[u8]) -> Option<Self> {
        let mut arrays = OutermostArrays::default();
        let (blocks, rest) = body.as_chunks::<BLOCK>();
        for (index, block) in blocks.iter().enumerate() {
            arrays.scan(body, index * BLOCK, block);
        }
        if !rest.is_empty() {
            let mut padded = [0; BLOCK];
            padded[..rest.len()].copy_from_slice(rest);
            arrays.scan(body, body.len() - rest.len(), &padded);
        }
        arrays.fingerprint()
    }

    /// What a page contains, from its decoded items: for item types that implement [`Hash`].
    ///
    /// ```
    /// use paginated_core::Fingerprint;
    /// assert_eq!(Fingerprint::of_items(&[1, 2]), Fingerprint::of_items(&[1, 2]));
    /// assert_ne!(Fingerprint::of_items(&[1, 2]), Fingerprint::of_items(&[2, 1]));
    /// ```
    pub fn of_items<T: Hash>(items: &[T]) -> Self {
        let mut hasher = Xxh3Default::new();
        items.hash(&mut hasher);
        Fingerprint::from_hash(hasher.finish())
    }

    /// What a page contains, from its decoded items: for item types that implement
    /// [`Serialize`] (hashed as their JSON text, which is never stored).
    ///
    /// ```
    /// use paginated_core::Fingerprint;
    /// let page = [serde_json::json!({"n": 1.5})];
    /// assert_eq!(Fingerprint::of_serialized(&page), Fingerprint::of_serialized(&page.clone()));
    /// ```
    pub fn of_serialized<T: Serialize>(items: &[T]) -> Option<Self> {
        struct Sink(Xxh3Default);
        impl std::io::Write for Sink {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.update(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut sink = Sink(Xxh3Default::new());
        serde_json::to_writer(&mut sink, items).ok()?;
        Some(Fingerprint::from_hash(sink.0.digest()))
    }

    /// What a page contains, from its decoded items: for item types that implement [`Debug`](std::fmt::Debug)
    /// but neither `Hash` nor `Serialize` (hashed as their debug text, which is never stored). Each
    /// item's text is followed by its length, so that where one item ends is part of the hash.
    ///
    /// ```
    /// use paginated_core::Fingerprint;
    /// #[derive(Debug)]
    /// struct Row { id: u32, score: f64 }
    /// let page = |id| [Row { id, score: 0.5 }];
    /// assert_eq!(Fingerprint::of_debug(&page(1)), Fingerprint::of_debug(&page(1)));
    /// assert_ne!(Fingerprint::of_debug(&page(1)), Fingerprint::of_debug(&page(2)));
    /// ```
    pub fn of_debug<T: std::fmt::Debug>(items: &[T]) -> Self {
        struct Sink {
            hasher: Xxh3Default,
            written: u64,
        }
        impl std::fmt::Write for Sink {
            fn write_str(&mut self, text: &str) -> std::fmt::Result {
                self.hasher.update(text.as_bytes());
                self.written += text.len() as u64;
                Ok(())
            }
        }
        let mut sink = Sink {
            hasher: Xxh3Default::new(),
            written: 0,
        };
        for item in items {
            sink.written = 0;
            // A `Debug` impl that fails leaves what it wrote: the hash still covers it.
            let _ = std::fmt::Write::write_fmt(&mut sink, format_args!("{item:?}"));
            sink.hasher.update(&sink.written.to_le_bytes());
        }
        Fingerprint::from_hash(sink.hasher.digest())
    }

    /// The fingerprint of a page's body without the positions the server issued in it (its next
    /// cursor or next URL, as the body spells them): for bodies whose items cannot be located (XML).
    ///
    /// ```
    /// use paginated_core::Fingerprint;
    /// let page = |cursor: &str| format!("<r><k>1</k><next>{cursor}</next></r>");
    /// let (a, b) = (page("c-17"), page("c-18"));
    /// assert_eq!(
    ///     Fingerprint::of_page(a.as_bytes(), &[b"c-17"]),
    ///     Fingerprint::of_page(b.as_bytes(), &[b"c-18"]),
    /// );
    /// ```
    pub fn of_page(body: &[u8], issued: &[&[u8]]) -> Self {
        let finders: Vec<memchr::memmem::Finder<'_>> = issued
            .iter()
            .filter(|text| !text.is_empty())
            .map(memchr::memmem::Finder::new)
            .collect();
        let mut hasher = Xxh3Default::new();
        let mut rest = body;
        while let Some((at, length)) = finders
            .iter()
            .filter_map(|finder| finder.find(rest).map(|at| (at, finder.needle().len())))
            .min()
        {
            hasher.update(&rest[..at]);
            rest = &rest[at + length..];
        }
        hasher.update(rest);
        Fingerprint::from_hash(hasher.digest())
    }
}

/// Bytes of a body looked at together: one bit each in a mask.
const BLOCK: usize = 64;
/// The odd bits of a mask.
const ODD_BITS: u64 = 0xAAAA_AAAA_AAAA_AAAA;

/// The outermost arrays of a JSON body, hashed as they are found. The body is read a block at a time
/// as masks of its quotes, backslashes and brackets (the technique of simdjson): which quotes are
/// escaped, then which bytes are inside strings, follow from the masks without a branch per byte,
/// and only the brackets outside strings are looked at one by one.
#[derive(Default)]
struct OutermostArrays {
    hasher: Xxh3Default,
    found: bool,
    /// All ones when the block before ended inside a string.
    in_string: u64,
    /// 1 when the first byte of the next block is escaped (the block before ended in an escaping
    /// backslash).
    next_escaped: u64,
    depth: usize,
    start: usize,
}

impl OutermostArrays {
    /// Reads `block`: [`BLOCK`] bytes of `body` from `offset` (the last block padded with zeros).
    fn scan(&mut self, body: &[u8], offset: usize, block: &[u8; BLOCK]) {
        if self.next_escaped == 0 {
            if let Some(parity) = quotes_only(block) {
                // Quotes alone (most blocks of a page of items): only their number's parity matters.
                self.in_string ^= 0u64.wrapping_sub(parity);
                return;
            }
        }
        // A byte each, which the compiler computes with vector instructions: 1 for a quote, 2 for a
        // bracket, 4 for a backslash.
        let mut marks = [0u8; BLOCK];
        for (mark, &byte) in marks.iter_mut().zip(block) {
            *mark = u8::from(byte == b'"')
                | u8::from(byte == b'[' || byte == b']') << 1
                | u8::from(byte == b'\\') << 2;
        }
        let words: [u64; BLOCK / 8] =
            std::array::from_fn(|at| u64::from_le_bytes(std::array::from_fn(|byte| marks[at * 8 + byte])));
        let mask = |shift: u32| {
            words
                .iter()
                .enumerate()
                .fold(0, |mask, (at, word)| mask | gather(word >> shift) << (8 * at))
        };
        let mut quotes = mask(0);
        let brackets = mask(1);
        if self.next_escaped != 0 || words.iter().any(|word| word & 0x0404_0404_0404_0404 != 0) {
            quotes &= !self.escaped(mask(2));
        }
        // A byte is inside a string when an odd number of quotes precede it (or itself opens one).
        let inside = prefix_xor(quotes) ^ self.in_string;
        self.in_string = 0u64.wrapping_sub(inside >> 63);
        let mut outside = brackets & !inside;
        while outside != 0 {
            self.bracket(body, offset + outside.trailing_zeros() as usize);
            outside &= outside - 1;
        }
    }

    /// The bytes escaped by the backslashes of a block (their mask `backslashes`): the byte after
    /// each run's odd backslashes.
    fn escaped(&mut self, backslashes: u64) -> u64 {
        let potential = backslashes & !self.next_escaped;
        // Runs of backslashes starting on an even bit become 1 0 1 0 ..., and so do runs starting on
        // an odd bit once the odd bits are flipped back; the byte after a run's last escaping
        // backslash is 1.
        let maybe_escaped = potential << 1;
        let codes = (maybe_escaped | ODD_BITS).wrapping_sub(potential) ^ ODD_BITS;
        let escaped = codes ^ (backslashes | self.next_escaped);
        self.next_escaped = (codes & backslashes) >> 63;
        escaped
    }

    /// A bracket outside every string, at `at`.
    fn bracket(&mut self, body: &[u8], at: usize) {
        if body[at] == b'[' {
            if self.depth == 0 {
                self.start = at;
            }
            self.depth += 1;
        } else if self.depth > 0 {
            // A `]` outside every array is no array's end.
            self.depth -= 1;
            if self.depth == 0 {
                let array = &body[self.start..=at];
                self.hasher.update(&(array.len() as u64).to_le_bytes());
                self.hasher.update(array);
                self.found = true;
            }
        }
    }

    /// The fingerprint of the arrays found; `None` without any, or for a body cut short (in a string
    /// or an array), which would not have decoded.
    fn fingerprint(&self) -> Option<Fingerprint> {
        (self.found && self.in_string == 0 && self.depth == 0)
            .then(|| Fingerprint::from_hash(self.hasher.digest()))
    }
}

/// The parity of the number of quotes in `block` (1 when odd), if it holds neither a bracket nor a
/// backslash. Written so that the compiler reads the block with vector instructions.
fn quotes_only(block: &[u8; BLOCK]) -> Option<u64> {
    let (mut special, mut quotes) = (0u8, 0u8);
    for &byte in block {
        // `[`, `\` and `]` are consecutive.
        special |= u8::from(byte.wrapping_sub(b'[') < 3);
        quotes ^= u8::from(byte == b'"');
    }
    (special == 0).then_some(u64::from(quotes))
}

/// The low bit of each of the eight bytes of `word`, as eight bits.
fn gather(word: u64) -> u64 {
    ((word & 0x0101_0101_0101_0101).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Each bit the parity of the bits up to it.
fn prefix_xor(mut mask: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        mask ^= mask << shift;
    }
    mask
}

/// Builds a fingerprint from several byte strings, each length-prefixed so that `("ab", "c")` and
/// `("a", "bc")` differ. Short inputs (a request's position) are gathered on the stack and hashed in
/// one call; longer ones stream.
pub(crate) struct PartsHasher {
    short: [u8; SHORT],
    len: usize,
    long: Option<Box<Xxh3Default>>,
}

const SHORT: usize = 192;

impl Default for PartsHasher {
    fn default() -> Self {
        PartsHasher {
            short: [0; SHORT],
            len: 0,
            long: None,
        }
    }
}

impl PartsHasher {
    pub(crate) fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
        self
    }

    fn write(&mut self, bytes: &[u8]) {
        if let Some(long) = &mut self.long {
            long.update(bytes);
        } else if self.len + bytes.len() <= SHORT {
            self.short[self.len..self.len + bytes.len()].copy_from_slice(bytes);
            self.len += bytes.len();
        } else {
            let mut long = Box::new(Xxh3Default::new());
            long.update(&self.short[..self.len]);
            long.update(bytes);
            self.long = Some(long);
        }
    }

    pub(crate) fn finish(&self) -> Fingerprint {
        match &self.long {
            Some(long) => Fingerprint::from_hash(long.digest()),
            None => Fingerprint::of(&self.short[..self.len]),
        }
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{:016x}", self.0))
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let invalid = || serde::de::Error::custom("a fingerprint is 16 hexadecimal digits, not all zero");
        if text.len() != 16 || !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(invalid());
        }
        u64::from_str_radix(&text, 16)
            .ok()
            .and_then(Fingerprint::from_value)
            .ok_or_else(invalid)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn debug_text_boundaries_are_hashed() {
        // The same text split differently between items is different content.
        assert_ne!(
            Fingerprint::of_debug(&["ab", "c"]),
            Fingerprint::of_debug(&["a", "bc"])
        );
        assert_ne!(Fingerprint::of_debug::<u8>(&[]), Fingerprint::of_debug(&[""]));
        assert_eq!(
            Fingerprint::of_debug(&[1.5, 2.0]),
            Fingerprint::of_debug(&[1.5, 2.0])
        );
    }

    /// `Fingerprint::of` keeps the value of unseeded XXH3, which checkpoints already hold, at every
    /// input length XXH3 treats differently (up to 16, 128 and 240 bytes, and longer).
    #[test]
    fn of_is_unseeded_xxh3() {
        for length in [0, 1, 3, 4, 8, 9, 16, 17, 128, 129, 240, 241, 1024, 100_000] {
            let bytes: Vec<u8> = (0..length).map(|at| (at * 31 % 251) as u8).collect();
            let unseeded = xxhash_rust::xxh3::xxh3_64(&bytes).max(1);
            assert_eq!(Fingerprint::of(&bytes).value(), unseeded, "length {length}");
        }
    }

    /// `Fingerprint::of_json_items` written the plain way: strings skipped a byte at a time.
    fn outermost_arrays_by_hand(body: &[u8]) -> Option<Fingerprint> {
        let string_end = |start: usize| {
            let mut at = start + 1;
            while at < body.len() {
                match body[at] {
                    b'"' => return Some(at + 1),
                    b'\\' => at += 2,
                    _ => at += 1,
                }
            }
            None
        };
        let mut hasher = Xxh3Default::new();
        let (mut found, mut at) = (false, 0);
        while at < body.len() {
            match body[at] {
                b'"' => at = string_end(at)?,
                b'[' => {
                    let (start, mut depth) = (at, 0);
                    loop {
                        match body.get(at)? {
                            b'"' => {
                                at = string_end(at)?;
                                continue;
                            }
                            b'[' => depth += 1,
                            b']' => depth -= 1,
                            _ => {}
                        }
                        at += 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    hasher.update(&((at - start) as u64).to_le_bytes());
                    hasher.update(&body[start..at]);
                    found = true;
                }
                _ => at += 1,
            }
        }
        found.then(|| Fingerprint::from_hash(hasher.digest()))
    }

    fn json() -> impl Strategy<Value = serde_json::Value> {
        let text = proptest::string::string_regex("[a\\\\\"\\[\\]{}, ]{0,12}").unwrap();
        let leaf = prop_oneof![
            text.prop_map(serde_json::Value::from),
            any::<u32>().prop_map(serde_json::Value::from),
            Just(serde_json::Value::Null),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-c\\[\\\\]{1,3}", inner, 0..6)
                    .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn json_items_are_found_as_by_hand(value in json(), cut in 0.0..1.0f64) {
            let body = serde_json::to_vec(&value).unwrap();
            prop_assert_eq!(Fingerprint::of_json_items(&body), outermost_arrays_by_hand(&body));
            let short = &body[..(body.len() as f64 * cut) as usize];
            prop_assert_eq!(Fingerprint::of_json_items(short), outermost_arrays_by_hand(short));
        }
    }

    #[test]
    fn parts_are_length_prefixed_and_serde_round_trips() {
        assert_ne!(
            PartsHasher::default().part(b"ab").part(b"c").finish(),
            PartsHasher::default().part(b"a").part(b"bc").finish()
        );
        // Short and long inputs hash the same bytes the same way.
        let long = vec![7u8; 500];
        let mut streamed = Xxh3Default::new();
        streamed.update(&(500u64).to_le_bytes());
        streamed.update(&long);
        assert_eq!(
            PartsHasher::default().part(&long).finish(),
            Fingerprint::from_hash(streamed.digest())
        );
        let mut expected = (3u64).to_le_bytes().to_vec();
        expected.extend_from_slice(b"abc");
        assert_eq!(
            PartsHasher::default().part(b"abc").finish(),
            Fingerprint::of(&expected)
        );
        let fingerprint = Fingerprint::of(b"x");
        let json = serde_json::to_string(&fingerprint).unwrap();
        assert_eq!(json.len(), 18);
        assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), fingerprint);
        for bad in ["\"xyz\"", "\"0000000000000000\"", "\"+00000000000000f\""] {
            assert!(serde_json::from_str::<Fingerprint>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn json_items_are_the_outermost_arrays_and_nothing_around_them() {
        let items = |body: &str| Fingerprint::of_json_items(body.as_bytes());
        // Scalars and objects around the arrays do not count; brackets in strings are text.
        assert_eq!(
            items(r#"{"id":"a[","meta":{"at":1},"data":[1,[2,"]"],{"x":"\"["}]}"#),
            items(r#"{"id":"b]","meta":{"at":2},"data":[1,[2,"]"],{"x":"\"["}]}"#),
        );
        // Every outermost array counts, in order, and the body may be an array itself.
        assert_ne!(items(r#"{"a":[1],"b":[2]}"#), items(r#"{"a":[2],"b":[1]}"#));
        assert_ne!(items(r#"{"a":[1,2]}"#), items(r#"{"a":[1],"b":[2]}"#));
        assert!(items("[1,2,3]").is_some());
        assert_eq!(items(r#"{"data":"[not an array]"}"#), None);
        // Each array is hashed as its length and its bytes; escaped quotes and backslashes before a
        // quote are read as JSON reads them.
        let body = br#"{"k":"\\","s":"\"[","data":["x\"]",[1],"\\"],"t":"]"}"#;
        let array: &[u8] = br#"["x\"]",[1],"\\"]"#;
        let mut expected = Xxh3Default::new();
        expected.update(&(array.len() as u64).to_le_bytes());
        expected.update(array);
        assert_eq!(
            Fingerprint::of_json_items(body),
            Some(Fingerprint::from_hash(expected.digest()))
        );
        // A body cut short has no fingerprint (it would not have decoded).
        assert_eq!(items(r#"{"data":[1,"#), None);
        assert_eq!(items(r#"{"data":["\"#), None);
    }
}
