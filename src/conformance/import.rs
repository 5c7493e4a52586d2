//! Import of key material (origin EXTERNAL): parameters, wrapping
//! algorithms, every key type, re-import, expiry, deletion, validation, and
//! public keys imported alone.

use crate::{GetParametersForImportRequest, ImportPublicKeyRequest, ScheduleKeyDeletionRequest};
use std::time::Duration;

use crate::{
    Clock, CreateKeyRequest, DataKeyPairSpec, DecryptRequest, EncryptRequest, EncryptionAlgorithm,
    Error, ErrorKind, GenerateDataKeyPairRequest, GenerateMacRequest, ImportKeyMaterialRequest,
    KeyManager, KeySpec, KeyState, KeyUsage, MacAlgorithm, ManualClock, MaterialProblem, Origin,
    SignRequest, SigningAlgorithm, VerifyRequest, Vocabulary, WrappingAlgorithm, WrappingKeySpec,
    limits, wrap_key_material,
};

use super::local_error;
use crate::assert_err;

const DAY: Duration = Duration::from_secs(86_400);

/// Creates a key with origin EXTERNAL.
pub fn external<K: KeyManager + ?Sized>(kms: &K, spec: KeySpec, usage: KeyUsage) -> String {
    let key = kms
        .create_key(
            CreateKeyRequest::new(spec)
                .usage(usage)
                .origin(Origin::External),
        )
        .unwrap();
    assert_eq!(key.key_state, KeyState::PendingImport);
    assert_eq!(key.current_key_version, None);
    key.key_id.to_string()
}

/// Gets parameters, wraps `material` and imports it.
pub fn import<K: KeyManager + ?Sized>(
    kms: &K,
    key: &str,
    material: &[u8],
    algorithm: WrappingAlgorithm,
    wrapping_key_spec: WrappingKeySpec,
) -> crate::Result<()> {
    let params = kms.get_parameters_for_import(GetParametersForImportRequest::new(
        key,
        algorithm,
        wrapping_key_spec,
    ))?;
    let wrapped = wrap_key_material(&params.public_key, algorithm, material)?;
    kms.import_key_material(ImportKeyMaterialRequest::new(
        key,
        &params.import_token,
        &wrapped,
    ))
}

fn import_rsa<K: KeyManager + ?Sized>(kms: &K, key: &str, material: &[u8]) -> crate::Result<()> {
    import(
        kms,
        key,
        material,
        WrappingAlgorithm::RsaAesKeyWrapSha256,
        WrappingKeySpec::Rsa2048,
    )
}

/// A PKCS#8 private key of `spec` made by the provider's data key pairs,
/// and its public key.
fn private_key<K: KeyManager + ?Sized>(kms: &K, spec: DataKeyPairSpec) -> (Vec<u8>, Vec<u8>) {
    let wrapping = super::create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let pair = kms
        .generate_data_key_pair(GenerateDataKeyPairRequest::new(
            wrapping.key_id.as_str(),
            spec,
        ))
        .unwrap();
    (
        pair.private_key_plaintext.expose_secret().to_vec(),
        pair.public_key,
    )
}

/// Checks that an import was refused for its material: from a local
/// provider, as `InvalidKeyMaterial` with a problem `expected` accepts; from
/// a remote one, as an error of kind `InvalidKeyMaterial`.
fn assert_problem(
    result: crate::Result<()>,
    what: &str,
    expected: impl FnOnce(&MaterialProblem) -> bool,
) {
    refused_material(result, ErrorKind::InvalidKeyMaterial, what, expected);
}

/// Checks that an import was refused for material that does not unwrap:
/// from a local provider, as `InvalidKeyMaterial` with the problem
/// `Unwrap`; from a remote one, as an error of kind `InvalidCiphertext` (a
/// ciphertext that does not decrypt, as the clouds report it; see
/// [`Error::kind`]).
fn assert_unwrap_fails(result: crate::Result<()>, what: &str) {
    refused_material(result, ErrorKind::InvalidCiphertext, what, |p| {
        *p == MaterialProblem::Unwrap
    });
}

