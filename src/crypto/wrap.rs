//! Wrapping of key material for import (`GetParametersForImport` /
//! `ImportKeyMaterial`), in the formats AWS KMS defines:
//!
//! - `RSAES_OAEP_SHA_1`, `RSAES_OAEP_SHA_256`: RSA-OAEP (MGF1 with the same
//!   hash, empty label) directly over the material;
//! - `RSA_AES_KEY_WRAP_SHA_1`, `RSA_AES_KEY_WRAP_SHA_256`: a fresh 256-bit
//!   AES key encrypted with RSA-OAEP, followed by the material wrapped under
//!   that AES key with AES key wrap with padding (RFC 5649); OpenSSL's
//!   `id-aes256-wrap-pad` cipher makes the second part;
//! - `SM2PKE`: SM2 public key encryption (DER C1C3C2) directly over the material.

use aes_kw::KwpAes256;
use aes_kw::cipher::KeyInit;
use der::Decode;
use spki::{DecodePublicKey, SubjectPublicKeyInfoRef};

use super::Material;
use super::public::{KeyType, PublicKey};
use super::rng;
use crate::error::MaterialProblem;
use crate::secret::SecretBytes;
use crate::spec::{EncryptionAlgorithm, KeySpec, WrappingAlgorithm, WrappingKeySpec, limits};
use crate::{Error, Result};

/// Length of the AES key that RSA_AES_KEY_WRAP_* carries.
const AES_KEY_LEN: usize = 32;

// The longest wrapping of the longest material import accepts: the AES key
// under RSA 4096 (512 bytes) and the material under AES-KWP (padded to 8
// bytes, plus 8); SM2's DER C1C3C2 adds under 128 bytes (two coordinates,
// the hash and four DER headers); RSA-OAEP alone gives at most 512.
const _: () = assert!(
    512 + limits::MAX_KEY_MATERIAL.div_ceil(8) * 8 + 8 <= limits::MAX_WRAPPED_KEY_MATERIAL
        && limits::MAX_KEY_MATERIAL + 128 <= limits::MAX_WRAPPED_KEY_MATERIAL
);

/// Encrypts key material for import under a wrapping public key (DER
/// SubjectPublicKeyInfo, as [`ImportParameters::public_key`] gives it) with
/// the given wrapping algorithm, the way a client does before
/// [`import_key_material`].
///
/// The result is what [`ImportKeyMaterialRequest`] takes as the encrypted
/// key material; it is also what AWS KMS's `ImportKeyMaterial` takes for
/// parameters it issued.
///
/// Errors: [`Error::InvalidArgument`] if the public key is not an RSA
/// 2048/3072/4096 or SM2 public key, if the algorithm does not go with it
/// (RSA algorithms with RSA keys, `SM2PKE` with SM2), or if the material is
/// too long for an RSA-OAEP or SM2 wrapping (RSA private keys need
/// `RSA_AES_KEY_WRAP_SHA_*`), empty, or longer than
/// [`limits::MAX_KEY_MATERIAL`]. Whatever it returns is within
/// [`limits::MAX_WRAPPED_KEY_MATERIAL`].
///
/// [`ImportParameters::public_key`]: crate::ImportParameters::public_key
/// [`import_key_material`]: crate::KeyManager::import_key_material
/// [`ImportKeyMaterialRequest`]: crate::ImportKeyMaterialRequest
pub fn wrap_key_material(
    wrapping_public_key: &[u8],
    algorithm: WrappingAlgorithm,
    key_material: &[u8],
) -> Result<Vec<u8>> {
    use WrappingAlgorithm as W;
    // Empty material cannot be wrapped with AES-KWP (RFC 5649 wraps 1 byte
    // or more) and is no key; material whose wrapping import would refuse
    // as too long is refused here too.
    let max = limits::MAX_KEY_MATERIAL;
    if key_material.is_empty() || key_material.len() > max {
        return Err(Error::invalid_argument(
            "key material",
            format!("{} bytes; must be 1 to {max} bytes", key_material.len()),
        ));
    }
    let bad_key = |what: String| Error::invalid_argument("wrapping public key", what);
    let spec = wrapping_key_spec(wrapping_public_key).map_err(bad_key)?;
    if !spec.wrapping_algorithms().contains(&algorithm) {
        return Err(Error::invalid_argument(
            "wrapping algorithm",
            format!("{algorithm} does not go with a {spec} wrapping key"),
        ));
    }
    let public = PublicKey::from_der(spec.key_spec(), wrapping_public_key)
        .map_err(|problem| bad_key(problem.to_string()))?;
    let encrypt = |plaintext: &[u8]| {
        public
            .encrypt(encryption_algorithm(algorithm), plaintext)
            .map_err(|_| {
                Error::invalid_argument(
                    "key material",
                    format!("too long for {algorithm} with this wrapping key"),
                )
            })
    };
    match algorithm {
        W::RsaesOaepSha1 | W::RsaesOaepSha256 | W::Sm2Pke => encrypt(key_material),
        W::RsaAesKeyWrapSha1 | W::RsaAesKeyWrapSha256 => {
            let aes_key = SecretBytes::new(rng::bytes(AES_KEY_LEN)?);
            let mut wrapped = encrypt(aes_key.expose_secret())?;
            let kwp = KwpAes256::new_from_slice(aes_key.expose_secret()).expect("a 32-byte key");
            let mut buf = vec![0u8; key_material.len().div_ceil(8) * 8 + 8];
            let sealed = kwp.wrap_key(key_material, &mut buf).map_err(|_| {
                Error::invalid_argument("key material", "cannot be wrapped with AES-KWP")
            })?;
            wrapped.extend_from_slice(sealed);
            Ok(wrapped)
        }
    }
}

