//! AEAD over symmetric key material: AES-GCM (ring for 128/256, RustCrypto
//! for 192) and SM4-GCM (RustCrypto). 96-bit nonces, 128-bit tags.

use aes_gcm::aead::AeadInOut;
use aes_gcm::aead::array::typenum::U12;
use aes_gcm::{AesGcm, KeyInit};
use ring::aead::{AES_128_GCM, AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};

use crate::spec::KeySpec;
use crate::{Error, Result};

/// Length of a nonce in bytes.
pub(crate) const NONCE_LEN: usize = 12;
/// Length of an authentication tag in bytes.
pub(crate) const TAG_LEN: usize = 16;

type Aes192Gcm = AesGcm<aes_gcm::aes::Aes192, U12>;
type Sm4Gcm = AesGcm<sm4::Sm4, U12>;

/// A symmetric key ready to seal and open.
#[allow(
    clippy::large_enum_variant,
    reason = "one value per key version, behind an Arc; boxing the AES key would add a pointer chase to every operation"
)]
pub(crate) enum SymmetricKey {
    Ring(LessSafeKey),
    Aes192(Box<Aes192Gcm>),
    Sm4(Box<Sm4Gcm>),
}

impl SymmetricKey {
    /// Loads raw key bytes of a symmetric spec; the length must match.
    pub(crate) fn new(spec: KeySpec, key: &[u8]) -> Result<Self> {
        if spec.secret_len() != Some(key.len()) || !spec.is_symmetric_encryption() {
            return Err(bad_material(spec));
        }
        let ring_key = |alg| {
            UnboundKey::new(alg, key)
                .map(LessSafeKey::new)
                .map_err(|_| bad_material(spec))
        };
        Ok(match spec {
            KeySpec::SymmetricDefault => Self::Ring(ring_key(&AES_256_GCM)?),
            KeySpec::Aes128 => Self::Ring(ring_key(&AES_128_GCM)?),
            KeySpec::Aes192 => Self::Aes192(Box::new(
                Aes192Gcm::new_from_slice(key).map_err(|_| bad_material(spec))?,
            )),
            _ => Self::Sm4(Box::new(
                Sm4Gcm::new_from_slice(key).map_err(|_| bad_material(spec))?,
            )),
        })
    }

    /// Encrypts `in_out` in place; returns the tag.
    pub(crate) fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; TAG_LEN]> {
        match self {
            Self::Ring(key) => {
                let nonce = Nonce::assume_unique_for_key(*nonce);
                let tag = key
                    .seal_in_place_separate_tag(nonce, Aad::from(aad), in_out)
                    .map_err(|_| Error::invalid_argument("plaintext", "too long for AES-GCM"))?;
                Ok(tag.as_ref().try_into().expect("GCM tags are 16 bytes"))
            }
            Self::Aes192(key) => seal_rustcrypto(key.as_ref(), nonce, aad, in_out),
            Self::Sm4(key) => seal_rustcrypto(key.as_ref(), nonce, aad, in_out),
        }
    }

    /// Decrypts `in_out` (ciphertext followed by the tag) in place; returns
    /// the plaintext's length (the plaintext is `in_out[..len]`).
    pub(crate) fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<usize> {
        if in_out.len() < TAG_LEN {
            return Err(Error::InvalidCiphertext);
        }
        match self {
            Self::Ring(key) => {
                let nonce = Nonce::assume_unique_for_key(*nonce);
                key.open_in_place(nonce, Aad::from(aad), in_out)
                    .map(|plain| plain.len())
                    .map_err(|_| Error::InvalidCiphertext)
            }
            Self::Aes192(key) => open_rustcrypto(key.as_ref(), nonce, aad, in_out),
            Self::Sm4(key) => open_rustcrypto(key.as_ref(), nonce, aad, in_out),
        }
    }
}

fn seal_rustcrypto<C: AeadInOut<NonceSize = U12>>(
    cipher: &C,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    in_out: &mut [u8],
) -> Result<[u8; TAG_LEN]> {
    let tag = cipher
        .encrypt_inout_detached(nonce.into(), aad, in_out.into())
        .map_err(|_| Error::invalid_argument("plaintext", "too long for GCM"))?;
    Ok(tag.as_slice().try_into().expect("GCM tags are 16 bytes"))
}

fn open_rustcrypto<C: AeadInOut<NonceSize = U12>>(
    cipher: &C,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    in_out: &mut [u8],
) -> Result<usize> {
    let split = in_out.len() - TAG_LEN;
    let (body, tag) = in_out.split_at_mut(split);
    let tag = aes_gcm::aead::Tag::<C>::try_from(&*tag).map_err(|_| Error::InvalidCiphertext)?;
    cipher
        .decrypt_inout_detached(nonce.into(), aad, body.into(), &tag)
        .map_err(|_| Error::InvalidCiphertext)?;
    Ok(split)
}

