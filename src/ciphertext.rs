//! The symmetric ciphertext blob, format version 1.
//!
//! A blob is self-describing, so decryption needs no key id:
//!
//! | offset | length | field                                                        |
//! |-------:|-------:|--------------------------------------------------------------|
//! | 0      | 1      | format version, `0x01`                                       |
//! | 1      | 1      | algorithm: `0x01` AES-256-GCM, `0x02` AES-128-GCM, `0x03` AES-192-GCM, `0x04` SM4-GCM |
//! | 2      | 16     | key id (the UUID's 16 bytes)                                 |
//! | 18     | 4      | key material version, big-endian (the first version is 1)    |
//! | 22     | 12     | nonce, random per encryption                                 |
//! | 34     | n      | ciphertext (as long as the plaintext)                        |
//! | 34 + n | 16     | GCM authentication tag                                       |
//!
//! The AEAD's associated data is the 34-byte header followed by the encoded
//! encryption context, so any change to the header or to the context fails
//! decryption. The context is encoded canonically: the entry count as a
//! big-endian `u32`, then for each entry in byte order of the keys, the key's
//! length (`u32`, big-endian), the key's UTF-8 bytes, the value's length and
//! the value's bytes. Reordering entries therefore changes nothing, while a
//! changed, missing or extra entry changes the associated data.
//!
//! The layout is pinned by a golden blob under `tests/data/`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::crypto::symmetric::{NONCE_LEN, TAG_LEN};
use crate::key::KeyId;
use crate::spec::{KeySpec, limits};
use crate::{Error, Result};

/// The current format version.
pub(crate) const FORMAT_VERSION: u8 = 1;
/// Length of the header.
pub(crate) const HEADER_LEN: usize = 34;
/// Bytes a blob adds to its plaintext.
pub const OVERHEAD: usize = HEADER_LEN + TAG_LEN;

/// An encryption context: string pairs bound to a ciphertext as associated data.
///
/// The same context must be given to decrypt. Entries are kept sorted, so
/// the order in which they are added does not matter.
///
/// ```
/// use polykms::EncryptionContext;
///
/// let a = EncryptionContext::new().with("tenant", "acme").with("purpose", "backup");
/// let b = EncryptionContext::new().with("purpose", "backup").with("tenant", "acme");
/// assert_eq!(a, b);
/// ```
///
/// Cloning is cheap (the entries are shared until one copy changes), so a
/// request can own its context without copying the strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EncryptionContext(Arc<BTreeMap<String, String>>);

impl<'a> From<&'a EncryptionContext> for std::borrow::Cow<'a, EncryptionContext> {
    fn from(context: &'a EncryptionContext) -> Self {
        std::borrow::Cow::Borrowed(context)
    }
}

impl From<EncryptionContext> for std::borrow::Cow<'_, EncryptionContext> {
    fn from(context: EncryptionContext) -> Self {
        std::borrow::Cow::Owned(context)
    }
}

