//! Fixed-size fingerprints of requests and response bodies: what the guards remember instead of the
//! requests and bodies themselves, so their memory and a checkpoint's size do not grow with a walk.

use memchr::memmem::Finder;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use xxhash_rust::xxh3::Xxh3Default;

/// A 128-bit hash (XXH3, stable across versions and platforms) of a request as sent or of a response
/// body. Transports compute a body's fingerprint while they still hold the body.
///
/// ```
/// use paginated_core::Fingerprint;
/// assert_eq!(Fingerprint::of(b"{\"data\":[]}"), Fingerprint::of(b"{\"data\":[]}"));
/// assert_ne!(Fingerprint::of(b"page 1"), Fingerprint::of(b"page 2"));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(u128);

impl Fingerprint {
    /// The fingerprint of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Fingerprint(xxhash_rust::xxh3::xxh3_128(bytes))
    }

    /// The fingerprint of a page's body without the positions the server issued in it (its next
    /// cursor or next URL, as the body spells them): two pages with the same items and envelope that
    /// differ only by a fresh cursor have the same fingerprint.
    ///
    /// ```
    /// use paginated_core::Fingerprint;
    /// let page = |cursor: &str| format!(r#"{{"data":[1,2],"next":"{cursor}"}}"#);
    /// let (a, b) = (page("c-17"), page("c-18"));
    /// assert_eq!(
    ///     Fingerprint::of_page(a.as_bytes(), &[b"\"c-17\""]),
    ///     Fingerprint::of_page(b.as_bytes(), &[b"\"c-18\""]),
    /// );
    /// assert_ne!(Fingerprint::of(a.as_bytes()), Fingerprint::of(b.as_bytes()));
    /// ```
    pub fn of_page(body: &[u8], issued: &[&[u8]]) -> Self {
        // One searcher per text for the whole body (building one costs about a tenth of a search over a
        // 12 KB page).
        let finders: Vec<Finder<'_>> = issued
            .iter()
            .filter(|text| !text.is_empty())
            .map(Finder::new)
            .collect();
        if finders.is_empty() {
            return Fingerprint::of(body);
        }
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
        Fingerprint(hasher.digest128())
    }
}

/// Builds a fingerprint from several byte strings, each length-prefixed so that `("ab", "c")` and
/// `("a", "bc")` differ.
#[derive(Default)]
pub(crate) struct PartsHasher(Xxh3Default);

impl PartsHasher {
    pub(crate) fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub(crate) fn finish(&self) -> Fingerprint {
        Fingerprint(self.0.digest128())
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{:032x}", self.0))
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        if text.len() != 32 {
            return Err(serde::de::Error::custom("a fingerprint is 32 hexadecimal digits"));
        }
        u128::from_str_radix(&text, 16)
            .map(Fingerprint)
            .map_err(|_| serde::de::Error::custom("a fingerprint is 32 hexadecimal digits"))
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
        let fingerprint = Fingerprint::of(b"x");
        let json = serde_json::to_string(&fingerprint).unwrap();
        assert_eq!(json.len(), 34);
        assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), fingerprint);
        assert!(serde_json::from_str::<Fingerprint>("\"xyz\"").is_err());
    }
}
