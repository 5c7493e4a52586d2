//! The on-disk format, as pure functions: the store header, the keys derived
//! from the root key, sealed log records and the HEAD slots.

use std::path::Path;
use std::time::SystemTime;

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::hmac;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::crypto::rng;
use crate::engine::{AliasRecord, KeyMeta};
use crate::key::KeyId;
use crate::spec::limits;
use crate::spec::{WrappingAlgorithm, WrappingKeySpec};
use crate::{Error, Result};

/// The header file's `format` value.
pub(crate) const FORMAT: &str = "polykms-file-store";
/// The format version this code writes and reads. Version 2 added key
/// material versions' rotation records, import parameters and imported
/// material's expiry to each key.
pub(crate) const VERSION: u32 = 2;
/// The first bytes of the log file.
pub(crate) const LOG_MAGIC: [u8; 8] = *b"PKMSLOG1";
/// Length of the log file's header: magic, store id, first sequence number, MAC.
pub(crate) const LOG_HEADER_LEN: usize = 8 + 16 + 8 + 16;
/// Length of one HEAD slot; the HEAD file holds two.
pub(crate) const HEAD_SLOT_LEN: usize = 64;
/// Largest record body accepted when reading (a record holds at most one
/// batch of changes; keys are a few KiB at most).
pub(crate) const MAX_RECORD_LEN: usize = 64 * 1024 * 1024;

/// How the root key is derived, as recorded in the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub(crate) enum KdfRecord {
    /// The root key is given directly (key file or environment variable).
    Key,
    /// The root key is Argon2id(passphrase, salt).
    Passphrase {
        kdf: String,
        m_cost_kib: u32,
        t_cost: u32,
        p_cost: u32,
        salt: String,
    },
}

/// The store header (`store.json`), readable by a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Header {
    pub(crate) format: String,
    pub(crate) version: u32,
    pub(crate) store_id: String,
    pub(crate) root_key: KdfRecord,
    /// HMAC-SHA-256(root key, "polykms root key check v1" ‖ store id), hex.
    pub(crate) check: String,
}

impl Header {
    pub(crate) fn parse(path: &Path, text: &[u8]) -> Result<Self> {
        #[derive(Deserialize)]
        struct Probe {
            format: Option<String>,
            version: Option<u32>,
        }
        let probe: Probe = serde_json::from_slice(text)
            .map_err(|e| Error::corrupt(path, format!("not a store header: {e}")))?;
        if probe.format.as_deref() != Some(FORMAT) || probe.version != Some(VERSION) {
            return Err(crate::StoreError::UnknownFormat {
                path: path.to_owned(),
                found: format!(
                    "{} version {}",
                    probe.format.as_deref().unwrap_or("(none)"),
                    probe.version.map_or("(none)".into(), |v| v.to_string())
                ),
            }
            .into());
        }
        serde_json::from_slice(text)
            .map_err(|e| Error::corrupt(path, format!("malformed store header: {e}")))
    }

    pub(crate) fn store_id(&self, path: &Path) -> Result<[u8; 16]> {
        from_hex(&self.store_id)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| Error::corrupt(path, "malformed store id"))
    }
}

