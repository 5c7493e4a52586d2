//! Project Wycheproof test vectors (`tests/data/wycheproof/`, see its
//! README), run through the `KeyManager` API: every vector's key is
//! imported (private keys wrapped for import, public keys imported alone),
//! then every valid vector must pass and every invalid one must fail with
//! the specific error. "Acceptable" vectors may go either way and are
//! counted. Vectors of algorithms a KMS does not offer (other hashes, salt
//! lengths, OAEP labels or mixed OAEP hashes) are counted as skipped, with
//! the reason. Each test prints its counts per file (`--nocapture`).
//!
//! ECDH vectors import each private key into a KEY_AGREEMENT key and derive
//! with the vector's public key. ML-DSA vectors import the public key alone
//! (verify) or the seed (sign); the KMS signs hedged, so the deterministic
//! signatures are compared byte for byte in a unit test of
//! `src/crypto/mldsa.rs`.
//!
//! AES-GCM and SM4-GCM vectors run against the raw AEAD layer (a unit test
//! in `src/crypto/symmetric.rs`): the provider's ciphertexts carry their own
//! header and nonce, so the vectors' ciphertexts are not comparable.

use std::collections::BTreeMap;

use polykms::{
    CreateKeyRequest, DecryptRequest, EncryptionAlgorithm, Error, GenerateMacRequest,
    GetParametersForImportRequest, ImportKeyMaterialRequest, ImportPublicKeyRequest, InMemory,
    KeyManager, KeySpec, KeyUsage, MacAlgorithm, MessageType, Origin, SignRequest,
    SigningAlgorithm, VerifyMacRequest, VerifyRequest, VerifyResponse, WrappingAlgorithm,
    WrappingKeySpec, wrap_key_material,
};
use serde_json::Value;
use sha2::Digest;

