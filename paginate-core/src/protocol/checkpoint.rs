//! Checkpoints: where a walk stands, as plain serialisable data of bounded size, so a walk can resume in
//! another process on the exact next item. A checkpoint names what it belongs to (strategy, envelope,
//! a fingerprint of the request that started the walk), holds no credential, and may be signed: it is
//! untrusted input when it comes back.

use std::sync::Arc;

use hmac_sha256::HMAC;
use serde::{Deserialize, Serialize};

use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::guard::{HistoryState, RequestGuardState};
use crate::protocol::request::PageRequest;

/// The format version written into checkpoints; others are refused.
pub(crate) const VERSION: u32 = 3;

/// The shortest secret a [`CheckpointKey`] accepts, in bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// The counters a walk keeps, its rewind point and its checkpoints share.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Counters {
    /// Pages reported.
    pub(crate) pages: u64,
    /// Items the pages held.
    pub(crate) received: u64,
    /// Items let through (`max_items` may cut the last page).
    pub(crate) yielded: u64,
    /// The latest total the API reported.
    pub(crate) total: Option<u64>,
    /// The latest page number the API echoed.
    pub(crate) last_page_number: Option<u64>,
}

/// Where a window-split walk stands: the window being walked and the end of the whole range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct WindowMark {
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) range_end: i64,
    /// Items yielded by the windows before this one.
    pub(crate) yielded_before: u64,
    /// Pages fetched by the windows before this one.
    pub(crate) pages_before: u64,
}

/// The position of a walk after its last yielded item: the page to fetch, how many of its items were
/// already yielded, the counters, and a fixed-size summary of the guards.
/// Serialise it anywhere (JSON, a database row); [`resume`](crate::Paginator::resume) yields exactly the
/// items not yet yielded. Its size does not grow with the walk.
///
/// A checkpoint holds no credential: query parameters that carry one (`api_key`, `access_token`, ...)
/// are taken out of the URLs it keeps, and the request's headers and body are never stored. A walk
/// resuming from it puts those parameters back from its own request.
///
/// A checkpoint is checked when a walk resumes from it: it must come from the same strategy, envelope
/// and request (method, URL and body, credentials and pagination parameters left aside), its position
/// must fit the strategy and stay on the origin, and, when the walk signs checkpoints
/// ([`CheckpointKey`]), its signature must be valid. Anything else is
/// [`ErrorKind::InvalidCheckpoint`](crate::ErrorKind::InvalidCheckpoint).
///
/// ```
/// use paginated_core::{Checkpoint, PageParts, PageRequest, Paginate, Signals, Spec, Strategy, Token};
///
/// struct Numbers { data: Vec<u64>, next: Option<String> }
/// impl Paginate for Numbers {
///     type Item = u64;
///     const SPEC: Spec = Spec::new(Strategy::Cursor);
///     fn into_parts(self) -> PageParts<u64> {
///         PageParts::new(self.data, Signals { cursor: self.next.map(Token::Text), ..Signals::default() })
///     }
/// }
/// let api = |request: PageRequest| {
///     let start: u64 = request.cursor().map_or(0, |c| c.to_text().parse().unwrap());
///     let end = (start + 10).min(35);
///     Ok::<_, std::io::Error>(Numbers { data: (start..end).collect(), next: (end < 35).then(|| end.to_string()) })
/// };
///
/// let mut walk = Numbers::from_fn_blocking(api);
/// let first: Vec<u64> = walk.by_ref().take(13).collect::<Result<_, _>>()?;
/// let saved = serde_json::to_string(&walk.checkpoint()).unwrap();
///
/// let checkpoint: Checkpoint = serde_json::from_str(&saved).unwrap();
/// let rest: Vec<u64> = Numbers::from_fn_blocking(api).resume(checkpoint).collect::<Result<_, _>>()?;
/// assert_eq!(first, (0..13).collect::<Vec<_>>());
/// assert_eq!(rest, (13..35).collect::<Vec<_>>());
/// # Ok::<_, paginated_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    pub(crate) version: u32,
    pub(crate) strategy: String,
    /// The envelope type's name, when known.
    pub(crate) envelope: Option<String>,
    /// The fingerprint of the request that started the walk, when it has one.
    pub(crate) binding: Option<Fingerprint>,
    /// The page to fetch on resume; `None` when the walk was complete. A URL in it has no credential.
    pub(crate) request: Option<PageRequest>,
    /// Items of that page already yielded.
    pub(crate) skip: u64,
    pub(crate) counters: Counters,
    /// The URL relative next URLs resolve against, without credentials.
    pub(crate) current_url: Option<String>,
    /// Query parameters taken out of `request`'s URL and `current_url` as credentials.
    pub(crate) removed: Vec<String>,
    pub(crate) requests: RequestGuardState,
    pub(crate) content: HistoryState,
    pub(crate) window: Option<WindowMark>,
    /// HMAC-SHA256 of everything else, hex, when signed.
    pub(crate) mac: Option<String>,
}

impl Checkpoint {
    /// A checkpoint that stands in for a walk's while it starts (never handed out).
    pub(crate) fn placeholder() -> Self {
        Checkpoint {
            version: VERSION,
            strategy: String::new(),
            envelope: None,
            binding: None,
            request: None,
            skip: 0,
            counters: Counters::default(),
            current_url: None,
            removed: Vec::new(),
            requests: RequestGuardState::default(),
            content: HistoryState::default(),
            window: None,
            mac: None,
        }
    }