impl EncryptionContext {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) an entry, builder style.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(key, value);
        self
    }

    /// Adds (or replaces) an entry.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        Arc::make_mut(&mut self.0).insert(key.into(), value.into());
    }

    /// Removes an entry, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        Arc::make_mut(&mut self.0).remove(key)
    }

    /// The value of an entry.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// The entries, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Checks the size limits ([`limits::MAX_CONTEXT_ENTRIES`], [`limits::MAX_CONTEXT_BYTES`]).
    pub(crate) fn check(&self) -> Result<()> {
        if self.0.len() > limits::MAX_CONTEXT_ENTRIES {
            return Err(Error::invalid_argument(
                "encryption context",
                format!(
                    "{} entries; at most {}",
                    self.0.len(),
                    limits::MAX_CONTEXT_ENTRIES
                ),
            ));
        }
        let bytes: usize = self.0.iter().map(|(k, v)| k.len() + v.len()).sum();
        if bytes > limits::MAX_CONTEXT_BYTES {
            return Err(Error::invalid_argument(
                "encryption context",
                format!("{bytes} bytes; at most {}", limits::MAX_CONTEXT_BYTES),
            ));
        }
        if self.0.keys().any(String::is_empty) {
            return Err(Error::invalid_argument(
                "encryption context",
                "keys must not be empty",
            ));
        }
        Ok(())
    }

    /// The length of the canonical encoding.
    pub(crate) fn encoded_len(&self) -> usize {
        4 + self
            .0
            .iter()
            .map(|(k, v)| 8 + k.len() + v.len())
            .sum::<usize>()
    }

    /// Writes the canonical encoding into `out`, which is exactly
    /// [`encoded_len`](Self::encoded_len) bytes long.
    pub(crate) fn encode_to(&self, out: &mut [u8]) {
        let mut pos = 0;
        let mut put = |bytes: &[u8]| {
            out[pos..pos + bytes.len()].copy_from_slice(bytes);
            pos += bytes.len();
        };
        put(&(self.0.len() as u32).to_be_bytes());
        for (key, value) in self.0.iter() {
            put(&(key.len() as u32).to_be_bytes());
            put(key.as_bytes());
            put(&(value.len() as u32).to_be_bytes());
            put(value.as_bytes());
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for EncryptionContext {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(Arc::new(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        ))
    }
}

impl<K: Into<String>, V: Into<String>, const N: usize> From<[(K, V); N]> for EncryptionContext {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

/// The algorithm byte of a blob.
fn algorithm_byte(spec: KeySpec) -> u8 {
    match spec {
        KeySpec::SymmetricDefault => 1,
        KeySpec::Aes128 => 2,
        KeySpec::Aes192 => 3,
        KeySpec::Sm4 => 4,
        _ => unreachable!("only symmetric specs make blobs"),
    }
}

fn spec_of_algorithm_byte(byte: u8) -> Option<KeySpec> {
    Some(match byte {
        1 => KeySpec::SymmetricDefault,
        2 => KeySpec::Aes128,
        3 => KeySpec::Aes192,
        4 => KeySpec::Sm4,
        _ => return None,
    })
}

/// The parsed header of a blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) spec: KeySpec,
    /// The key's id, a UUID, as its 16 bytes.
    pub(crate) key_uuid: [u8; 16],
    pub(crate) version: u32,
    pub(crate) nonce: [u8; NONCE_LEN],
}

impl Header {
    pub(crate) fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[0] = FORMAT_VERSION;
        out[1] = algorithm_byte(self.spec);
        out[2..18].copy_from_slice(&self.key_uuid);
        out[18..22].copy_from_slice(&self.version.to_be_bytes());
        out[22..34].copy_from_slice(&self.nonce);
        out
    }

    /// The id of the key the blob names.
    pub(crate) fn key_id(&self) -> KeyId {
        KeyId::from_uuid_bytes(self.key_uuid)
    }

    /// Reads the header of a blob; anything malformed is an invalid ciphertext.
    pub(crate) fn parse(blob: &[u8]) -> Result<Self> {
        if blob.len() < OVERHEAD || blob[0] != FORMAT_VERSION {
            return Err(Error::InvalidCiphertext);
        }
        let spec = spec_of_algorithm_byte(blob[1]).ok_or(Error::InvalidCiphertext)?;
        let key_uuid = blob[2..18].try_into().expect("16 bytes");
        let version = u32::from_be_bytes(blob[18..22].try_into().expect("4 bytes"));
        let nonce = blob[22..34].try_into().expect("12 bytes");
        Ok(Self {
            spec,
            key_uuid,
            version,
            nonce,
        })
    }
}