fn load(file: &str) -> Value {
    let path = format!(
        "{}/tests/data/wycheproof/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn hex(value: &Value) -> Vec<u8> {
    let text = value.as_str().expect("a hex string");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Outcomes of one file's vectors.
#[derive(Default, Debug)]
struct Counts {
    valid: usize,
    invalid: usize,
    acceptable_passed: usize,
    acceptable_refused: usize,
    skipped: BTreeMap<&'static str, usize>,
}

impl Counts {
    fn skip(&mut self, reason: &'static str) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// Records one vector's outcome; panics if a valid one failed or an
    /// invalid one passed.
    fn record(&mut self, file: &str, test: &Value, passed: bool) {
        let id = &test["tcId"];
        match test["result"].as_str().unwrap() {
            "valid" => {
                assert!(passed, "{file} tcId {id} is valid but failed: {test}");
                self.valid += 1;
            }
            "invalid" => {
                assert!(!passed, "{file} tcId {id} is invalid but passed: {test}");
                self.invalid += 1;
            }
            _ if passed => self.acceptable_passed += 1,
            _ => self.acceptable_refused += 1,
        }
    }

    /// Prints the counts and checks that every vector was accounted for
    /// and that some ran.
    fn finish(&self, file: &str, doc: &Value, vectors_per_test: usize) {
        let ran = self.valid + self.invalid + self.acceptable_passed + self.acceptable_refused;
        let skipped: usize = self.skipped.values().sum();
        println!(
            "{file}: {} valid passed, {} invalid refused, acceptable {} passed / {} refused, skipped {:?}",
            self.valid, self.invalid, self.acceptable_passed, self.acceptable_refused, self.skipped
        );
        assert!(ran > 0, "{file}: no vector ran");
        assert_eq!(
            ran + skipped,
            doc["numberOfTests"].as_u64().unwrap() as usize * vectors_per_test,
            "{file}: every vector is run or skipped"
        );
    }
}

fn external(kms: &InMemory, spec: KeySpec, usage: KeyUsage) -> String {
    kms.create_key(
        CreateKeyRequest::new(spec)
            .usage(usage)
            .origin(Origin::External),
    )
    .unwrap()
    .key_id
    .to_string()
}

/// Imports wrapped material into a new key with origin EXTERNAL.
fn import_private(
    kms: &InMemory,
    spec: KeySpec,
    usage: KeyUsage,
    material: &[u8],
    algorithm: WrappingAlgorithm,
    wrapping_key_spec: WrappingKeySpec,
) -> polykms::Result<String> {
    let key = external(kms, spec, usage);
    let params = kms.get_parameters_for_import(GetParametersForImportRequest::new(
        &key,
        algorithm,
        wrapping_key_spec,
    ))?;
    let wrapped = wrap_key_material(&params.public_key, algorithm, material)?;
    kms.import_key_material(ImportKeyMaterialRequest::new(
        &key,
        &params.import_token,
        &wrapped,
    ))?;
    Ok(key)
}

fn digest_of(sha: &str, message: &[u8]) -> Vec<u8> {
    match sha {
        "SHA-1" => sha1::Sha1::digest(message).to_vec(),
        "SHA-224" => sha2::Sha224::digest(message).to_vec(),
        "SHA-256" => sha2::Sha256::digest(message).to_vec(),
        "SHA-384" => sha2::Sha384::digest(message).to_vec(),
        "SHA-512" => sha2::Sha512::digest(message).to_vec(),
        other => panic!("hash {other}"),
    }
}

/// Whether a verification result is a pass, or the specific refusal (an
/// empty signature is refused by the size check).
fn verified(result: polykms::Result<VerifyResponse>) -> bool {
    match result {
        Ok(_) => true,
        Err(Error::InvalidSignature) => false,
        Err(Error::InvalidArgument { name, .. }) if name == "signature" => false,
        Err(e) => panic!("a signature is refused with InvalidSignature, not {e:?}"),
    }
}

const ECDSA_FILES: [&str; 8] = [
    "ecdsa_secp256r1_sha256_test.json",
    "ecdsa_secp256r1_sha512_test.json",
    "ecdsa_secp384r1_sha256_test.json",
    "ecdsa_secp384r1_sha384_test.json",
    "ecdsa_secp384r1_sha512_test.json",
    "ecdsa_secp521r1_sha512_test.json",
    "ecdsa_secp256k1_sha256_test.json",
    "ecdsa_secp256k1_sha512_test.json",
];

/// ECDSA: the public key imported alone, each signature verified as a
/// DIGEST for the key's algorithm (the vector's hash, truncated or
/// zero-extended to the curve's size exactly as ECDSA itself converts it),
/// and as a RAW message where the vector's hash is the key's own.
#[test]
fn ecdsa_verify() {
    let kms = InMemory::new();
    for file in ECDSA_FILES {
        let doc = load(file);
        let mut counts = Counts::default();
        let spec = match doc["testGroups"][0]["publicKey"]["curve"].as_str().unwrap() {
            "secp256r1" => KeySpec::EccNistP256,
            "secp384r1" => KeySpec::EccNistP384,
            "secp521r1" => KeySpec::EccNistP521,
            "secp256k1" => KeySpec::EccSecgP256k1,
            other => panic!("curve {other}"),
        };
        let alg = spec.signing_algorithms()[0];
        let own_hash = match alg {
            SigningAlgorithm::EcdsaSha256 => "SHA-256",
            SigningAlgorithm::EcdsaSha384 => "SHA-384",
            _ => "SHA-512",
        };
        let field_len = alg.digest_len();
        for group in doc["testGroups"].as_array().unwrap() {
            let key = external(&kms, spec, KeyUsage::SignVerify);
            kms.import_public_key(ImportPublicKeyRequest::new(
                &key,
                hex(&group["publicKeyDer"]),
            ))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
            let sha = group["sha"].as_str().unwrap();
            for test in group["tests"].as_array().unwrap() {
                let message = hex(&test["msg"]);
                let signature = hex(&test["sig"]);
                let mut digest = digest_of(sha, &message);
                digest.truncate(field_len);
                while digest.len() < field_len {
                    digest.insert(0, 0);
                }
                let by_digest = verified(
                    kms.verify(
                        VerifyRequest::new(&key, &digest, alg, &signature)
                            .message_type(MessageType::Digest),
                    ),
                );
                counts.record(file, test, by_digest);
                // RAW takes 1 to 4096 bytes, as in AWS KMS; the digest of an
                // empty message goes through DIGEST above.
                if sha == own_hash && !message.is_empty() {
                    let by_message =
                        verified(kms.verify(VerifyRequest::new(&key, &message, alg, &signature)));
                    assert_eq!(
                        by_message, by_digest,
                        "{file} tcId {}: RAW and DIGEST agree",
                        test["tcId"]
                    );
                }
            }
        }
        counts.finish(file, &doc, 1);
    }
}

fn rsa_spec(bits: u64) -> Option<KeySpec> {
    match bits {
        2048 => Some(KeySpec::Rsa2048),
        3072 => Some(KeySpec::Rsa3072),
        4096 => Some(KeySpec::Rsa4096),
        _ => None,
    }
}

fn pkcs1_algorithm(sha: &str) -> Option<SigningAlgorithm> {
    match sha {
        "SHA-256" => Some(SigningAlgorithm::RsassaPkcs1V15Sha256),
        "SHA-384" => Some(SigningAlgorithm::RsassaPkcs1V15Sha384),
        "SHA-512" => Some(SigningAlgorithm::RsassaPkcs1V15Sha512),
        _ => None,
    }
}

/// RSA signature verification (PKCS#1 v1.5 and PSS): the public key
/// imported alone; each signature verified over the message (RAW, ring) and
/// over its digest (DIGEST, the rsa crate); both must agree.
fn rsa_verify(file: &str, kms: &InMemory) {
    let doc = load(file);
    let mut counts = Counts::default();
    for group in doc["testGroups"].as_array().unwrap() {
        let sha = group["sha"].as_str().unwrap();
        let spec = rsa_spec(group["keySize"].as_u64().unwrap());
        let alg = if group["type"] == "RsassaPssVerify" {
            let hash_len = digest_of(sha, b"").len() as u64;
            let kms_pss = group["mgfSha"] == sha && group["sLen"].as_u64() == Some(hash_len);
            match sha {
                "SHA-256" if kms_pss => Some(SigningAlgorithm::RsassaPssSha256),
                "SHA-384" if kms_pss => Some(SigningAlgorithm::RsassaPssSha384),
                "SHA-512" if kms_pss => Some(SigningAlgorithm::RsassaPssSha512),
                _ => None,
            }
        } else {
            pkcs1_algorithm(sha)
        };
        let tests = group["tests"].as_array().unwrap();
        let (Some(spec), Some(alg)) = (spec, alg) else {
            for _ in tests {
                counts.skip("key size, hash, MGF or salt length a KMS does not offer");
            }
            continue;
        };
        let key = external(kms, spec, KeyUsage::SignVerify);
        kms.import_public_key(ImportPublicKeyRequest::new(
            &key,
            hex(&group["publicKeyDer"]),
        ))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        for test in tests {
            let message = hex(&test["msg"]);
            let signature = hex(&test["sig"]);
            if signature.len() > polykms::limits::MAX_SIGNATURE {
                counts.skip("signature longer than the verify limit");
                continue;
            }
            let digest = digest_of(sha, &message);
            let by_digest = verified(
                kms.verify(
                    VerifyRequest::new(&key, &digest, alg, &signature)
                        .message_type(MessageType::Digest),
                ),
            );
            // RAW takes 1 to 4096 bytes, as in AWS KMS.
            let by_message = message.is_empty()
                || verified(kms.verify(VerifyRequest::new(&key, &message, alg, &signature)));
            if test["result"] != "acceptable" && !message.is_empty() {
                assert_eq!(by_message, by_digest, "{file} tcId {}", test["tcId"]);
            }
            counts.record(file, test, by_message && by_digest);
        }
    }
    counts.finish(file, &doc, 1);
}

#[test]
fn rsa_pkcs1_verify() {
    let kms = InMemory::new();
    for bits in [2048, 3072, 4096] {
        for sha in [256, 384, 512] {
            rsa_verify(&format!("rsa_signature_{bits}_sha{sha}_test.json"), &kms);
        }
    }
}

#[test]
fn rsa_pss_verify() {
    let kms = InMemory::new();
    for file in [
        "rsa_pss_2048_sha256_mgf1_32_test.json",
        "rsa_pss_2048_sha384_mgf1_48_test.json",
        "rsa_pss_3072_sha256_mgf1_32_test.json",
        "rsa_pss_4096_sha256_mgf1_32_test.json",
        "rsa_pss_4096_sha384_mgf1_48_test.json",
        "rsa_pss_4096_sha512_mgf1_64_test.json",
        "rsa_pss_misc_test.json",
    ] {
        rsa_verify(file, &kms);
    }
}

/// PKCS#1 v1.5 signature generation is deterministic: the private key is
/// imported (RSA_AES_KEY_WRAP_SHA_256) and signatures over the message and
/// over its digest must equal the vector's byte for byte.
#[test]
fn rsa_pkcs1_sign() {
    let kms = InMemory::new();
    for bits in [2048, 3072, 4096] {
        let file = format!("rsa_pkcs1_{bits}_sig_gen_test.json");
        let doc = load(&file);
        let mut counts = Counts::default();
        for group in doc["testGroups"].as_array().unwrap() {
            let sha = group["sha"].as_str().unwrap();
            let tests = group["tests"].as_array().unwrap();
            let (Some(spec), Some(alg)) = (
                rsa_spec(group["keySize"].as_u64().unwrap()),
                pkcs1_algorithm(sha),
            ) else {
                for _ in tests {
                    counts.skip("hash a KMS does not offer (SHA-1, SHA-224)");
                }
                continue;
            };
            let imported = import_private(
                &kms,
                spec,
                KeyUsage::SignVerify,
                &hex(&group["privateKeyPkcs8"]),
                WrappingAlgorithm::RsaAesKeyWrapSha256,
                WrappingKeySpec::Rsa2048,
            );
            for test in tests {
                let Ok(key) = &imported else {
                    counts.record(&file, test, false);
                    continue;
                };
                let message = hex(&test["msg"]);
                let expected = hex(&test["sig"]);
                // RAW takes 1 to 4096 bytes, as in AWS KMS.
                let by_message = if message.is_empty() {
                    Ok(expected.clone())
                } else {
                    kms.sign(SignRequest::new(key, &message, alg))
                        .map(|r| r.signature)
                };
                let digest = digest_of(sha, &message);
                let by_digest = kms
                    .sign(SignRequest::new(key, &digest, alg).message_type(MessageType::Digest))
                    .map(|r| r.signature);
                let matches = by_message.as_ref().is_ok_and(|s| *s == expected)
                    && by_digest.as_ref().is_ok_and(|s| *s == expected);
                counts.record(&file, test, matches);
            }
        }
        counts.finish(&file, &doc, 1);
    }
}

/// RSA-OAEP decryption: the private key imported, each ciphertext
/// decrypted; valid ones give the message, invalid ones InvalidCiphertext.
#[test]
fn rsa_oaep_decrypt() {
    let kms = InMemory::new();
    for file in [
        "rsa_oaep_2048_sha1_mgf1sha1_test.json",
        "rsa_oaep_2048_sha256_mgf1sha256_test.json",
        "rsa_oaep_3072_sha256_mgf1sha256_test.json",
        "rsa_oaep_4096_sha256_mgf1sha256_test.json",
        "rsa_oaep_misc_test.json",
    ] {
        let doc = load(file);
        let mut counts = Counts::default();
        for group in doc["testGroups"].as_array().unwrap() {
            let tests = group["tests"].as_array().unwrap();
            let sha = group["sha"].as_str().unwrap();
            let alg = match sha {
                "SHA-1" => Some(EncryptionAlgorithm::RsaesOaepSha1),
                "SHA-256" => Some(EncryptionAlgorithm::RsaesOaepSha256),
                _ => None,
            };
            let spec = rsa_spec(group["keySize"].as_u64().unwrap());
            let (Some(spec), Some(alg), true) = (spec, alg, group["mgfSha"] == sha) else {
                for _ in tests {
                    counts.skip("key size or hash pair a KMS does not offer");
                }
                continue;
            };
            let key = import_private(
                &kms,
                spec,
                KeyUsage::EncryptDecrypt,
                &hex(&group["privateKeyPkcs8"]),
                WrappingAlgorithm::RsaAesKeyWrapSha256,
                WrappingKeySpec::Rsa2048,
            )
            .unwrap_or_else(|e| panic!("{file}: {e}"));
            for test in tests {
                if !hex(&test["label"]).is_empty() {
                    counts.skip("OAEP label (a KMS uses none)");
                    continue;
                }
                let ciphertext = hex(&test["ct"]);
                let out = kms.decrypt(DecryptRequest::new(&ciphertext).key_id(&key).algorithm(alg));
                let passed = match out {
                    Ok(out) => out.plaintext.expose_secret() == hex(&test["msg"]).as_slice(),
                    Err(Error::InvalidCiphertext) => false,
                    // An empty ciphertext is refused by the size check.
                    Err(Error::InvalidArgument { name, .. })
                        if name == "ciphertext blob" && ciphertext.is_empty() =>
                    {
                        false
                    }
                    Err(e) => panic!("{file} tcId {}: {e:?}", test["tcId"]),
                };
                counts.record(file, test, passed);
            }
        }
        counts.finish(file, &doc, 1);
    }
}

/// HMAC: each vector's key imported (wrapped with SM2PKE, whose wrapping
/// keys are quick to make). Keys outside the spec's accepted lengths must be
/// refused by the import (counted as such). Full-length tags go through
/// verify-MAC and must equal generate-MAC for valid vectors; truncated tags
/// are compared with the start of generate-MAC, and verify-MAC refuses them.
#[test]
fn hmac_generate_and_verify() {
    let kms = InMemory::new();
    for (file, spec, alg) in [
        (
            "hmac_sha224_test.json",
            KeySpec::Hmac224,
            MacAlgorithm::HmacSha224,
        ),
        (
            "hmac_sha256_test.json",
            KeySpec::Hmac256,
            MacAlgorithm::HmacSha256,
        ),
        (
            "hmac_sha384_test.json",
            KeySpec::Hmac384,
            MacAlgorithm::HmacSha384,
        ),
        (
            "hmac_sha512_test.json",
            KeySpec::Hmac512,
            MacAlgorithm::HmacSha512,
        ),
    ] {
        let doc = load(file);
        let mut counts = Counts::default();
        let accepted = spec.key_material_len().unwrap();
        for group in doc["testGroups"].as_array().unwrap() {
            let full = group["tagSize"].as_u64().unwrap() as usize / 8 == alg.mac_len();
            for test in group["tests"].as_array().unwrap() {
                let material = hex(&test["key"]);
                let imported = import_private(
                    &kms,
                    spec,
                    KeyUsage::GenerateVerifyMac,
                    &material,
                    WrappingAlgorithm::Sm2Pke,
                    WrappingKeySpec::Sm2,
                );
                let key = match imported {
                    Ok(key) => key,
                    Err(Error::InvalidKeyMaterial {
                        problem: polykms::MaterialProblem::WrongLength { .. },
                        ..
                    }) if !accepted.contains(&material.len()) => {
                        counts.skip("key length outside the spec's import range (refused)");
                        continue;
                    }
                    Err(e) => panic!("{file} tcId {}: {e:?}", test["tcId"]),
                };
                let message = hex(&test["msg"]);
                if message.is_empty() {
                    // Messages take 1 to 4096 bytes, as in AWS KMS.
                    assert!(
                        kms.generate_mac(GenerateMacRequest::new(&key, &message, alg))
                            .is_err()
                    );
                    counts.skip("empty message (the API takes 1 to 4096 bytes)");
                    continue;
                }
                let tag = hex(&test["tag"]);
                let mac = kms
                    .generate_mac(GenerateMacRequest::new(&key, &message, alg))
                    .unwrap()
                    .mac;
                let verify = kms.verify_mac(VerifyMacRequest::new(&key, &message, alg, &tag));
                let passed = if full {
                    assert_eq!(verify.is_ok(), mac == tag, "{file} tcId {}", test["tcId"]);
                    verify.is_ok()
                } else {
                    assert!(
                        matches!(verify, Err(Error::InvalidMac)),
                        "truncated tags are refused"
                    );
                    mac.starts_with(&tag)
                };
                counts.record(file, test, passed);
            }
        }
        counts.finish(file, &doc, 1);
    }
}

/// The PKCS#8 encoding of an EC private key `scalar` (big-endian, any
/// length up to the field's) on the curve of `spec`.
fn ec_private_pkcs8(spec: KeySpec, scalar: &[u8]) -> Vec<u8> {
    use pkcs8::EncodePrivateKey;
    let digits: Vec<u8> = scalar.iter().copied().skip_while(|b| *b == 0).collect();
    let padded = |len: usize| {
        let mut out = vec![0; len - digits.len()];
        out.extend_from_slice(&digits);
        out
    };
    let der = match spec {
        KeySpec::EccNistP256 => p256::SecretKey::from_slice(&padded(32))
            .unwrap()
            .to_pkcs8_der(),
        KeySpec::EccNistP384 => p384::SecretKey::from_slice(&padded(48))
            .unwrap()
            .to_pkcs8_der(),
        _ => p521::SecretKey::from_slice(&padded(66))
            .unwrap()
            .to_pkcs8_der(),
    };
    der.unwrap().as_bytes().to_vec()
}

/// ECDH: each vector's private key imported into a KEY_AGREEMENT key
/// (wrapped with SM2PKE), then the shared secret derived with the vector's
/// DER public key. A valid vector's secret must match; an invalid public key
/// (another curve, off the curve, malformed) must be refused as an invalid
/// public key. Acceptable vectors (odd DER, compressed points, explicit
/// curve parameters) are refused or matched, never answered wrongly.
#[test]
fn ecdh_derive_shared_secret() {
    use polykms::DeriveSharedSecretRequest;
    let kms = InMemory::new();
    for (file, spec) in [
        ("ecdh_secp256r1_test.json", KeySpec::EccNistP256),
        ("ecdh_secp384r1_test.json", KeySpec::EccNistP384),
        ("ecdh_secp521r1_test.json", KeySpec::EccNistP521),
    ] {
        let doc = load(file);
        let mut counts = Counts::default();
        let mut keys: BTreeMap<String, String> = BTreeMap::new();
        for group in doc["testGroups"].as_array().unwrap() {
            assert_eq!(group["encoding"], "asn", "{file}: DER public keys");
            for test in group["tests"].as_array().unwrap() {
                let private = test["private"].as_str().unwrap().to_owned();
                let key = keys.entry(private).or_insert_with(|| {
                    let material = ec_private_pkcs8(spec, &hex(&test["private"]));
                    import_private(
                        &kms,
                        spec,
                        KeyUsage::KeyAgreement,
                        &material,
                        WrappingAlgorithm::Sm2Pke,
                        WrappingKeySpec::Sm2,
                    )
                    .unwrap_or_else(|e| panic!("{file} tcId {}: {e}", test["tcId"]))
                });
                let public = hex(&test["public"]);
                let derived =
                    kms.derive_shared_secret(DeriveSharedSecretRequest::new(key.as_str(), &public));
                let passed = match derived {
                    Ok(answer) => {
                        assert_eq!(
                            answer.shared_secret.expose_secret(),
                            hex(&test["shared"]).as_slice(),
                            "{file} tcId {}: a secret is never wrong",
                            test["tcId"]
                        );
                        true
                    }
                    Err(Error::InvalidArgument { name, .. }) if name == "public key" => false,
                    Err(e) => panic!("{file} tcId {}: {e:?}", test["tcId"]),
                };
                counts.record(file, test, passed);
            }
        }
        counts.finish(file, &doc, 1);
    }
}

/// ML-DSA's μ for `message` and `context` under the public key `der`
/// (FIPS 204, algorithm 7), computed by the `ml-dsa` crate; `None` when the
/// key does not parse or the context is too long.
fn ml_dsa_mu(spec: KeySpec, der: &[u8], context: &[u8], message: &[u8]) -> Option<Vec<u8>> {
    fn mu<P>(der: &[u8], context: &[u8], message: &[u8]) -> Option<Vec<u8>>
    where
        P: ml_dsa::MlDsaParams,
        ml_dsa::VerifyingKey<P>: spki::DecodePublicKey,
    {
        use spki::DecodePublicKey;
        let key = ml_dsa::VerifyingKey::<P>::from_public_key_der(der).ok()?;
        let update = |h: &mut _| {
            sha2::digest::Update::update(h, message);
            Ok(())
        };
        key.compute_mu(update, context)
            .ok()
            .map(|mu| mu.as_slice().to_vec())
    }
    match spec {
        KeySpec::MlDsa44 => mu::<ml_dsa::MlDsa44>(der, context, message),
        KeySpec::MlDsa65 => mu::<ml_dsa::MlDsa65>(der, context, message),
        _ => mu::<ml_dsa::MlDsa87>(der, context, message),
    }
}

/// How a vector's message goes to the KMS: the message itself (RAW, 1 to
/// 4096 bytes, empty context, as AWS KMS signs), or else its μ (EXTERNAL_MU)
/// computed with the vector's context; `None` when there is no μ (a context
/// over 255 bytes, or a key that does not parse).
fn ml_dsa_input(spec: KeySpec, der: &[u8], test: &Value) -> Option<(Vec<u8>, MessageType)> {
    let context = test.get("ctx").map(hex).unwrap_or_default();
    let Some(message) = test.get("msg").map(hex) else {
        return Some((hex(&test["mu"]), MessageType::ExternalMu));
    };
    if context.is_empty() && (1..=4096).contains(&message.len()) {
        return Some((message, MessageType::Raw));
    }
    ml_dsa_mu(spec, der, &context, &message).map(|mu| (mu, MessageType::ExternalMu))
}

fn ml_dsa_spec(doc: &Value) -> KeySpec {
    match doc["algorithm"].as_str().unwrap() {
        "ML-DSA-44" => KeySpec::MlDsa44,
        "ML-DSA-65" => KeySpec::MlDsa65,
        "ML-DSA-87" => KeySpec::MlDsa87,
        other => panic!("algorithm {other}"),
    }
}

/// ML-DSA verification: the public key imported alone (a key of the wrong
/// length is refused, and so are its vectors), each signature verified over
/// the message (RAW) or, where the vector has a context or a message RAW
/// does not take, over its μ (EXTERNAL_MU).
#[test]
fn ml_dsa_verify() {
    let kms = InMemory::new();
    let alg = SigningAlgorithm::MlDsaShake256;
    for file in [
        "mldsa_44_verify_test.json",
        "mldsa_65_verify_test.json",
        "mldsa_87_verify_test.json",
    ] {
        let doc = load(file);
        let spec = ml_dsa_spec(&doc);
        let mut counts = Counts::default();
        let mut by_mu = 0;
        for group in doc["testGroups"].as_array().unwrap() {
            let der = hex(&group["publicKeyDer"]);
            let key = external(&kms, spec, KeyUsage::SignVerify);
            let imported = kms.import_public_key(ImportPublicKeyRequest::new(&key, &der));
            for test in group["tests"].as_array().unwrap() {
                if let Err(e) = &imported {
                    assert!(
                        matches!(e, Error::InvalidKeyMaterial { .. }),
                        "{file}: {e:?}"
                    );
                    counts.record(file, test, false);
                    continue;
                }
                let signature = hex(&test["sig"]);
                let input = ml_dsa_input(spec, &der, test);
                by_mu += input
                    .as_ref()
                    .is_some_and(|(_, kind)| *kind == MessageType::ExternalMu)
                    as usize;
                let passed = input.is_some_and(|(input, kind)| {
                    verified(kms.verify(
                        VerifyRequest::new(&key, &input, alg, &signature).message_type(kind),
                    ))
                });
                counts.record(file, test, passed);
            }
        }
        println!("{file}: {by_mu} vectors verified by μ (EXTERNAL_MU)");
        counts.finish(file, &doc, 1);
    }
}

/// The seed form of an ML-DSA PKCS#8 private key (what AWS KMS imports),
/// built from a seed of any length.
fn ml_dsa_seed_pkcs8(spec: KeySpec, seed: &[u8]) -> Vec<u8> {
    let last_arc = match spec {
        KeySpec::MlDsa44 => 0x11,
        KeySpec::MlDsa65 => 0x12,
        _ => 0x13,
    };
    let algorithm = [
        0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, last_arc,
    ];
    let mut inner = vec![0x80, seed.len() as u8];
    inner.extend_from_slice(seed);
    let mut body = vec![0x02, 0x01, 0x00];
    body.extend_from_slice(&algorithm);
    body.extend_from_slice(&[0x04, inner.len() as u8]);
    body.extend_from_slice(&inner);
    let mut der = vec![0x30, body.len() as u8];
    der.extend_from_slice(&body);
    der
}

/// ML-DSA signing from the seed: the seed imported as PKCS#8 (a seed of
/// the wrong length is refused, and so are its vectors); the public key
/// must be the vector's; the vector's signature must verify, and a
/// signature made by the KMS (hedged, so not byte for byte: the
/// deterministic signatures are compared in `src/crypto/mldsa.rs`) must
/// verify too, over the message (RAW) or the μ (EXTERNAL_MU).
#[test]
fn ml_dsa_sign_from_seed() {
    let kms = InMemory::new();
    let alg = SigningAlgorithm::MlDsaShake256;
    for file in [
        "mldsa_44_sign_seed_test.json",
        "mldsa_65_sign_seed_test.json",
        "mldsa_87_sign_seed_test.json",
    ] {
        let doc = load(file);
        let spec = ml_dsa_spec(&doc);
        let mut counts = Counts::default();
        let mut by_mu = 0;
        for group in doc["testGroups"].as_array().unwrap() {
            let seed = hex(&group["privateSeed"]);
            let material = ml_dsa_seed_pkcs8(spec, &seed);
            if let Some(given) = group.get("privateKeyPkcs8").filter(|_| seed.len() == 32) {
                assert_eq!(hex(given), material, "{file}: the same PKCS#8");
            }
            let imported = import_private(
                &kms,
                spec,
                KeyUsage::SignVerify,
                &material,
                WrappingAlgorithm::Sm2Pke,
                WrappingKeySpec::Sm2,
            );
            let key = match imported {
                Ok(key) => key,
                Err(Error::InvalidKeyMaterial { .. }) => {
                    for test in group["tests"].as_array().unwrap() {
                        counts.record(file, test, false);
                    }
                    continue;
                }
                Err(e) => panic!("{file}: {e:?}"),
            };
            let der = kms.get_public_key(&key).unwrap().public_key;
            assert!(
                der.ends_with(&hex(&group["publicKey"])),
                "{file}: the public key of the seed"
            );
            for test in group["tests"].as_array().unwrap() {
                let Some((input, kind)) = ml_dsa_input(spec, &der, test) else {
                    counts.record(file, test, false);
                    continue;
                };
                by_mu += (kind == MessageType::ExternalMu) as usize;
                let verify = |signature: &[u8]| {
                    verified(kms.verify(
                        VerifyRequest::new(&key, &input, alg, signature).message_type(kind),
                    ))
                };
                let ours = kms
                    .sign(SignRequest::new(&key, &input, alg).message_type(kind))
                    .unwrap()
                    .signature;
                counts.record(file, test, verify(&hex(&test["sig"])) && verify(&ours));
            }
        }
        println!("{file}: {by_mu} vectors signed and verified by μ (EXTERNAL_MU)");
        counts.finish(file, &doc, 1);
    }
}