    /// The page a resumed walk fetches first, or `None` when the walk was complete.
    pub fn request(&self) -> Option<&PageRequest> {
        self.request.as_ref()
    }
    /// Items of that page already yielded, skipped on resume.
    pub fn skip(&self) -> u64 {
        self.skip
    }
    /// Items yielded before this checkpoint (those of its page included).
    pub fn items_yielded(&self) -> u64 {
        self.counters
            .yielded
            .saturating_add(self.skip)
            .saturating_add(self.window.map_or(0, |window| window.yielded_before))
    }
    /// Whether the walk had ended.
    pub fn is_complete(&self) -> bool {
        self.request.is_none() && self.window.is_none_or(|window| window.end >= window.range_end)
    }
    /// Whether the checkpoint carries a signature.
    pub fn is_signed(&self) -> bool {
        self.mac.is_some()
    }

    /// The bytes the signature covers: the checkpoint without its signature, as JSON.
    fn signed_bytes(&self) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.mac = None;
        serde_json::to_vec(&unsigned).unwrap_or_default()
    }

    pub(crate) fn sign(&mut self, key: &CheckpointKey) {
        self.mac = None;
        let tag = HMAC::mac(self.signed_bytes(), &key.0);
        self.mac = Some(tag.iter().map(|byte| format!("{byte:02x}")).collect());
    }

    /// Whether the signature is present and valid for `key` (in constant time).
    pub(crate) fn verify(&self, key: &CheckpointKey) -> bool {
        let Some(tag) = self.mac.as_deref().and_then(decode_hex) else {
            return false;
        };
        let Ok(tag) = <[u8; 32]>::try_from(tag) else {
            return false;
        };
        HMAC::verify(self.signed_bytes(), &key.0, &tag)
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).ok())
        .collect()
}

/// A secret key that signs checkpoints (HMAC-SHA256), for checkpoints that leave the process: stored
/// by a client, handed to API users as page tokens. A walk given a key signs every checkpoint it
/// takes and refuses to resume from one without a valid signature.
///
/// ```
/// use paginated_core::CheckpointKey;
/// let key = CheckpointKey::new(b"a secret of at least 32 bytes, from your vault".to_vec())?;
/// assert_eq!(format!("{key:?}"), "CheckpointKey(..)");
/// let short = CheckpointKey::new(b"too short".to_vec()).unwrap_err();
/// assert_eq!(short.to_string(), "a checkpoint key needs at least 32 bytes, this one has 9");
/// # Ok::<_, paginated_core::Error>(())
/// ```
#[derive(Clone)]
pub struct CheckpointKey(Arc<[u8]>);

impl CheckpointKey {
    /// A key from secret bytes: at least [`MIN_KEY_BYTES`] (32) of them, as random as you can get. A
    /// shorter key could be guessed, and checkpoints forged: it is refused (and converts into
    /// [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest) with `?`).
    pub fn new(secret: impl Into<Vec<u8>>) -> Result<Self, KeyTooShort> {
        let secret = secret.into();
        if secret.len() < MIN_KEY_BYTES {
            return Err(KeyTooShort { length: secret.len() });
        }
        Ok(CheckpointKey(secret.into()))
    }
}

/// A [`CheckpointKey`] of fewer than [`MIN_KEY_BYTES`] bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyTooShort {
    /// The key's length, in bytes.
    pub length: usize,
}

impl std::fmt::Display for KeyTooShort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a checkpoint key needs at least {MIN_KEY_BYTES} bytes, this one has {}",
            self.length
        )
    }
}

impl std::error::Error for KeyTooShort {}

impl std::fmt::Debug for CheckpointKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckpointKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkpoint() -> Checkpoint {
        Checkpoint {
            version: VERSION,
            strategy: "cursor".into(),
            envelope: Some("Page".into()),
            binding: None,
            request: None,
            skip: 3,
            counters: Counters::default(),
            current_url: None,
            removed: Vec::new(),
            requests: RequestGuardState::default(),
            content: HistoryState::default(),
            window: None,
            mac: None,
        }
    }

    fn key() -> CheckpointKey {
        CheckpointKey::new(b"a secret of the walk's owner, 32 bytes or more".to_vec()).unwrap()
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_the_unsigned_json() {
        let mut signed = checkpoint();
        signed.sign(&key());
        // Computed independently: Python's hmac.new(key, unsigned JSON, sha256).hexdigest().
        assert_eq!(
            signed.mac.as_deref(),
            Some("ee2c73e8ccac9907db176c5e8d42f01c04d3e10adced8c574f1d6ea4485f9a44")
        );
        assert!(signed.verify(&key()));
    }

    #[test]
    fn a_signature_that_is_edited_cut_short_not_hex_or_made_with_another_key_is_refused() {
        let mut signed = checkpoint();
        signed.sign(&key());
        let tag = signed.mac.clone().unwrap();
        let flipped = format!("{}{}", if tag.starts_with('0') { '1' } else { '0' }, &tag[1..]);
        for mac in [
            flipped,
            tag[..62].to_string(),
            format!("{tag}00"),
            "zz".repeat(32),
            String::new(),
        ] {
            let edited = Checkpoint {
                mac: Some(mac.clone()),
                ..signed.clone()
            };
            assert!(!edited.verify(&key()), "{mac:?}");
        }
        let other = CheckpointKey::new(b"somebody else's secret, 32 bytes or more".to_vec());
        assert!(!signed.verify(&other.unwrap()));
        let mut moved = signed.clone();
        moved.skip += 1;
        assert!(!moved.verify(&key()), "the signature covers every field");
        assert!(!checkpoint().verify(&key()), "unsigned");
    }
}
