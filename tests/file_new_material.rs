//! ML-DSA keys and KEY_AGREEMENT keys survive the file store: after the
//! store is closed and opened again, an ML-DSA key verifies what it signed
//! before and signs anew, an imported ML-DSA seed is the same key, and a key
//! agreement key derives the same shared secret.

use polykms::{
    CreateKeyRequest, DeriveSharedSecretRequest, FileKeyManager, GetParametersForImportRequest,
    ImportKeyMaterialRequest, KeyAgreementAlgorithm, KeyManager, KeySpec, KeyUsage, Origin,
    RootKey, SecretBytes, SignRequest, SigningAlgorithm, VerifyRequest, WrappingAlgorithm,
    WrappingKeySpec, wrap_key_material,
};

fn root_key() -> RootKey {
    RootKey::Key(SecretBytes::from(vec![0x42; 32]))
}

#[test]
fn ml_dsa_and_key_agreement_keys_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let alg = SigningAlgorithm::MlDsaShake256;
    let usage = KeyUsage::KeyAgreement;
    let (signer, imported, seed_public, signature, agreement, peer, secret) = {
        let kms = FileKeyManager::create(&path, root_key()).unwrap();
        let signer = kms
            .create_key(CreateKeyRequest::new(KeySpec::MlDsa87))
            .unwrap();
        let signature = kms
            .sign(SignRequest::new(&signer.key_id, b"before", alg))
            .unwrap()
            .signature;
        // An imported seed (the PKCS#8 seed form AWS KMS imports).
        let mut seed_pkcs8 = vec![
            0x30, 0x34, 0x02, 0x01, 0x00, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
            0x03, 0x04, 0x03, 0x11, 0x04, 0x22, 0x80, 0x20,
        ];
        seed_pkcs8.extend(1..=32u8);
        let imported = kms
            .create_key(CreateKeyRequest::new(KeySpec::MlDsa44).origin(Origin::External))
            .unwrap()
            .key_id;
        let (wrapping, spec) = (WrappingAlgorithm::Sm2Pke, WrappingKeySpec::Sm2);
        let params = kms
            .get_parameters_for_import(GetParametersForImportRequest::new(
                &imported, wrapping, spec,
            ))
            .unwrap();
        let wrapped = wrap_key_material(&params.public_key, wrapping, &seed_pkcs8).unwrap();
        kms.import_key_material(ImportKeyMaterialRequest::new(
            &imported,
            &params.import_token,
            &wrapped,
        ))
        .unwrap();
        let seed_public = kms.get_public_key(imported.as_str()).unwrap().public_key;
        let agreement = kms
            .create_key(CreateKeyRequest::new(KeySpec::EccNistP384).usage(usage))
            .unwrap();
        let other = kms
            .create_key(CreateKeyRequest::new(KeySpec::EccNistP384).usage(usage))
            .unwrap();
        let peer = kms
            .get_public_key(other.key_id.as_str())
            .unwrap()
            .public_key;
        let secret = kms
            .derive_shared_secret(DeriveSharedSecretRequest::new(&agreement.key_id, &peer))
            .unwrap()
            .shared_secret;
        (
            signer,
            imported,
            seed_public,
            signature,
            agreement,
            peer,
            secret,
        )
    };
    let kms = FileKeyManager::open(&path, root_key()).unwrap();
    assert_eq!(kms.describe_key(signer.key_id.as_str()).unwrap(), signer);
    kms.verify(VerifyRequest::new(
        &signer.key_id,
        b"before",
        alg,
        &signature,
    ))
    .unwrap();
    let after = kms
        .sign(SignRequest::new(&signer.key_id, b"after", alg))
        .unwrap();
    kms.verify(VerifyRequest::new(
        &signer.key_id,
        b"after",
        alg,
        &after.signature,
    ))
    .unwrap();
    assert_eq!(
        kms.get_public_key(imported.as_str()).unwrap().public_key,
        seed_public
    );
    let described = kms.describe_key(agreement.key_id.as_str()).unwrap();
    assert_eq!(described.key_usage, KeyUsage::KeyAgreement);
    assert_eq!(
        described.key_agreement_algorithms,
        [KeyAgreementAlgorithm::Ecdh]
    );
    let again = kms
        .derive_shared_secret(DeriveSharedSecretRequest::new(&agreement.key_id, &peer))
        .unwrap();
    assert_eq!(again.shared_secret, secret);
}