pub(crate) fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// Argon2id, for passphrases. The costs are checked against
/// [`limits::MAX_ARGON2_M_COST_KIB`] and its companions first: they may come
/// from a store header that someone else wrote.
pub(crate) fn argon2id(
    passphrase: &[u8],
    salt: &[u8],
    m_cost_kib: u32,
    t_cost: u32,
    p_cost: u32,
) -> Result<Zeroizing<[u8; 32]>> {
    for (name, value, max) in [
        ("memory (KiB)", m_cost_kib, limits::MAX_ARGON2_M_COST_KIB),
        ("passes", t_cost, limits::MAX_ARGON2_T_COST),
        ("lanes", p_cost, limits::MAX_ARGON2_P_COST),
    ] {
        if value > max {
            return Err(Error::invalid_argument(
                "argon2 parameters",
                format!("{name} {value}; at most {max}"),
            ));
        }
    }
    let params = argon2::Params::new(m_cost_kib, t_cost, p_cost, Some(32))
        .map_err(|e| Error::invalid_argument("argon2 parameters", e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase, salt, out.as_mut())
        .map_err(|e| Error::invalid_argument("passphrase", e.to_string()))?;
    Ok(out)
}

fn derive(root: &[u8; 32], label: &str, store_id: &[u8; 16]) -> Zeroizing<[u8; 32]> {
    let key = hmac::Key::new(hmac::HMAC_SHA256, root);
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(label.as_bytes());
    ctx.update(store_id);
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(ctx.sign().as_ref());
    out
}

/// The keys a store uses, all derived from the root key and the store id.
pub(crate) struct StoreKeys {
    pub(crate) store_id: [u8; 16],
    check: Zeroizing<[u8; 32]>,
    records: LessSafeKey,
    mac: hmac::Key,
}

impl std::fmt::Debug for StoreKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreKeys")
            .field("store_id", &to_hex(&self.store_id))
            .finish_non_exhaustive()
    }
}

impl StoreKeys {
    pub(crate) fn derive(root: &[u8; 32], store_id: [u8; 16]) -> Self {
        let record_key = derive(root, "polykms record encryption key v1", &store_id);
        let mac_key = derive(root, "polykms head mac key v1", &store_id);
        Self {
            store_id,
            check: derive(root, "polykms root key check v1", &store_id),
            records: LessSafeKey::new(
                UnboundKey::new(&AES_256_GCM, record_key.as_ref()).expect("32-byte key"),
            ),
            mac: hmac::Key::new(hmac::HMAC_SHA256, mac_key.as_ref()),
        }
    }

    pub(crate) fn check_value(&self) -> String {
        to_hex(self.check.as_ref())
    }

    /// Whether the header's check value matches (constant-time).
    pub(crate) fn matches(&self, header: &Header) -> bool {
        from_hex(&header.check).is_some_and(|c| bool::from(c.as_slice().ct_eq(self.check.as_ref())))
    }

    fn mac16(&self, parts: &[&[u8]]) -> [u8; 16] {
        let mut ctx = hmac::Context::with_key(&self.mac);
        for part in parts {
            ctx.update(part);
        }
        ctx.sign().as_ref()[..16].try_into().expect("16 bytes")
    }

    /// The log header for a log whose first record has sequence `first_seq`,
    /// and its MAC, which starts the hash chain.
    pub(crate) fn log_header(&self, first_seq: u64) -> ([u8; LOG_HEADER_LEN], [u8; 16]) {
        let mut out = [0u8; LOG_HEADER_LEN];
        out[..8].copy_from_slice(&LOG_MAGIC);
        out[8..24].copy_from_slice(&self.store_id);
        out[24..32].copy_from_slice(&first_seq.to_be_bytes());
        let mac = self.mac16(&[b"log header", &out[..32]]);
        out[32..].copy_from_slice(&mac);
        (out, mac)
    }

    /// Reads a log header: the first sequence number and the chain's start.
    pub(crate) fn parse_log_header(&self, path: &Path, bytes: &[u8]) -> Result<(u64, [u8; 16])> {
        if bytes.len() < LOG_HEADER_LEN || bytes[..8] != LOG_MAGIC {
            return Err(Error::corrupt(path, "missing or malformed log header"));
        }
        let expected = self.mac16(&[b"log header", &bytes[..32]]);
        if !bool::from(expected.ct_eq(&bytes[32..LOG_HEADER_LEN])) || bytes[8..24] != self.store_id
        {
            return Err(Error::corrupt(
                path,
                "the log header does not belong to this store",
            ));
        }
        let first_seq = u64::from_be_bytes(bytes[24..32].try_into().expect("8 bytes"));
        Ok((first_seq, expected))
    }