fn refused_material(
    result: crate::Result<()>,
    kind: ErrorKind,
    what: &str,
    expected: impl FnOnce(&MaterialProblem) -> bool,
) {
    match local_error(result, kind, what) {
        None => {}
        Some(Error::InvalidKeyMaterial { problem, .. }) => {
            assert!(expected(&problem), "{what}: {problem:?}")
        }
        Some(other) => panic!("{what}: expected InvalidKeyMaterial, got {other:?}"),
    }
}

/// Symmetric and HMAC material imports and then works: the MACs are the
/// standard HMAC of the material, and symmetric keys encrypt and decrypt
/// (the `local` tier decrypts blobs sealed outside the provider with it).
pub fn symmetric_and_hmac_material_imports<K: KeyManager + ?Sized>(kms: &K) {
    use hmac::{KeyInit, Mac};
    let fresh = super::create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let reports_versions = fresh.current_key_version.is_some();
    // HMAC keys of every accepted length; the MAC is the standard HMAC.
    for (len, spec) in [
        (32, KeySpec::Hmac256),
        (64, KeySpec::Hmac256),
        (48, KeySpec::Hmac384),
    ] {
        let key = external(kms, spec, KeyUsage::GenerateVerifyMac);
        let material: Vec<u8> = (0..len as u8).collect();
        import(
            kms,
            &key,
            &material,
            WrappingAlgorithm::RsaesOaepSha256,
            WrappingKeySpec::Rsa2048,
        )
        .unwrap();
        let described = kms.describe_key(&key).unwrap();
        assert_eq!(described.key_state, KeyState::Enabled);
        // Version 1, where the provider reports versions (AWS KMS does not).
        assert_eq!(described.current_key_version, reports_versions.then_some(1));
        let alg = spec.mac_algorithms()[0];
        let mac = kms
            .generate_mac(GenerateMacRequest::new(&key, b"message", alg))
            .unwrap()
            .mac;
        let expected = if alg == MacAlgorithm::HmacSha256 {
            let mut h = hmac::Hmac::<sha2::Sha256>::new_from_slice(&material).unwrap();
            h.update(b"message");
            h.finalize().into_bytes().to_vec()
        } else {
            let mut h = hmac::Hmac::<sha2::Sha384>::new_from_slice(&material).unwrap();
            h.update(b"message");
            h.finalize().into_bytes().to_vec()
        };
        assert_eq!(mac, expected, "{spec} with {len} bytes");
    }
    // Symmetric keys: the imported material encrypts and decrypts (the
    // `local` tier checks it against blobs sealed outside the provider).
    for (spec, len) in [
        (KeySpec::SymmetricDefault, 32),
        (KeySpec::Aes128, 16),
        (KeySpec::Sm4, 16),
    ] {
        let key = external(kms, spec, KeyUsage::EncryptDecrypt);
        let material: Vec<u8> = (100..100 + len as u8).collect();
        import(
            kms,
            &key,
            &material,
            WrappingAlgorithm::RsaesOaepSha1,
            WrappingKeySpec::Rsa2048,
        )
        .unwrap();
        let round = kms.encrypt(EncryptRequest::new(&key, b"x")).unwrap();
        assert_eq!(
            kms.decrypt(DecryptRequest::new(&round.ciphertext_blob))
                .unwrap()
                .plaintext
                .expose_secret(),
            b"x",
            "{spec}"
        );
    }
}

