//! ECDH key agreement (SP 800-56A, the cofactor is 1 on every curve here):
//! the x-coordinate of the private scalar times the peer's public point, on
//! NIST P-256, P-384, P-521 and SM2, as AWS KMS's `DeriveSharedSecret`
//! returns it.
//!
//! The peer's public key is a DER SubjectPublicKeyInfo on the key's own
//! named curve. Another curve, explicit curve parameters, a malformed
//! encoding, the point at infinity and a point off the curve are refused
//! before any arithmetic.

use der::Decode;
use elliptic_curve::{CurveArithmetic, NonZeroScalar, PublicKey};
use spki::{DecodePublicKey, SubjectPublicKeyInfoRef};

use super::public::KeyType;
use crate::secret::SecretBytes;
use crate::spec::KeySpec;
use crate::{Error, Result};

fn refused(reason: impl Into<String>) -> Error {
    Error::invalid_argument("public key", reason)
}

/// Checks that `der` is a SubjectPublicKeyInfo naming `spec`'s curve.
fn check_curve(spec: KeySpec, der: &[u8]) -> Result<()> {
    let info = SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|e| refused(format!("not a DER SubjectPublicKeyInfo: {e}")))?;
    match KeyType::of(&info.algorithm) {
        KeyType::Spec(found) if found == spec => Ok(()),
        KeyType::Spec(found) => Err(refused(format!(
            "the peer's key is a {found} key; ECDH with a {spec} key takes a {spec} public key"
        ))),
        KeyType::Rsa => Err(refused(format!(
            "the peer's key is an RSA key; ECDH with a {spec} key takes a {spec} public key"
        ))),
        KeyType::Other(what) => Err(refused(format!(
            "the peer's key is {what}; ECDH with a {spec} key takes a {spec} public key"
        ))),
    }
}

/// The shared secret of `secret` (a private key of `spec`) and the peer's
/// public key `peer_der`: the x-coordinate, big-endian, the size of the
/// curve's field.
pub(crate) fn shared_secret<C>(
    spec: KeySpec,
    secret: &NonZeroScalar<C>,
    peer_der: &[u8],
) -> Result<SecretBytes>
where
    C: CurveArithmetic,
    PublicKey<C>: DecodePublicKey,
{
    check_curve(spec, peer_der)?;
    let peer = PublicKey::<C>::from_public_key_der(peer_der)
        .map_err(|_| refused(format!("not a valid point on the {spec} curve")))?;
    let shared = elliptic_curve::ecdh::diffie_hellman(secret, peer.as_affine());
    Ok(SecretBytes::from(shared.raw_secret_bytes().as_slice()))
}