    /// Seals one record: `len (u32) ‖ seq (u64) ‖ nonce ‖ ciphertext ‖ tag`,
    /// with the store id, the sequence number and the previous record's tag
    /// as associated data. Returns the record and its tag (the chain's next link).
    pub(crate) fn seal_record(
        &self,
        seq: u64,
        prev_tag: &[u8; 16],
        plaintext: &[u8],
    ) -> Result<(Vec<u8>, [u8; 16])> {
        let mut nonce = [0u8; 12];
        rng::fill(&mut nonce)?;
        let aad = record_aad(&self.store_id, seq, prev_tag);
        let body_len = 8 + 12 + plaintext.len() + 16;
        let mut out = Vec::with_capacity(4 + body_len);
        out.extend_from_slice(&(body_len as u32).to_be_bytes());
        out.extend_from_slice(&seq.to_be_bytes());
        out.extend_from_slice(&nonce);
        let start = out.len();
        out.extend_from_slice(plaintext);
        let tag = self
            .records
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(&aad),
                &mut out[start..],
            )
            .map_err(|_| Error::invalid_argument("record", "too large"))?;
        let tag: [u8; 16] = tag.as_ref().try_into().expect("16 bytes");
        out.extend_from_slice(&tag);
        Ok((out, tag))
    }

    /// Opens one record body (without the length prefix).
    pub(crate) fn open_record(
        &self,
        expected_seq: u64,
        prev_tag: &[u8; 16],
        body: &[u8],
    ) -> std::result::Result<(Zeroizing<Vec<u8>>, [u8; 16]), String> {
        if body.len() < 8 + 12 + 16 {
            return Err("record too short".into());
        }
        let seq = u64::from_be_bytes(body[..8].try_into().expect("8 bytes"));
        if seq != expected_seq {
            return Err(format!(
                "record {seq} found where record {expected_seq} belongs"
            ));
        }
        let nonce: [u8; 12] = body[8..20].try_into().expect("12 bytes");
        let tag: [u8; 16] = body[body.len() - 16..].try_into().expect("16 bytes");
        let aad = record_aad(&self.store_id, seq, prev_tag);
        let mut buf = Zeroizing::new(body[20..].to_vec());
        let len = self
            .records
            .open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(&aad),
                &mut buf,
            )
            .map_err(|_| format!("record {seq} fails authentication"))?
            .len();
        buf.truncate(len);
        Ok((buf, tag))
    }

    /// One HEAD slot: the last committed sequence number and its tag.
    pub(crate) fn head_slot(&self, seq: u64, tag: &[u8; 16]) -> [u8; HEAD_SLOT_LEN] {
        let mut out = [0u8; HEAD_SLOT_LEN];
        out[..8].copy_from_slice(&seq.to_be_bytes());
        out[8..24].copy_from_slice(tag);
        let mac = self.mac16(&[b"head", &self.store_id, &out[..24]]);
        out[24..40].copy_from_slice(&mac);
        out
    }

    /// Reads the HEAD file: the valid slot with the highest sequence number.
    pub(crate) fn parse_head(&self, bytes: &[u8]) -> Option<(u64, [u8; 16])> {
        bytes
            .chunks_exact(HEAD_SLOT_LEN)
            .take(2)
            .filter_map(|slot| {
                let mac = self.mac16(&[b"head", &self.store_id, &slot[..24]]);
                bool::from(mac.ct_eq(&slot[24..40])).then(|| {
                    let seq = u64::from_be_bytes(slot[..8].try_into().expect("8 bytes"));
                    (seq, slot[8..24].try_into().expect("16 bytes"))
                })
            })
            .max_by_key(|(seq, _)| *seq)
    }
}

fn record_aad(store_id: &[u8; 16], seq: u64, prev_tag: &[u8; 16]) -> [u8; 48] {
    let mut aad = [0u8; 48];
    aad[..16].copy_from_slice(store_id);
    aad[16..24].copy_from_slice(&seq.to_be_bytes());
    aad[24..40].copy_from_slice(prev_tag);
    aad[40..].copy_from_slice(b"pkmsrec1");
    aad
}

