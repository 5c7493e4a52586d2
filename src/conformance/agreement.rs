//! Key agreement (`DeriveSharedSecret`): ECDH both ways on every curve that
//! offers it, AWS's usage rules, and every bad peer key refused.

use crate::{
    CreateKeyRequest, DeriveSharedSecretRequest, EncryptRequest, GenerateMacRequest,
    KeyAgreementAlgorithm, KeyManager, KeySpec, KeyUsage, MacAlgorithm, MessageType, SignRequest,
    SigningAlgorithm, VerifyRequest,
};

use super::create;
use crate::assert_err;

/// The key agreement specs and the length of their shared secrets (the size
/// of the curve's field).
const AGREEMENT_SPECS: [(KeySpec, usize); 4] = [
    (KeySpec::EccNistP256, 32),
    (KeySpec::EccNistP384, 48),
    (KeySpec::EccNistP521, 66),
    (KeySpec::Sm2, 32),
];

fn public_key<K: KeyManager + ?Sized>(kms: &K, id: &(impl AsRef<str> + ?Sized)) -> Vec<u8> {
    kms.get_public_key(id.as_ref()).unwrap().public_key
}

fn derive<K: KeyManager + ?Sized>(kms: &K, id: &str, peer: &[u8]) -> crate::Result<Vec<u8>> {
    kms.derive_shared_secret(DeriveSharedSecretRequest::new(id, peer))
        .map(|answer| answer.shared_secret.expose_secret().to_vec())
}

/// Two KEY_AGREEMENT keys of each curve derive the same secret from each
/// other's public key, of the curve's field size; a third key derives
/// another; the answer names the key, ECDH and the key's origin.
pub fn ecdh_agrees_both_ways<K: KeyManager + ?Sized>(kms: &K) {
    for (spec, len) in AGREEMENT_SPECS {
        let alice = create(kms, spec, KeyUsage::KeyAgreement);
        let bob = create(kms, spec, KeyUsage::KeyAgreement);
        let carol = create(kms, spec, KeyUsage::KeyAgreement);
        let (a, b, c) = (
            alice.key_id.as_str(),
            bob.key_id.as_str(),
            carol.key_id.as_str(),
        );
        let answer = kms
            .derive_shared_secret(DeriveSharedSecretRequest::new(a, &public_key(kms, b)))
            .unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(answer.key_id, alice.key_id);
        assert_eq!(answer.key_agreement_algorithm, KeyAgreementAlgorithm::Ecdh);
        assert_eq!(answer.key_origin, alice.origin);
        let at_alice = answer.shared_secret.expose_secret().to_vec();
        assert_eq!(at_alice.len(), len, "{spec}: the x-coordinate, field-sized");
        let at_bob = derive(kms, b, &public_key(kms, a)).unwrap();
        assert_eq!(at_alice, at_bob, "{spec}: both sides agree");
        let with_carol = derive(kms, a, &public_key(kms, c)).unwrap();
        assert_ne!(at_alice, with_carol, "{spec}: another peer, another secret");
        // The resource name works as any key reference does.
        assert_eq!(
            derive(kms, &alice.arn, &public_key(kms, b)).unwrap(),
            at_alice
        );
    }
}

/// KEY_AGREEMENT is allowed on the NIST curves and SM2 only; such a key
/// lists ECDH in its metadata and public key and nothing else; it cannot
/// sign, verify, encrypt or MAC; a key of another usage cannot derive.
pub fn key_agreement_usage_rules<K: KeyManager + ?Sized>(kms: &K) {
    for spec in [
        KeySpec::EccSecgP256k1,
        KeySpec::Ed25519,
        KeySpec::Rsa2048,
        KeySpec::MlDsa44,
        KeySpec::SymmetricDefault,
        KeySpec::Hmac256,
    ] {
        assert_err!(
            kms.create_key(CreateKeyRequest::new(spec).usage(KeyUsage::KeyAgreement)),
            Error::InvalidArgument { name, .. } if name == "key usage"
        );
    }
    let key = create(kms, KeySpec::EccNistP256, KeyUsage::KeyAgreement);
    let id = key.key_id.as_str();
    assert_eq!(key.key_agreement_algorithms, [KeyAgreementAlgorithm::Ecdh]);
    assert!(key.signing_algorithms.is_empty());
    assert!(key.encryption_algorithms.is_empty());
    let info = kms.get_public_key(id).unwrap();
    assert_eq!(info.key_usage, KeyUsage::KeyAgreement);
    assert_eq!(info.key_agreement_algorithms, [KeyAgreementAlgorithm::Ecdh]);
    assert!(info.signing_algorithms.is_empty());
    let digest = [7u8; 32];
    let alg = SigningAlgorithm::EcdsaSha256;
    let sign = SignRequest::new(id, &digest, alg).message_type(MessageType::Digest);
    assert_err!(kms.sign(sign), Error::InvalidKeyUsage { .. });
    let verify = VerifyRequest::new(id, b"m", alg, &[0x30]);
    assert_err!(kms.verify(verify), Error::InvalidKeyUsage { .. });
    assert_err!(
        kms.encrypt(EncryptRequest::new(id, b"x")),
        Error::InvalidKeyUsage { .. }
    );
    assert_err!(
        kms.generate_mac(GenerateMacRequest::new(id, b"m", MacAlgorithm::HmacSha256)),
        Error::InvalidKeyUsage { .. }
    );
    let peer = public_key(kms, id);
    for (spec, usage) in [
        (KeySpec::EccNistP256, KeyUsage::SignVerify),
        (KeySpec::Sm2, KeyUsage::EncryptDecrypt),
        (KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt),
    ] {
        let other = create(kms, spec, usage);
        assert_err!(
            derive(kms, other.key_id.as_str(), &peer),
            Error::InvalidKeyUsage { .. }
        );
    }
}

/// A peer key on another curve, of another type, malformed, off the curve
/// or oversized is refused, naming the public key; a disabled key refuses.
pub fn bad_peer_keys_are_refused<K: KeyManager + ?Sized>(kms: &K) {
    let p256 = create(kms, KeySpec::EccNistP256, KeyUsage::KeyAgreement);
    let id = p256.key_id.as_str();
    let good = public_key(
        kms,
        &create(kms, KeySpec::EccNistP256, KeyUsage::KeyAgreement).key_id,
    );
    derive(kms, id, &good).unwrap();
    let mut other_keys = Vec::new();
    for (spec, usage) in [
        (KeySpec::EccNistP384, KeyUsage::KeyAgreement),
        (KeySpec::Sm2, KeyUsage::KeyAgreement),
        (KeySpec::EccSecgP256k1, KeyUsage::SignVerify),
        (KeySpec::Ed25519, KeyUsage::SignVerify),
    ] {
        other_keys.push(public_key(kms, &create(kms, spec, usage).key_id));
    }
    // The point moved off the curve: the last byte of y changed.
    let mut off_curve = good.clone();
    *off_curve.last_mut().unwrap() ^= 1;
    let mut truncated = good.clone();
    truncated.truncate(good.len() - 1);
    let bad = other_keys
        .into_iter()
        .chain([off_curve, truncated, b"not a key".to_vec(), vec![]]);
    for peer in bad {
        assert_err!(
            derive(kms, id, &peer),
            Error::InvalidArgument { name, .. } if name == "public key"
        );
    }
    assert_err!(
        derive(kms, id, &vec![0x30; 64 * 1024]),
        Error::InvalidArgument { name, .. } if name == "public key"
    );
    kms.disable_key(id).unwrap();
    assert_err!(derive(kms, id, &good), Error::Disabled { .. });
}