/// A signing key pair spec of every asymmetric family, with its key spec,
/// usage and a signing algorithm.
fn signing_pairs() -> [(DataKeyPairSpec, KeySpec, KeyUsage, SigningAlgorithm); 7] {
    [
        (
            DataKeyPairSpec::Rsa2048,
            KeySpec::Rsa2048,
            KeyUsage::SignVerify,
            SigningAlgorithm::RsassaPssSha256,
        ),
        (
            DataKeyPairSpec::EccNistP256,
            KeySpec::EccNistP256,
            KeyUsage::SignVerify,
            SigningAlgorithm::EcdsaSha256,
        ),
        (
            DataKeyPairSpec::EccNistP384,
            KeySpec::EccNistP384,
            KeyUsage::SignVerify,
            SigningAlgorithm::EcdsaSha384,
        ),
        (
            DataKeyPairSpec::EccNistP521,
            KeySpec::EccNistP521,
            KeyUsage::SignVerify,
            SigningAlgorithm::EcdsaSha512,
        ),
        (
            DataKeyPairSpec::EccSecgP256k1,
            KeySpec::EccSecgP256k1,
            KeyUsage::SignVerify,
            SigningAlgorithm::EcdsaSha256,
        ),
        (
            DataKeyPairSpec::EccNistEdwards25519,
            KeySpec::Ed25519,
            KeyUsage::SignVerify,
            SigningAlgorithm::Ed25519Sha512,
        ),
        (
            DataKeyPairSpec::Sm2,
            KeySpec::Sm2,
            KeyUsage::SignVerify,
            SigningAlgorithm::Sm2Dsa,
        ),
    ]
}

/// The public key of an imported private key, imported alone into another
/// key, verifies the private key's signatures (every signing family).
pub fn public_keys_of_imported_private_keys_verify<K: KeyManager + ?Sized>(kms: &K) {
    for (pair_spec, spec, usage, alg) in signing_pairs() {
        let (private, public) = private_key(kms, pair_spec);
        let key = external(kms, spec, usage);
        import_rsa(kms, &key, &private).unwrap_or_else(|e| panic!("{spec}: {e}"));
        let signature = kms
            .sign(SignRequest::new(&key, b"imported", alg))
            .unwrap()
            .signature;
        let verifier = external(kms, spec, usage);
        kms.import_public_key(ImportPublicKeyRequest::new(&verifier, &public))
            .unwrap();
        kms.verify(VerifyRequest::new(&verifier, b"imported", alg, &signature))
            .unwrap_or_else(|e| panic!("{spec}: {e}"));
    }
}

/// PKCS#8 private keys of every asymmetric family (RSA 2048, the NIST
/// curves, secp256k1, Ed25519, SM2) import and sign or decrypt as their
/// owner expects.
pub fn asymmetric_private_keys_import<K: KeyManager + ?Sized>(kms: &K) {
    for (pair_spec, spec, usage, alg) in signing_pairs() {
        let (private, public) = private_key(kms, pair_spec);
        let key = external(kms, spec, usage);
        import_rsa(kms, &key, &private).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(
            kms.get_public_key(&key).unwrap().public_key,
            public,
            "{spec}"
        );
        let signature = kms
            .sign(SignRequest::new(&key, b"imported", alg))
            .unwrap()
            .signature;
        kms.verify(VerifyRequest::new(&key, b"imported", alg, &signature))
            .unwrap();
    }
    // RSA and SM2 encryption keys: decrypt what their public key encrypted.
    for (pair_spec, spec, alg, wrapping_alg, wrapping_spec) in [
        (
            DataKeyPairSpec::Rsa2048,
            KeySpec::Rsa2048,
            EncryptionAlgorithm::RsaesOaepSha256,
            WrappingAlgorithm::RsaAesKeyWrapSha1,
            WrappingKeySpec::Rsa3072,
        ),
        (
            DataKeyPairSpec::Sm2,
            KeySpec::Sm2,
            EncryptionAlgorithm::Sm2Pke,
            WrappingAlgorithm::Sm2Pke,
            WrappingKeySpec::Sm2,
        ),
    ] {
        let (private, _) = private_key(kms, pair_spec);
        let key = external(kms, spec, KeyUsage::EncryptDecrypt);
        import(kms, &key, &private, wrapping_alg, wrapping_spec).unwrap();
        let ct = kms
            .encrypt(EncryptRequest::new(&key, b"to the owner").algorithm(alg))
            .unwrap()
            .ciphertext_blob;
        let out = kms
            .decrypt(DecryptRequest::new(&ct).key_id(&key).algorithm(alg))
            .unwrap();
        assert_eq!(out.plaintext.expose_secret(), b"to the owner");
    }
}

