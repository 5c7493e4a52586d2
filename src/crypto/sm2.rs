//! SM2: SM2DSA signatures (distinguishing ID `1234567812345678`, DER) and SM2
//! public key encryption (DER C1C3C2, as OpenSSL and the clouds produce it).

use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use signature::Signer;
use signature::hazmat::{PrehashSigner, PrehashVerifier};
use sm2::dsa::{DerSignature, Signature, SigningKey, VerifyingKey};
use sm2::elliptic_curve::Generate;
use sm2::pke::{DecryptingKey, Mode};
use spki::EncodePublicKey;

use crate::secret::SecretBytes;
use crate::{Error, Result};

/// The distinguishing ID the clouds use for SM2 signatures (GM/T 0009 default).
pub const SM2_DEFAULT_DISTID: &str = "1234567812345678";

/// An SM2 private key in parsed form, ready to sign and decrypt.
pub(crate) struct Sm2Key {
    secret: sm2::SecretKey,
    signing: SigningKey,
    decrypting: DecryptingKey,
}

impl Sm2Key {
    pub(crate) fn generate() -> Result<Self> {
        Self::from_secret(sm2::SecretKey::generate_from_rng(&mut super::rng::rng()))
    }

    pub(crate) fn from_pkcs8(der: &[u8]) -> Result<Self> {
        let secret = sm2::SecretKey::from_pkcs8_der(der)
            .map_err(|_| Error::invalid_argument("key material", "not a PKCS#8 SM2 private key"))?;
        Self::from_secret(secret)
    }

    fn from_secret(secret: sm2::SecretKey) -> Result<Self> {
        let signing = SigningKey::new(SM2_DEFAULT_DISTID, &secret)
            .map_err(|_| Error::invalid_argument("key material", "invalid SM2 private key"))?;
        let decrypting = DecryptingKey::new_with_mode(secret.to_nonzero_scalar(), Mode::C1C3C2);
        Ok(Self {
            secret,
            signing,
            decrypting,
        })
    }

    pub(crate) fn to_pkcs8(&self) -> Result<SecretBytes> {
        let doc = self
            .secret
            .to_pkcs8_der()
            .map_err(|_| Error::invalid_argument("key material", "SM2 key cannot be encoded"))?;
        Ok(SecretBytes::from(doc.as_bytes()))
    }

    pub(crate) fn public_key_der(&self) -> Vec<u8> {
        self.secret
            .public_key()
            .to_public_key_der()
            .expect("an SM2 public key always encodes")
            .into_vec()
    }

    /// ECDH on the SM2 curve with the peer's public key.
    pub(crate) fn shared_secret(&self, peer_der: &[u8]) -> Result<SecretBytes> {
        let scalar = self.secret.to_nonzero_scalar();
        super::ecdh::shared_secret(crate::spec::KeySpec::Sm2, &scalar, peer_der)
    }

    /// Signs a message: SM3(Z_A ‖ M) with the default distinguishing ID.
    pub(crate) fn sign_message(&self, message: &[u8]) -> Result<Vec<u8>> {
        let sig: Signature = self
            .signing
            .try_sign(message)
            .map_err(|_| Error::invalid_argument("message", "cannot be signed"))?;
        Ok(DerSignature::from(sig).to_vec())
    }

    /// Signs a digest e = SM3(Z_A ‖ M) that the caller computed.
    pub(crate) fn sign_digest(&self, digest: &[u8]) -> Result<Vec<u8>> {
        let sig: Signature = self
            .signing
            .sign_prehash(digest)
            .map_err(|_| Error::invalid_argument("message", "digest cannot be signed"))?;
        Ok(DerSignature::from(sig).to_vec())
    }

    pub(crate) fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>> {
        self.decrypting
            .decrypt_der(ciphertext)
            .map_err(|_| Error::InvalidCiphertext)
    }
}

/// Verifies a DER SM2DSA signature over a message (`raw`) or a digest
/// e = SM3(Z_A ‖ M) the caller computed.
pub(crate) fn verify(key: &VerifyingKey, raw: bool, message: &[u8], signature: &[u8]) -> bool {
    let Some(sig) = DerSignature::try_from(signature)
        .ok()
        .and_then(|der| Signature::try_from(der).ok())
    else {
        return false;
    };
    if raw {
        signature::Verifier::verify(key, message, &sig).is_ok()
    } else {
        key.verify_prehash(message, &sig).is_ok()
    }
}