/// The kind of a wrapping public key: SM2, or RSA of one of the three sizes.
pub(crate) fn wrapping_key_spec(der: &[u8]) -> std::result::Result<WrappingKeySpec, String> {
    let info = SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|_| "not a DER SubjectPublicKeyInfo".to_owned())?;
    match KeyType::of(&info.algorithm) {
        KeyType::Spec(KeySpec::Sm2) => Ok(WrappingKeySpec::Sm2),
        KeyType::Rsa => {
            let key = rsa::RsaPublicKey::from_public_key_der(der)
                .map_err(|_| "not a valid RSA public key".to_owned())?;
            match rsa::traits::PublicKeyParts::size(&key) {
                256 => Ok(WrappingKeySpec::Rsa2048),
                384 => Ok(WrappingKeySpec::Rsa3072),
                512 => Ok(WrappingKeySpec::Rsa4096),
                bytes => Err(format!(
                    "an RSA key of {} bits; wrapping keys are RSA 2048, 3072 or 4096",
                    bytes * 8
                )),
            }
        }
        _ => Err("not an RSA or SM2 public key".to_owned()),
    }
}

/// The public-key encryption a wrapping algorithm applies (to the material,
/// or to the AES key that wraps it).
fn encryption_algorithm(algorithm: WrappingAlgorithm) -> EncryptionAlgorithm {
    use WrappingAlgorithm as W;
    match algorithm {
        W::Sm2Pke => EncryptionAlgorithm::Sm2Pke,
        W::RsaesOaepSha1 | W::RsaAesKeyWrapSha1 => EncryptionAlgorithm::RsaesOaepSha1,
        W::RsaesOaepSha256 | W::RsaAesKeyWrapSha256 => EncryptionAlgorithm::RsaesOaepSha256,
    }
}

/// Decrypts wrapped key material with the private wrapping key of an import
/// token. Every failure is the same [`MaterialProblem::Unwrap`], so that an
/// importer learns nothing about which step failed.
pub(crate) fn unwrap(
    wrapping_key: &Material,
    algorithm: WrappingAlgorithm,
    wrapped: &[u8],
) -> std::result::Result<SecretBytes, MaterialProblem> {
    use WrappingAlgorithm as W;
    let decrypt = |ciphertext: &[u8]| {
        wrapping_key
            .decrypt(encryption_algorithm(algorithm), ciphertext)
            .map_err(|_| MaterialProblem::Unwrap)
    };
    match algorithm {
        W::RsaesOaepSha1 | W::RsaesOaepSha256 | W::Sm2Pke => decrypt(wrapped).map(SecretBytes::new),
        W::RsaAesKeyWrapSha1 | W::RsaAesKeyWrapSha256 => {
            let k = wrapping_key
                .spec()
                .rsa_modulus_bytes()
                .expect("RSA wrapping algorithms have RSA wrapping keys");
            if wrapped.len() < k + 16 {
                return Err(MaterialProblem::Unwrap);
            }
            let (encrypted_key, sealed) = wrapped.split_at(k);
            let aes_key = SecretBytes::new(decrypt(encrypted_key)?);
            let kwp = KwpAes256::new_from_slice(aes_key.expose_secret())
                .map_err(|_| MaterialProblem::Unwrap)?;
            let mut buf = zeroize::Zeroizing::new(vec![0u8; sealed.len()]);
            let len = kwp
                .unwrap_key(sealed, &mut buf)
                .map_err(|_| MaterialProblem::Unwrap)?
                .len();
            Ok(SecretBytes::from(&buf[..len]))
        }
    }
}