/// Every wrapping algorithm with every wrapping key spec it goes with imports material.
pub fn every_wrapping_algorithm_and_key_spec<K: KeyManager + ?Sized>(kms: &K) {
    for spec in WrappingKeySpec::all() {
        for alg in spec.wrapping_algorithms() {
            let key = external(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
            let params = kms
                .get_parameters_for_import(GetParametersForImportRequest::new(&key, *alg, spec))
                .unwrap();
            assert_eq!(params.wrapping_algorithm, *alg);
            assert_eq!(params.wrapping_key_spec, spec);
            assert!(
                params
                    .public_key_pem()
                    .starts_with("-----BEGIN PUBLIC KEY-----")
            );
            let wrapped = wrap_key_material(&params.public_key, *alg, &[5u8; 32]).unwrap();
            kms.import_key_material(ImportKeyMaterialRequest::new(
                &key,
                &params.import_token,
                &wrapped,
            ))
            .unwrap_or_else(|e| panic!("{spec} {alg}: {e}"));
            assert_eq!(kms.describe_key(&key).unwrap().key_state, KeyState::Enabled);
        }
    }
    // An algorithm that does not go with the wrapping key spec.
    let key = external(kms, KeySpec::Sm4, KeyUsage::EncryptDecrypt);
    assert_err!(
        kms.get_parameters_for_import(GetParametersForImportRequest::new(&key, WrappingAlgorithm::Sm2Pke, WrappingKeySpec::Rsa2048)),
        Error::InvalidArgument {
            name,
            ..
        } if name == "wrapping algorithm"
    );
    assert_err!(
        kms.get_parameters_for_import(GetParametersForImportRequest::new(&key, WrappingAlgorithm::RsaesOaepSha256, WrappingKeySpec::Sm2)),
        Error::InvalidArgument {
            name,
            ..
        } if name == "wrapping algorithm"
    );
    assert_err!(
        WrappingAlgorithm::parse_name("RSAES_PKCS1_V1_5"),
        Error::NotImplemented { .. }
    );
    // RSA-OAEP alone cannot carry an RSA private key: the wrapping says so.
    let (private, _) = private_key(kms, DataKeyPairSpec::Rsa2048);
    let params = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(
            &key,
            WrappingAlgorithm::RsaesOaepSha256,
            WrappingKeySpec::Rsa4096,
        ))
        .unwrap();
    assert_err!(
        wrap_key_material(
            &params.public_key,
            WrappingAlgorithm::RsaesOaepSha256,
            &private
        ),
        Error::InvalidArgument {
            name,
            ..
        } if name == "key material"
    );
}