fn bad_material(spec: KeySpec) -> Error {
    Error::invalid_argument("key material", format!("not valid {spec} key material"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;

    /// Wycheproof AES-GCM (128, 192 and 256-bit keys) and SM4-GCM vectors
    /// against the raw AEAD layer: valid vectors seal to the vector's
    /// ciphertext and tag and open again; invalid ones do not open. Vectors
    /// with nonces other than 96 bits, or tags other than 128 bits, are
    /// outside what this layer takes (the provider always makes 96-bit
    /// nonces) and are counted as skipped.
    #[test]
    fn wycheproof_aead_vectors() {
        for (file, specs) in [
            (
                "aes_gcm_test.json",
                &[
                    (128, KeySpec::Aes128),
                    (192, KeySpec::Aes192),
                    (256, KeySpec::SymmetricDefault),
                ][..],
            ),
            ("sm4_gcm_test.json", &[(128, KeySpec::Sm4)][..]),
        ] {
            let path = format!(
                "{}/tests/data/wycheproof/{file}",
                env!("CARGO_MANIFEST_DIR")
            );
            let doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let (mut valid, mut invalid, mut skipped) = (0, 0, 0);
            let mut per_size = std::collections::BTreeMap::<u64, (usize, usize)>::new();
            for group in doc["testGroups"].as_array().unwrap() {
                let tests = group["tests"].as_array().unwrap();
                let spec = specs
                    .iter()
                    .find(|(bits, _)| group["keySize"].as_u64() == Some(*bits))
                    .map(|(_, spec)| *spec);
                let (Some(spec), Some(96), Some(128)) =
                    (spec, group["ivSize"].as_u64(), group["tagSize"].as_u64())
                else {
                    skipped += tests.len();
                    continue;
                };
                for test in tests {
                    let field = |name: &str| hex(test[name].as_str().unwrap());
                    let key = SymmetricKey::new(spec, &field("key")).unwrap();
                    let nonce: [u8; 12] = field("iv").try_into().unwrap();
                    let (aad, msg, ct, tag) =
                        (field("aad"), field("msg"), field("ct"), field("tag"));
                    let mut sealed = ct.clone();
                    sealed.extend_from_slice(&tag);
                    let opened = key.open(&nonce, &aad, &mut sealed.clone()).is_ok();
                    let id = &test["tcId"];
                    if test["result"] == "valid" {
                        assert!(opened, "{file} tcId {id}");
                        let mut buf = msg.clone();
                        let made = key.seal(&nonce, &aad, &mut buf).unwrap();
                        assert_eq!((buf, made.to_vec()), (ct, tag), "{file} tcId {id}");
                        let mut buf = sealed;
                        let len = key.open(&nonce, &aad, &mut buf).unwrap();
                        assert_eq!(&buf[..len], msg, "{file} tcId {id}");
                        valid += 1;
                        per_size
                            .entry(group["keySize"].as_u64().unwrap())
                            .or_default()
                            .0 += 1;
                    } else {
                        assert!(!opened, "{file} tcId {id} is invalid but opened");
                        invalid += 1;
                        per_size
                            .entry(group["keySize"].as_u64().unwrap())
                            .or_default()
                            .1 += 1;
                    }
                }
            }
            println!(
                "{file}: {valid} valid passed, {invalid} invalid refused, {skipped} skipped (nonce or tag size); by key bits (valid, invalid): {per_size:?}"
            );
            assert!(valid > 0 && invalid > 0);
            assert_eq!(
                valid + invalid + skipped,
                doc["numberOfTests"].as_u64().unwrap() as usize
            );
        }
    }

    /// RFC 8998, appendix A.1: SM4-GCM.
    #[test]
    fn sm4_gcm_matches_rfc_8998() {
        let key =
            SymmetricKey::new(KeySpec::Sm4, &hex("0123456789ABCDEFFEDCBA9876543210")).unwrap();
        let nonce: [u8; 12] = hex("00001234567800000000ABCD").try_into().unwrap();
        let aad = hex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        let pt = hex(
            "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA",
        );
        let mut buf = pt.clone();
        let tag = key.seal(&nonce, &aad, &mut buf).unwrap();
        buf.extend_from_slice(&tag);
        let expected = hex(concat!(
            "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D",
            "83DE3541E4C2B58177E065A9BF7B62EC"
        ));
        assert_eq!(buf, expected);
        let len = key.open(&nonce, &aad, &mut buf).unwrap();
        assert_eq!(buf[..len], pt);
    }

    #[test]
    fn every_symmetric_spec_round_trips_and_detects_tampering() {
        for spec in [
            KeySpec::SymmetricDefault,
            KeySpec::Aes128,
            KeySpec::Aes192,
            KeySpec::Sm4,
        ] {
            let key = SymmetricKey::new(spec, &vec![7u8; spec.secret_len().unwrap()]).unwrap();
            let nonce = [1u8; 12];
            let mut buf = b"hello".to_vec();
            let tag = key.seal(&nonce, b"aad", &mut buf).unwrap();
            buf.extend_from_slice(&tag);
            let mut copy = buf.clone();
            let len = key.open(&nonce, b"aad", &mut copy).unwrap();
            assert_eq!(&copy[..len], b"hello");
            let mut wrong_aad = buf.clone();
            assert!(key.open(&nonce, b"aae", &mut wrong_aad).is_err(), "{spec}");
            buf[0] ^= 1;
            assert!(key.open(&nonce, b"aad", &mut buf).is_err(), "{spec}");
        }
    }

    #[test]
    fn wrong_key_lengths_are_refused() {
        assert!(SymmetricKey::new(KeySpec::SymmetricDefault, &[0; 16]).is_err());
        assert!(SymmetricKey::new(KeySpec::Sm4, &[0; 32]).is_err());
        assert!(SymmetricKey::new(KeySpec::Rsa2048, &[0; 32]).is_err());
    }
}
