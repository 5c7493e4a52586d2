//! The `signature` crate adapter: a KMS key signs through `signature::Signer`,
//! and what it signs verifies with the RustCrypto verifiers of its algorithm.

use polykms::signer::{KmsSigner, Signature};
use polykms::{
    CreateKeyRequest, Error, ErrorKind, InMemory, KeyManager, KeySpec, KeyUsage, SigningAlgorithm,
};
use signature::{Keypair, Signer, Verifier};
use spki::{DecodePublicKey, EncodePublicKey};

fn key(kms: &InMemory, spec: KeySpec) -> String {
    kms.create_key(CreateKeyRequest::new(spec).usage(KeyUsage::SignVerify))
        .unwrap()
        .key_id
        .to_string()
}

#[test]
fn p256_signatures_verify_with_the_p256_crate() {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::EccNistP256);
    let signer = KmsSigner::new(&kms, &id, SigningAlgorithm::EcdsaSha256).unwrap();
    let der = signer.verifying_key().to_public_key_der().unwrap();
    let verifying = p256::ecdsa::VerifyingKey::from_public_key_der(der.as_bytes()).unwrap();
    for message in [&b"short"[..], &vec![7u8; 10_000]] {
        let signature: Signature = signer.try_sign(message).unwrap();
        let der_signature = p256::ecdsa::DerSignature::try_from(signature.as_bytes()).unwrap();
        verifying.verify(message, &der_signature).unwrap();
        signer.verifying_key().verify(message, &signature).unwrap();
        signer.verify(message, &signature).unwrap();
    }
}

#[test]
fn ed25519_signatures_verify_with_ed25519_dalek() {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::Ed25519);
    let signer = KmsSigner::new(&kms, &id, SigningAlgorithm::Ed25519Sha512).unwrap();
    let der = signer.verifying_key().to_public_key_der().unwrap();
    let verifying = ed25519_dalek::VerifyingKey::from_public_key_der(der.as_bytes()).unwrap();
    let signature = signer.try_sign(b"token").unwrap();
    let dalek = ed25519_dalek::Signature::from_slice(signature.as_bytes()).unwrap();
    verifying.verify(b"token", &dalek).unwrap();
    assert!(verifying.verify(b"tokem", &dalek).is_err());
}

/// Messages longer than the provider takes are hashed locally and signed as
/// a digest; the signature is the same as a RAW one over the message.
#[test]
fn long_messages_are_signed_as_digests() {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::Rsa2048);
    for alg in [
        SigningAlgorithm::RsassaPkcs1V15Sha256,
        SigningAlgorithm::RsassaPssSha384,
    ] {
        let signer = KmsSigner::new(&kms, &id, alg).unwrap();
        let message = vec![0x5a; 64 * 1024];
        let signature = signer.try_sign(&message).unwrap();
        signer.verifying_key().verify(&message, &signature).unwrap();
        signer.verify(&message, &signature).unwrap();
        let mut changed = message.clone();
        changed[40_000] ^= 1;
        assert!(signer.verifying_key().verify(&changed, &signature).is_err());
        assert!(signer.verify(&changed, &signature).is_err());
    }
    // PKCS#1 v1.5 is deterministic: the digest path gives the RAW signature.
    let signer = KmsSigner::new(&kms, &id, SigningAlgorithm::RsassaPkcs1V15Sha256).unwrap();
    let short = vec![1u8; 100];
    let raw = kms
        .sign(polykms::SignRequest::new(
            &id,
            &short,
            SigningAlgorithm::RsassaPkcs1V15Sha256,
        ))
        .unwrap();
    assert_eq!(signer.try_sign(&short).unwrap().as_bytes(), raw.signature);
}

#[test]
fn ed25519ph_and_sm2_sign_through_the_adapter() {
    let kms = InMemory::new();
    for (spec, alg) in [
        (KeySpec::Ed25519, SigningAlgorithm::Ed25519PhSha512),
        (KeySpec::Sm2, SigningAlgorithm::Sm2Dsa),
    ] {
        let id = key(&kms, spec);
        let signer = KmsSigner::new(&kms, &id, alg).unwrap();
        let signature = signer.try_sign(b"message").unwrap();
        signer
            .verifying_key()
            .verify(b"message", &signature)
            .unwrap();
        assert!(
            signer
                .verifying_key()
                .verify(b"massage", &signature)
                .is_err()
        );
    }
}

#[test]
fn refusals_are_clear() {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::EccNistP384);
    let error = KmsSigner::new(&kms, &id, SigningAlgorithm::EcdsaSha256).unwrap_err();
    assert!(
        matches!(error, Error::AlgorithmNotAllowed { .. }),
        "{error}"
    );
    let aes = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let error =
        KmsSigner::new(&kms, aes.key_id.as_str(), SigningAlgorithm::EcdsaSha256).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::UnsupportedOperation, "{error}");

    // A provider error is the signature error's source.
    let signer = KmsSigner::new(&kms, &id, SigningAlgorithm::EcdsaSha384).unwrap();
    kms.disable_key(&id).unwrap();
    let error = signer.try_sign(b"m").unwrap_err();
    let source = std::error::Error::source(&error).expect("the provider's error");
    let source = source.downcast_ref::<Error>().expect("a polykms error");
    assert_eq!(source.kind(), ErrorKind::Disabled);
    assert!(Signature::try_from(&[][..]).is_err());
}