/// Malformed, superseded, foreign and expired import tokens are refused.
pub fn import_token_errors<K: KeyManager + ?Sized>(kms: &K, clock: &ManualClock) {
    let alg = WrappingAlgorithm::RsaesOaepSha256;
    let key = external(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let other = external(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let params = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(
            &key,
            alg,
            WrappingKeySpec::Rsa2048,
        ))
        .unwrap();
    assert_eq!(params.parameters_valid_to, clock.now() + DAY);
    let wrapped = wrap_key_material(&params.public_key, alg, &[1u8; 32]).unwrap();
    // Malformed and unknown tokens.
    for token in [
        Vec::new(),
        vec![0u8; 36],
        b"PKT1".to_vec(),
        params.import_token[..35].to_vec(),
    ] {
        assert_err!(
            kms.import_key_material(ImportKeyMaterialRequest::new(&key, &token, &wrapped)),
            Error::InvalidImportToken { .. }
        );
    }
    let mut forged = params.import_token.clone();
    *forged.last_mut().unwrap() ^= 1;
    assert_err!(
        kms.import_key_material(ImportKeyMaterialRequest::new(&key, &forged, &wrapped)),
        Error::InvalidImportToken { .. }
    );
    // A token for another key.
    let foreign = kms.import_key_material(ImportKeyMaterialRequest::new(
        &other,
        &params.import_token,
        &wrapped,
    ));
    match local_error(
        foreign,
        ErrorKind::InvalidImportToken,
        "a token for another key",
    ) {
        None => {}
        Some(Error::ImportTokenForAnotherKey {
            key_id,
            token_key_id,
        }) => {
            assert_eq!(key_id.as_str(), other);
            assert_eq!(token_key_id.as_str(), key);
        }
        Some(e) => panic!("a token for another key: {e:?}"),
    }
    // Superseded by later parameters.
    let later = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(
            &key,
            alg,
            WrappingKeySpec::Rsa2048,
        ))
        .unwrap();
    assert_err!(
        kms.import_key_material(ImportKeyMaterialRequest::new(
            &key,
            &params.import_token,
            &wrapped
        )),
        Error::InvalidImportToken { .. }
    );
    // Expired after 24 hours.
    let wrapped = wrap_key_material(&later.public_key, alg, &[1u8; 32]).unwrap();
    clock.advance(DAY);
    assert_err!(
        kms.import_key_material(ImportKeyMaterialRequest::new(
            &key,
            &later.import_token,
            &wrapped
        )),
        Error::ExpiredImportToken { .. }
    );
    assert_eq!(
        kms.describe_key(&key).unwrap().key_state,
        KeyState::PendingImport
    );
    // Keys generated here take no import.
    let generated = super::create(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    assert_err!(
        kms.get_parameters_for_import(GetParametersForImportRequest::new(generated.key_id.as_str(), alg, WrappingKeySpec::Rsa2048)),
        Error::UnsupportedOperation {
            operation,
            ..
        } if operation == "GetParametersForImport"
    );
    assert_err!(
        kms.import_key_material(ImportKeyMaterialRequest::new(
            generated.key_id.as_str(),
            &later.import_token,
            &wrapped
        )),
        Error::UnsupportedOperation { .. }
    );
    assert_err!(
        kms.delete_imported_key_material(generated.key_id.as_str()),
        Error::UnsupportedOperation { .. }
    );
}

/// Material of the wrong length or type, malformed or wrapped wrongly, is
/// refused with its problem (from a remote provider, with the kind of its
/// problem: see [`local_error`]).
pub fn import_material_errors<K: KeyManager + ?Sized>(kms: &K) {
    let oaep = WrappingAlgorithm::RsaesOaepSha256;
    let rsa2048 = WrappingKeySpec::Rsa2048;
    // Wrong sizes.
    for (spec, usage, len) in [
        (KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt, 31),
        (KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt, 33),
        (KeySpec::Sm4, KeyUsage::EncryptDecrypt, 32),
        (KeySpec::Hmac256, KeyUsage::GenerateVerifyMac, 31),
        (KeySpec::Hmac256, KeyUsage::GenerateVerifyMac, 65),
        (KeySpec::Hmac512, KeyUsage::GenerateVerifyMac, 63),
    ] {
        let key = external(kms, spec, usage);
        assert_problem(
            import(kms, &key, &vec![9u8; len], oaep, rsa2048),
            &format!("{spec} with {len} bytes"),
            |p| matches!(p, MaterialProblem::WrongLength { actual, .. } if *actual == len),
        );
        assert_eq!(
            kms.describe_key(&key).unwrap().key_state,
            KeyState::PendingImport
        );
    }
    // Well-formed private keys of the wrong type.
    let (p384, _) = private_key(kms, DataKeyPairSpec::EccNistP384);
    let (ed25519, _) = private_key(kms, DataKeyPairSpec::EccNistEdwards25519);
    let (rsa3072, _) = private_key(kms, DataKeyPairSpec::Rsa3072);
    let (sm2, _) = private_key(kms, DataKeyPairSpec::Sm2);
    for (spec, material, found) in [
        (KeySpec::EccNistP256, &p384, "ECC_NIST_P384"),
        (KeySpec::Sm2, &ed25519, "ECC_NIST_EDWARDS25519"),
        (KeySpec::Rsa2048, &rsa3072, "RSA_3072"),
        (KeySpec::Rsa2048, &sm2, "SM2"),
        (KeySpec::EccNistP256, &sm2, "SM2"),
    ] {
        let key = external(kms, spec, KeyUsage::SignVerify);
        assert_problem(
            import_rsa(kms, &key, material),
            &format!("{spec} given {found}"),
            |p| {
                *p == MaterialProblem::WrongKeyType {
                    found: found.into(),
                }
            },
        );
    }
    // Malformed PKCS#8.
    for material in [
        vec![0x30, 0x03, 0x02, 0x01],
        p384[..p384.len() - 1].to_vec(),
        b"not DER at all".to_vec(),
    ] {
        let key = external(kms, KeySpec::EccNistP384, KeyUsage::SignVerify);
        assert_problem(
            import_rsa(kms, &key, &material),
            "malformed PKCS#8",
            |p| matches!(p, MaterialProblem::Malformed { format, .. } if format == "PKCS#8 private key"),
        );
    }
    // Tampered wrapping, or wrapping for other parameters.
    let key = external(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let params = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(&key, oaep, rsa2048))
        .unwrap();
    let mut wrapped = wrap_key_material(&params.public_key, oaep, &[1; 32]).unwrap();
    wrapped[10] ^= 0x40;
    assert_unwrap_fails(
        kms.import_key_material(ImportKeyMaterialRequest::new(
            &key,
            &params.import_token,
            &wrapped,
        )),
        "tampered wrapping",
    );
    let other = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(
            external(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt),
            oaep,
            rsa2048,
        ))
        .unwrap();
    let foreign = wrap_key_material(&other.public_key, oaep, &[1; 32]).unwrap();
    assert_unwrap_fails(
        kms.import_key_material(ImportKeyMaterialRequest::new(
            &key,
            &params.import_token,
            &foreign,
        )),
        "material wrapped for other parameters",
    );
    let sha1 = wrap_key_material(
        &params.public_key,
        WrappingAlgorithm::RsaesOaepSha1,
        &[1; 32],
    )
    .unwrap();
    assert_unwrap_fails(
        kms.import_key_material(ImportKeyMaterialRequest::new(
            &key,
            &params.import_token,
            &sha1,
        )),
        "material wrapped with another hash",
    );
    assert_err!(
        kms.import_key_material(ImportKeyMaterialRequest::new(
            &key,
            &params.import_token,
            vec![0; 100_000]
        )),
        Error::InvalidArgument {
            name,
            ..
        } if name == "encrypted key material"
    );
    // Empty material is refused by the client side for every algorithm
    // (found by fuzzing: AES-KWP wrapped it into something no unwrap takes).
    for algorithm in WrappingAlgorithm::all() {
        assert_err!(
            wrap_key_material(&params.public_key, algorithm, &[]),
            Error::InvalidArgument {
                name,
                ..
            } if name == "key material"
        );
    }
    // Whatever the client side wraps, import takes in: the longest material
    // it wraps stays within the wrapped limit (found by fuzzing: AES-KWP
    // wrapped 8 KB of material into more than import accepts), and longer
    // material is refused with the limit.
    let longest = vec![7u8; limits::MAX_KEY_MATERIAL];
    let too_long = vec![7u8; limits::MAX_KEY_MATERIAL + 1];
    for algorithm in WrappingAlgorithm::all() {
        let spec = if algorithm == WrappingAlgorithm::Sm2Pke {
            WrappingKeySpec::Sm2
        } else {
            rsa2048
        };
        let params = kms
            .get_parameters_for_import(GetParametersForImportRequest::new(&key, algorithm, spec))
            .unwrap();
        let message = wrap_key_material(&params.public_key, algorithm, &too_long)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(&limits::MAX_KEY_MATERIAL.to_string()),
            "{algorithm}: {message}"
        );
        match wrap_key_material(&params.public_key, algorithm, &longest) {
            // RSA-OAEP carries little material; it says so.
            Err(Error::InvalidArgument { name, .. })
                if name == "key material"
                    && matches!(
                        algorithm,
                        WrappingAlgorithm::RsaesOaepSha1 | WrappingAlgorithm::RsaesOaepSha256
                    ) => {}
            Err(e) => panic!("{algorithm}: {e}"),
            Ok(wrapped) => {
                assert!(wrapped.len() <= limits::MAX_WRAPPED_KEY_MATERIAL);
                assert_problem(
                    kms.import_key_material(ImportKeyMaterialRequest::new(
                        &key,
                        &params.import_token,
                        &wrapped,
                    )),
                    &format!("the longest material through {algorithm}"),
                    |p| matches!(p, MaterialProblem::WrongLength { actual, .. } if *actual == longest.len()),
                );
            }
        }
    }
}

