//! Fixed-size fingerprints of requests and of what pages contain: what the guards remember instead of
//! the requests and pages themselves, so their memory and a checkpoint's size do not grow with a walk.

use std::hash::{Hash, Hasher};

use memchr::{memchr2, memchr3};
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
        Fingerprint::from_hash(xxhash_rust::xxh3::xxh3_64(bytes))
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
        let mut hasher = Xxh3Default::new();
        let mut found = false;
        let mut at = 0;
        while let Some(offset) = memchr2(b'"', b'[', &body[at..]) {
            let start = at + offset;
            if body[start] == b'"' {
                at = string_end(body, start)?;
                continue;
            }
            let end = array_end(body, start)?;
            let array = &body[start..end];
            hasher.update(&(array.len() as u64).to_le_bytes());
            hasher.update(array);
            found = true;
            at = end;
        }
        found.then(|| Fingerprint::from_hash(hasher.digest()))
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

/// The index just past the JSON string that starts at `start` (a `"`); `None` if it never ends.
fn string_end(body: &[u8], start: usize) -> Option<usize> {
    let mut at = start + 1;
    loop {
        let found = at + memchr2(b'"', b'\\', body.get(at..)?)?;
        if body[found] == b'"' {
            return Some(found + 1);
        }
        at = found + 2;
    }
}

/// The index just past the JSON array that starts at `start` (a `[`); `None` if it never ends.
fn array_end(body: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let found = at + memchr3(b'"', b'[', b']', body.get(at..)?)?;
        match body[found] {
            b'"' => {
                at = string_end(body, found)?;
                continue;
            }
            b'[' => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(found + 1);
                }
            }
        }
        at = found + 1;
    }
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
    use super::*;

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
        // A body cut short has no fingerprint (it would not have decoded).
        assert_eq!(items(r#"{"data":[1,"#), None);
        assert_eq!(items(r#"{"data":["\"#), None);
    }
}
