//! The digests `AsymmetricSign` and `AsymmetricVerify` take: Alibaba
//! signs digests only, so a RAW message is hashed here, with the hash of
//! the algorithm (SHA-256, SHA-384 or SHA-512), or for SM2DSA as
//! e = SM3(Z_A ‖ M), Z_A computed from the key's public key and the
//! default distinguishing ID `1234567812345678` (GB/T 32918.2, 5.5).

use sha2::{Digest as _, Sha256, Sha384, Sha512};
use sm3::Sm3;

use crate::crypto::sm2::SM2_DEFAULT_DISTID;
use crate::error::{Error, Result};
use crate::{MessageType, SigningAlgorithm};

/// The SM2 curve's a, b and base point (GB/T 32918.5), big-endian.
const SM2_A: [u8; 32] = hex32("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC");
const SM2_B: [u8; 32] = hex32("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");
const SM2_GX: [u8; 32] = hex32("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7");
const SM2_GY: [u8; 32] = hex32("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0");

const fn hex32(text: &str) -> [u8; 32] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("not upper-case hex"),
        }
    }
    let bytes = text.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(bytes[2 * i]) << 4) | nibble(bytes[2 * i + 1]);
        i += 1;
    }
    out
}

/// How a signing request becomes Alibaba's `Digest`.
#[derive(Debug)]
pub(super) enum Input<'a> {
    /// The caller's digest, as it is.
    Digest(&'a [u8]),
    /// A message to hash with the algorithm's hash.
    Hash(&'a [u8]),
    /// A message to hash as SM3(Z_A ‖ M): needs the public key.
    Sm2(&'a [u8]),
}

/// What a request of `kind` with `message` for `algorithm` sends, after
/// the checks every provider makes (the message's length; a digest's
/// length for the algorithm). Algorithms that sign the message itself
/// (Ed25519, ML-DSA) and message types other than RAW and DIGEST have no
/// digest to send: an error of kind
/// [`UnsupportedOperation`](crate::ErrorKind::UnsupportedOperation)
/// naming them.
pub(super) fn input<'a>(
    operation: &str,
    algorithm: SigningAlgorithm,
    kind: MessageType,
    message: &'a [u8],
) -> Result<Input<'a>> {
    let digest_only = matches!(
        algorithm,
        SigningAlgorithm::Ed25519Sha512 | SigningAlgorithm::MlDsaShake256
    );
    if digest_only || !matches!(kind, MessageType::Raw | MessageType::Digest) {
        return Err(super::unsupported_with(
            operation,
            &format!("{algorithm} with message type {kind}"),
            "Alibaba Cloud KMS signs and verifies digests only",
        ));
    }
    match kind {
        MessageType::Raw => {
            crate::engine::validate::length(
                "message",
                message.len(),
                crate::spec::limits::MAX_SIGN_MESSAGE,
            )?;
            Ok(if algorithm == SigningAlgorithm::Sm2Dsa {
                Input::Sm2(message)
            } else {
                Input::Hash(message)
            })
        }
        _ if message.len() != algorithm.digest_len() => Err(Error::invalid_argument(
            "message",
            format!(
                "a {algorithm} digest is {} bytes, not {}",
                algorithm.digest_len(),
                message.len()
            ),
        )),
        _ => Ok(Input::Digest(message)),
    }
}

/// The hash of `message` for `algorithm` (by its digest length).
pub(super) fn hash(algorithm: SigningAlgorithm, message: &[u8]) -> Vec<u8> {
    match algorithm.digest_len() {
        48 => Sha384::digest(message).to_vec(),
        64 => Sha512::digest(message).to_vec(),
        _ => Sha256::digest(message).to_vec(),
    }
}

/// e = SM3(Z_A ‖ M) for the SM2 public key `spki` (DER
/// SubjectPublicKeyInfo, uncompressed point).
pub(super) fn sm2_digest(spki: &[u8], message: &[u8]) -> Result<Vec<u8>> {
    use spki::der::Decode as _;
    let info = spki::SubjectPublicKeyInfoRef::from_der(spki).map_err(|_| not_sm2())?;
    let point = info.subject_public_key.raw_bytes();
    let (x, y) = match point {
        [0x04, rest @ ..] if rest.len() == 64 => rest.split_at(32),
        _ => return Err(not_sm2()),
    };
    let id = SM2_DEFAULT_DISTID.as_bytes();
    let entl = u16::try_from(id.len() * 8).unwrap_or(u16::MAX);
    let mut z = Sm3::new();
    z.update(entl.to_be_bytes());
    z.update(id);
    for part in [&SM2_A[..], &SM2_B, &SM2_GX, &SM2_GY, x, y] {
        z.update(part);
    }
    let z = z.finalize();
    let mut e = Sm3::new();
    e.update(z);
    e.update(message);
    Ok(e.finalize().to_vec())
}

fn not_sm2() -> Error {
    crate::RemoteError::new(
        crate::ErrorKind::Transport,
        "Alibaba Cloud KMS answered GetPublicKey with a key that is not an uncompressed SM2 point",
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        CreateKeyRequest, InMemory, KeyManager, KeySpec, KeyUsage, SignRequest, VerifyRequest,
    };

    /// A signature the local provider makes over the message verifies
    /// over the digest computed here: Z_A and e are SM2's.
    #[test]
    fn sm2_digests_match_the_local_signer() {
        let kms = InMemory::new();
        let key = kms
            .create_key(CreateKeyRequest::new(KeySpec::Sm2).usage(KeyUsage::SignVerify))
            .unwrap();
        let id = key.key_id.as_str();
        let public = kms.get_public_key(id).unwrap().public_key;
        let message = b"the message to sign";
        let signed = kms
            .sign(SignRequest::new(id, message, SigningAlgorithm::Sm2Dsa))
            .unwrap();
        let digest = sm2_digest(&public, message).unwrap();
        let verify = VerifyRequest::new(id, &digest, SigningAlgorithm::Sm2Dsa, &signed.signature)
            .message_type(MessageType::Digest);
        kms.verify(verify).unwrap();
        let other = sm2_digest(&public, b"another message").unwrap();
        let verify = VerifyRequest::new(id, &other, SigningAlgorithm::Sm2Dsa, &signed.signature)
            .message_type(MessageType::Digest);
        assert!(kms.verify(verify).is_err());
        assert!(sm2_digest(b"\x30\x00", message).is_err());
    }

    #[test]
    fn inputs_are_checked_before_anything_is_sent() {
        let alg = SigningAlgorithm::EcdsaSha384;
        assert!(matches!(
            input("Sign", alg, MessageType::Raw, b"m").unwrap(),
            Input::Hash(_)
        ));
        assert_eq!(hash(alg, b"m").len(), 48);
        assert_eq!(hash(SigningAlgorithm::RsassaPssSha512, b"m").len(), 64);
        let err = input("Sign", alg, MessageType::Digest, &[0; 32]).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument);
        assert!(matches!(
            input("Sign", alg, MessageType::Digest, &[0; 48]).unwrap(),
            Input::Digest(_)
        ));
        let long = vec![0; 4097];
        assert!(input("Sign", alg, MessageType::Raw, &long).is_err());
        let err = input(
            "Sign",
            SigningAlgorithm::Ed25519Sha512,
            MessageType::Raw,
            b"m",
        )
        .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::UnsupportedOperation);
        assert!(err.to_string().contains("ED25519_SHA_512"), "{err}");
    }
}