/// A key takes the same material again and refuses different material.
pub fn reimport_takes_the_same_material_only<K: KeyManager + ?Sized>(kms: &K) {
    let oaep = WrappingAlgorithm::RsaesOaepSha256;
    let key = external(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    import(kms, &key, &[1; 32], oaep, WrappingKeySpec::Rsa2048).unwrap();
    let blob = kms
        .encrypt(EncryptRequest::new(&key, b"kept"))
        .unwrap()
        .ciphertext_blob;
    import(kms, &key, &[1; 32], oaep, WrappingKeySpec::Rsa2048).unwrap();
    assert_err!(
        import(kms, &key, &[2; 32], oaep, WrappingKeySpec::Rsa2048),
        Error::IncorrectKeyMaterial { .. }
    );
    // A disabled key stays disabled through a re-import.
    kms.disable_key(&key).unwrap();
    import(kms, &key, &[1; 32], oaep, WrappingKeySpec::Rsa2048).unwrap();
    assert_eq!(
        kms.describe_key(&key).unwrap().key_state,
        KeyState::Disabled
    );
    kms.enable_key(&key).unwrap();

    kms.delete_imported_key_material(&key).unwrap();
    let described = kms.describe_key(&key).unwrap();
    assert_eq!(described.key_state, KeyState::PendingImport);
    assert_eq!(described.current_key_version, None);
    assert_err!(
        kms.decrypt(DecryptRequest::new(&blob)),
        Error::InvalidState {
            state: KeyState::PendingImport,
            ..
        }
    );
    assert_err!(kms.enable_key(&key), Error::InvalidState { .. });
    assert_err!(
        import(kms, &key, &[2; 32], oaep, WrappingKeySpec::Rsa2048),
        Error::IncorrectKeyMaterial { .. }
    );
    import(kms, &key, &[1; 32], oaep, WrappingKeySpec::Rsa2048).unwrap();
    assert_eq!(kms.describe_key(&key).unwrap().key_state, KeyState::Enabled);
    let out = kms.decrypt(DecryptRequest::new(&blob)).unwrap();
    assert_eq!(out.plaintext.expose_secret(), b"kept");

    // A key awaiting import can be scheduled for deletion; cancelling
    // leaves it awaiting import (it has no material to be disabled).
    let pending = external(kms, KeySpec::Hmac224, KeyUsage::GenerateVerifyMac);
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest::new(&pending).pending_window_in_days(7))
        .unwrap();
    assert_err!(
        kms.get_parameters_for_import(GetParametersForImportRequest::new(
            &pending,
            oaep,
            WrappingKeySpec::Rsa2048
        )),
        Error::InvalidState {
            state: KeyState::PendingDeletion,
            ..
        }
    );
    let cancelled = kms.cancel_key_deletion(&pending).unwrap();
    assert_eq!(cancelled.key_state, KeyState::PendingImport);
}