/// Calls `f` with the associated data for a blob: the header, then the
/// encoded context. Small contexts are encoded on the stack.
pub(crate) fn with_associated_data<R>(
    header: &[u8; HEADER_LEN],
    context: &EncryptionContext,
    f: impl FnOnce(&[u8]) -> R,
) -> R {
    const STACK: usize = 256;
    let len = HEADER_LEN + context.encoded_len();
    let fill = |buf: &mut [u8]| {
        buf[..HEADER_LEN].copy_from_slice(header);
        context.encode_to(&mut buf[HEADER_LEN..]);
    };
    if len <= STACK {
        let mut buf = [0u8; STACK];
        fill(&mut buf[..len]);
        f(&buf[..len])
    } else {
        let mut aad = vec![0u8; len];
        fill(&mut aad);
        f(&aad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::symmetric::SymmetricKey;
    use crate::test_util::hex;

    /// The golden blob was made independently (Python `cryptography`, see
    /// `tests/data/README.md`) from the layout above, with
    /// the all-0x42 AES-256 key, key id 1234abcd-12ab-34cd-56ef-1234567890ab,
    /// version 1 and context {"purpose": "golden", "tenant": "acme"}. Any
    /// change to the layout, the algorithm bytes or the context encoding
    /// breaks this test.
    #[test]
    fn golden_blob_still_decrypts() {
        let blob = include_bytes!("../tests/data/ciphertext-v1-aes256.bin");
        let header = Header::parse(blob).unwrap();
        assert_eq!(header.spec, KeySpec::SymmetricDefault);
        assert_eq!(
            header.key_id().as_str(),
            "1234abcd-12ab-34cd-56ef-1234567890ab"
        );
        assert_eq!(header.version, 1);
        let context = EncryptionContext::from([("tenant", "acme"), ("purpose", "golden")]);
        let key = SymmetricKey::new(KeySpec::SymmetricDefault, &[0x42; 32]).unwrap();
        let mut body = blob[HEADER_LEN..].to_vec();
        let header_bytes = blob[..HEADER_LEN].try_into().unwrap();
        let len = with_associated_data(header_bytes, &context, |aad| {
            key.open(&header.nonce, aad, &mut body)
        })
        .unwrap();
        assert_eq!(&body[..len], b"golden plaintext, format version 1");
    }

    #[test]
    fn context_encoding_is_canonical() {
        let context = EncryptionContext::from([("b", "2"), ("a", "1")]);
        let mut out = vec![0u8; context.encoded_len()];
        context.encode_to(&mut out);
        assert_eq!(out, hex("000000020000000161000000013100000001620000000132"));
        // Large contexts take the heap path: the same layout, written here
        // independently of `encode_to`.
        let big: EncryptionContext = (0..40)
            .map(|i| (format!("key{i:02}"), "v".repeat(20)))
            .collect();
        let header = [7u8; HEADER_LEN];
        let mut expected = header.to_vec();
        expected.extend_from_slice(&40u32.to_be_bytes());
        for i in 0..40 {
            expected.extend_from_slice(&5u32.to_be_bytes());
            expected.extend_from_slice(format!("key{i:02}").as_bytes());
            expected.extend_from_slice(&20u32.to_be_bytes());
            expected.extend_from_slice("v".repeat(20).as_bytes());
        }
        assert!(expected.len() > 256);
        with_associated_data(&header, &big, |aad| assert_eq!(aad, expected.as_slice()));
    }

    #[test]
    fn headers_round_trip_and_reject_garbage() {
        let header = Header {
            spec: KeySpec::Sm4,
            key_uuid: KeyId::random().uuid_bytes().unwrap(),
            version: 7,
            nonce: [9; 12],
        };
        let mut blob = header.to_bytes().to_vec();
        blob.extend_from_slice(&[0; TAG_LEN]);
        assert_eq!(Header::parse(&blob).unwrap(), header);
        let mut bad_version = blob.clone();
        bad_version[0] = 2;
        assert!(Header::parse(&bad_version).is_err());
        let mut bad_alg = blob.clone();
        bad_alg[1] = 9;
        assert!(Header::parse(&bad_alg).is_err());
        assert!(Header::parse(&blob[..OVERHEAD - 1]).is_err());
    }
}
