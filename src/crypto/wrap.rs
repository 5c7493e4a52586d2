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
use rsa::Oaep;
use sha1::Sha1;
use sha2::Sha256;
use spki::{DecodePublicKey, SubjectPublicKeyInfoRef};

use super::Material;
use super::public::KeyType;
use super::rng;
use crate::error::MaterialProblem;
use crate::secret::SecretBytes;
use crate::spec::{EncryptionAlgorithm, KeySpec, WrappingAlgorithm};
use crate::{Error, Result};

/// Length of the AES key that RSA_AES_KEY_WRAP_* carries.
const AES_KEY_LEN: usize = 32;

/// Encrypts key material for import under a wrapping public key (DER
/// SubjectPublicKeyInfo, as [`ImportParameters::public_key`] gives it) with
/// the given wrapping algorithm, the way a client does before
/// [`import_key_material`].
///
/// The result is what [`ImportKeyMaterialRequest`] takes as the encrypted
/// key material; it is also what AWS KMS's `ImportKeyMaterial` takes for
/// parameters it issued.
///
/// Errors: [`Error::InvalidArgument`] if the public key is not an RSA or SM2
/// public key matching the algorithm, or the material is too long for an
/// RSA-OAEP or SM2 wrapping (RSA private keys need `RSA_AES_KEY_WRAP_SHA_*`).
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
    let bad_key = |what: &str| Error::invalid_argument("wrapping public key", what.to_owned());
    let info = SubjectPublicKeyInfoRef::from_der(wrapping_public_key)
        .map_err(|_| bad_key("not a DER SubjectPublicKeyInfo"))?;
    let key_type = KeyType::of(&info.algorithm);
    let too_long = || {
        Error::invalid_argument(
            "key material",
            format!("too long for {algorithm} with this wrapping key"),
        )
    };
    if algorithm == W::Sm2Pke {
        if !matches!(key_type, KeyType::Spec(KeySpec::Sm2)) {
            return Err(bad_key("SM2PKE needs an SM2 public key"));
        }
        let public = sm2::PublicKey::from_public_key_der(wrapping_public_key)
            .map_err(|_| bad_key("not a valid SM2 public key"))?;
        return sm2::pke::EncryptingKey::new_with_mode(public, sm2::pke::Mode::C1C3C2)
            .encrypt_der(&mut rng::rng(), key_material)
            .map_err(|_| too_long());
    }
    if !matches!(key_type, KeyType::Rsa) {
        return Err(bad_key("RSA wrapping algorithms need an RSA public key"));
    }
    let public = rsa::RsaPublicKey::from_public_key_der(wrapping_public_key)
        .map_err(|_| bad_key("not a valid RSA public key"))?;
    let oaep = |plaintext: &[u8]| match algorithm {
        W::RsaesOaepSha1 | W::RsaAesKeyWrapSha1 => {
            public.encrypt(&mut rng::rng(), Oaep::<Sha1>::new(), plaintext)
        }
        _ => public.encrypt(&mut rng::rng(), Oaep::<Sha256>::new(), plaintext),
    };
    match algorithm {
        W::RsaesOaepSha1 | W::RsaesOaepSha256 => oaep(key_material).map_err(|_| too_long()),
        _ => {
            let aes_key = SecretBytes::new(rng::bytes(AES_KEY_LEN)?);
            let mut wrapped = oaep(aes_key.expose_secret()).map_err(|_| too_long())?;
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

/// Decrypts wrapped key material with the private wrapping key of an import
/// token. Every failure is the same [`MaterialProblem::Unwrap`], so that an
/// importer learns nothing about which step failed.
pub(crate) fn unwrap(
    wrapping_key: &Material,
    algorithm: WrappingAlgorithm,
    wrapped: &[u8],
) -> std::result::Result<SecretBytes, MaterialProblem> {
    use WrappingAlgorithm as W;
    let fail = |_| MaterialProblem::Unwrap;
    let oaep = |alg, ciphertext: &[u8]| wrapping_key.decrypt(alg, ciphertext).map_err(fail);
    match algorithm {
        W::Sm2Pke => oaep(EncryptionAlgorithm::Sm2Pke, wrapped).map(SecretBytes::new),
        W::RsaesOaepSha1 => oaep(EncryptionAlgorithm::RsaesOaepSha1, wrapped).map(SecretBytes::new),
        W::RsaesOaepSha256 => {
            oaep(EncryptionAlgorithm::RsaesOaepSha256, wrapped).map(SecretBytes::new)
        }
        W::RsaAesKeyWrapSha1 | W::RsaAesKeyWrapSha256 => {
            let k = wrapping_key
                .public_key_der()
                .and_then(|der| rsa::RsaPublicKey::from_public_key_der(der).ok())
                .map(|key| rsa::traits::PublicKeyParts::size(&key))
                .ok_or(MaterialProblem::Unwrap)?;
            if wrapped.len() < k + 16 {
                return Err(MaterialProblem::Unwrap);
            }
            let (encrypted_key, sealed) = wrapped.split_at(k);
            let alg = if algorithm == W::RsaAesKeyWrapSha1 {
                EncryptionAlgorithm::RsaesOaepSha1
            } else {
                EncryptionAlgorithm::RsaesOaepSha256
            };
            let aes_key = SecretBytes::new(oaep(alg, encrypted_key)?);
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