/// Imported material expires at its date: the key awaits import again until the same material returns.
pub fn imported_material_expires<K: KeyManager + ?Sized>(kms: &K, clock: &ManualClock) {
    let oaep = WrappingAlgorithm::RsaesOaepSha256;
    let key = external(kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let params = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(
            &key,
            oaep,
            WrappingKeySpec::Rsa2048,
        ))
        .unwrap();
    let wrapped = wrap_key_material(&params.public_key, oaep, &[3; 32]).unwrap();
    let request = ImportKeyMaterialRequest::new(&key, &params.import_token, &wrapped);
    assert_err!(
        kms.import_key_material(request.clone().valid_to(clock.now())),
        Error::InvalidArgument {
            name,
            ..
        } if name == "valid to"
    );
    let valid_to = clock.now() + 2 * 3600 * Duration::from_secs(1);
    kms.import_key_material(request.clone().valid_to(valid_to))
        .unwrap();
    assert_eq!(kms.describe_key(&key).unwrap().valid_to, Some(valid_to));
    let mac = |kms: &K| {
        kms.generate_mac(GenerateMacRequest::new(
            &key,
            b"m",
            MacAlgorithm::HmacSha256,
        ))
    };
    let before = mac(kms).unwrap().mac;
    clock.advance(Duration::from_secs(2 * 3600 - 1));
    mac(kms).unwrap();
    clock.advance(Duration::from_secs(1));
    assert_err!(
        mac(kms),
        Error::InvalidState {
            state: KeyState::PendingImport,
            ..
        }
    );
    let described = kms.describe_key(&key).unwrap();
    assert_eq!(described.key_state, KeyState::PendingImport);
    assert_eq!(described.valid_to, None);
    // Re-import of the same material (the token is still valid), without expiry.
    kms.import_key_material(request).unwrap();
    assert_eq!(mac(kms).unwrap().mac, before);
    clock.advance(400 * DAY);
    assert_eq!(mac(kms).unwrap().mac, before);
}