/// A key as stored: its metadata, the encoded material of each version
/// and its outstanding import parameters.
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredKey {
    pub(crate) meta: KeyMeta,
    pub(crate) versions: Vec<Zeroizing<Vec<u8>>>,
    pub(crate) import: Option<StoredImport>,
}

/// Import parameters as stored: the wrapping private key as PKCS#8.
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredImport {
    pub(crate) token_id: [u8; 16],
    pub(crate) algorithm: WrappingAlgorithm,
    pub(crate) wrapping_key_spec: WrappingKeySpec,
    pub(crate) valid_to: SystemTime,
    pub(crate) wrapping_key: Zeroizing<Vec<u8>>,
}

/// One change as stored in a record.
#[derive(Serialize, Deserialize)]
pub(crate) enum StoredChange {
    PutKey(Box<StoredKey>),
    RemoveKey(KeyId),
    PutAlias(AliasRecord),
    RemoveAlias(String),
}

pub(crate) fn encode_changes(changes: &[StoredChange]) -> Result<Zeroizing<Vec<u8>>> {
    postcard::to_stdvec(changes)
        .map(Zeroizing::new)
        .map_err(|e| Error::invalid_argument("record", e.to_string()))
}

pub(crate) fn decode_changes(bytes: &[u8]) -> std::result::Result<Vec<StoredChange>, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("undecodable record: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> StoreKeys {
        StoreKeys::derive(&[9; 32], [3; 16])
    }

    #[test]
    fn records_chain_and_detect_tampering() {
        let k = keys();
        let start = [0u8; 16];
        let (rec1, tag1) = k.seal_record(1, &start, b"first").unwrap();
        let (rec2, _) = k.seal_record(2, &tag1, b"second").unwrap();
        assert_eq!(
            &k.open_record(1, &start, &rec1[4..]).unwrap().0[..],
            b"first"
        );
        assert_eq!(
            &k.open_record(2, &tag1, &rec2[4..]).unwrap().0[..],
            b"second"
        );
        // Out of order, wrong chain, flipped bytes, another store's key.
        assert!(k.open_record(1, &start, &rec2[4..]).is_err());
        assert!(k.open_record(2, &start, &rec2[4..]).is_err());
        for i in 4..rec1.len() {
            let mut bad = rec1.clone();
            bad[i] ^= 1;
            assert!(k.open_record(1, &start, &bad[4..]).is_err(), "byte {i}");
        }
        let other = StoreKeys::derive(&[9; 32], [4; 16]);
        assert!(other.open_record(1, &start, &rec1[4..]).is_err());
    }

    #[test]
    fn head_slots_take_the_newest_valid() {
        let k = keys();
        let mut head = [0u8; 2 * HEAD_SLOT_LEN];
        head[..HEAD_SLOT_LEN].copy_from_slice(&k.head_slot(4, &[4; 16]));
        head[HEAD_SLOT_LEN..].copy_from_slice(&k.head_slot(5, &[5; 16]));
        assert_eq!(k.parse_head(&head), Some((5, [5; 16])));
        head[HEAD_SLOT_LEN] ^= 1;
        assert_eq!(k.parse_head(&head), Some((4, [4; 16])));
        head[0] ^= 1;
        assert_eq!(k.parse_head(&head), None);
    }

    #[test]
    fn log_headers_belong_to_their_store() {
        let k = keys();
        let (header, _) = k.log_header(7);
        let path = Path::new("keys.log");
        assert_eq!(k.parse_log_header(path, &header).unwrap().0, 7);
        let other = StoreKeys::derive(&[8; 32], [3; 16]);
        assert!(other.parse_log_header(path, &header).is_err());
        assert!(
            k.parse_log_header(path, &header[..LOG_HEADER_LEN - 1])
                .is_err()
        );
    }
}
