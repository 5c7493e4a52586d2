//! A KMS key signing through the `signature` crate's traits, as a
//! certificate or token builder would use it, and the signature checked by
//! the `p256` crate from the exported public key alone.
//!
//! Run it with `cargo run --example signer`.

use polykms::signer::KmsSigner;
use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, SigningAlgorithm};
use signature::{Keypair, Signer, Verifier};
use spki::{DecodePublicKey, EncodePublicKey};

/// Anything that signs through the `signature` traits: this function knows
/// nothing of KMS.
fn sign_manifest<S: Signer<polykms::signer::Signature>>(signer: &S, manifest: &[u8]) -> Vec<u8> {
    signer.sign(manifest).into()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let kms = InMemory::new();
    kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256).alias("alias/release"))?;
    let signer = KmsSigner::new(&kms, "alias/release", SigningAlgorithm::EcdsaSha256)?;

    let manifest =
        b"polykms 0.2.0 sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let signature = sign_manifest(&signer, manifest);
    println!("key        {}", signer.key_id());
    println!("signature  {} bytes (DER)", signature.len());

    // A verifier elsewhere has only the public key.
    let public_der = signer.verifying_key().to_public_key_der()?;
    let verifier = p256::ecdsa::VerifyingKey::from_public_key_der(public_der.as_bytes())?;
    let der_signature = p256::ecdsa::DerSignature::try_from(signature.as_slice())?;
    verifier.verify(manifest, &der_signature)?;
    println!("verified by the p256 crate from the public key alone");
    assert!(verifier.verify(b"polykms 0.2.1", &der_signature).is_err());
    Ok(())
}