/// A public key imported alone encrypts, refuses to decrypt or sign
/// (`PublicKeyOnly`), takes only the same public key again, and wrong-type,
/// malformed or symmetric imports are refused.
pub fn public_keys_imported_alone_verify_only<K: KeyManager + ?Sized>(kms: &K) {
    let (_, public) = private_key(kms, DataKeyPairSpec::Rsa2048);
    let key = external(kms, KeySpec::Rsa2048, KeyUsage::EncryptDecrypt);
    kms.import_public_key(ImportPublicKeyRequest::new(&key, &public))
        .unwrap();
    let described = kms.describe_key(&key).unwrap();
    assert!(described.public_key_only);
    assert_eq!(described.key_state, KeyState::Enabled);
    assert_eq!(kms.get_public_key(&key).unwrap().public_key, public);
    let alg = EncryptionAlgorithm::RsaesOaepSha256;
    let ct = kms
        .encrypt(EncryptRequest::new(&key, b"for the holder").algorithm(alg))
        .unwrap()
        .ciphertext_blob;
    assert_err!(
        kms.decrypt(DecryptRequest::new(&ct).key_id(&key).algorithm(alg)),
        Error::PublicKeyOnly {
            operation,
            ..
        } if operation == "Decrypt"
    );
    // Re-import of the same public key is allowed; a different one is not.
    kms.import_public_key(ImportPublicKeyRequest::new(&key, &public))
        .unwrap();
    let (_, other_public) = private_key(kms, DataKeyPairSpec::Rsa2048);
    assert_err!(
        kms.import_public_key(ImportPublicKeyRequest::new(&key, &other_public)),
        Error::IncorrectKeyMaterial { .. }
    );

    let signer = external(kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let (p256, p256_public) = private_key(kms, DataKeyPairSpec::EccNistP256);
    kms.import_public_key(ImportPublicKeyRequest::new(&signer, &p256_public))
        .unwrap();
    assert_err!(
        kms.sign(SignRequest::new(
            &signer,
            b"m",
            SigningAlgorithm::EcdsaSha256
        )),
        Error::PublicKeyOnly {
            operation,
            ..
        } if operation == "Sign"
    );
    // The private key of the same pair is other material than the public key alone.
    assert_err!(
        import_rsa(kms, &signer, &p256),
        Error::IncorrectKeyMaterial { .. }
    );

    // Validation of the public key.
    let wrong = external(kms, KeySpec::EccNistP384, KeyUsage::SignVerify);
    assert_problem(
        kms.import_public_key(ImportPublicKeyRequest::new(&wrong, &p256_public)),
        "a P-256 public key for a P-384 key",
        |p| {
            *p == MaterialProblem::WrongKeyType {
                found: "ECC_NIST_P256".into(),
            }
        },
    );
    let mut truncated = p256_public.clone();
    truncated.pop();
    assert_err!(
        kms.import_public_key(ImportPublicKeyRequest::new(&wrong, &truncated)),
        Error::InvalidKeyMaterial {
            problem: MaterialProblem::Malformed {
                format,
                ..
            },
            ..
        } if format == "SubjectPublicKeyInfo"
    );
    let symmetric = external(kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    assert_err!(
        kms.import_public_key(ImportPublicKeyRequest::new(&symmetric, &p256_public)),
        Error::UnsupportedOperation {
            operation,
            ..
        } if operation == "ImportPublicKey"
    );
}
