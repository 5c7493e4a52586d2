//! Interoperability with OpenSSL 3 (the `openssl` command-line tool):
//! signatures made here verify there, for every signing spec, algorithm and
//! message type; data OpenSSL encrypts to an exported public key decrypts
//! here; private keys of data key pairs load there; key material wrapped
//! by OpenSSL, the way the clouds' import guides do it, imports here.

use std::path::{Path, PathBuf};
use std::process::Command;

use polykms::{
    CreateKeyRequest, DataKeyPairSpec, DecryptRequest, EncryptionAlgorithm, Error,
    GenerateDataKeyPairRequest, GenerateMacRequest, GetParametersForImportRequest,
    ImportKeyMaterialRequest, InMemory, KeyManager, KeySpec, KeyUsage, MacAlgorithm, MessageType,
    Origin, SignRequest, SigningAlgorithm, Vocabulary, WrappingAlgorithm, WrappingKeySpec,
    wrap_key_material,
};
use sha2::{Digest, Sha256, Sha384, Sha512};
use sm3::Sm3;

fn openssl(args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl command-line tool is installed (.ci/run installs it)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn hash_name(alg: SigningAlgorithm) -> &'static str {
    match alg.digest_len() {
        _ if alg == SigningAlgorithm::Sm2Dsa => "sm3",
        32 => "sha256",
        48 => "sha384",
        _ => "sha512",
    }
}

fn is_pss(alg: SigningAlgorithm) -> bool {
    alg.as_str().starts_with("RSASSA_PSS")
}

/// SM3(Z_A ‖ M) with the default distinguishing ID, computed independently
/// of the crate from the exported public key (GB/T 32918.2, 5.5).
fn sm2_digest(spki: &[u8], message: &[u8]) -> Vec<u8> {
    let hex = |h: &str| -> Vec<u8> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect()
    };
    let point = &spki[spki.len() - 64..]; // x ‖ y after the 0x04 prefix
    let mut z = Sm3::new();
    z.update([0x00, 0x80]); // ENTL: 16 bytes × 8 bits
    z.update(b"1234567812345678");
    z.update(hex(
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC",
    ));
    z.update(hex(
        "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93",
    ));
    z.update(hex(
        "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7",
    ));
    z.update(hex(
        "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0",
    ));
    z.update(point);
    let z = z.finalize();
    let mut e = Sm3::new();
    e.update(z);
    e.update(message);
    e.finalize().to_vec()
}

/// The digest the caller passes with message type DIGEST.
fn caller_digest(alg: SigningAlgorithm, spki: &[u8], message: &[u8]) -> Vec<u8> {
    match hash_name(alg) {
        "sm3" => sm2_digest(spki, message),
        "sha256" => Sha256::digest(message).to_vec(),
        "sha384" => Sha384::digest(message).to_vec(),
        _ => Sha512::digest(message).to_vec(),
    }
}

/// Verifies `signature` over `message` with OpenSSL.
fn openssl_verifies(
    dir: &Path,
    pem: &Path,
    alg: SigningAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> (bool, String) {
    let msg = write(dir, "msg.bin", message);
    let sig = write(dir, "sig.bin", signature);
    match alg {
        SigningAlgorithm::Ed25519Sha512 => openssl(&[
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            s(pem),
            "-rawin",
            "-in",
            s(&msg),
            "-sigfile",
            s(&sig),
        ]),
        SigningAlgorithm::Sm2Dsa => openssl(&[
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            s(pem),
            "-rawin",
            "-in",
            s(&msg),
            "-sigfile",
            s(&sig),
            "-digest",
            "sm3",
            "-pkeyopt",
            "distid:1234567812345678",
        ]),
        _ => {
            let digest = format!("-{}", hash_name(alg));
            let mut args = vec![
                "dgst",
                digest.as_str(),
                "-verify",
                s(pem),
                "-signature",
                s(&sig),
            ];
            if is_pss(alg) {
                args.extend([
                    "-sigopt",
                    "rsa_padding_mode:pss",
                    "-sigopt",
                    "rsa_pss_saltlen:digest",
                ]);
            }
            args.push(s(&msg));
            openssl(&args)
        }
    }
}

#[test]
fn signatures_made_here_verify_with_openssl() {
    let kms = InMemory::new();
    let dir = tempfile::tempdir().unwrap();
    let message = b"interoperability: a message signed by polykms".as_slice();
    let mut checked = 0;
    for spec in KeySpec::all()
        .into_iter()
        .filter(|s| !s.signing_algorithms().is_empty())
    {
        let key = kms
            .create_key(CreateKeyRequest::new(spec).usage(KeyUsage::SignVerify))
            .unwrap();
        let id = key.key_id.as_str();
        let info = kms.get_public_key(id).unwrap();
        let pem = write(dir.path(), "pub.pem", info.public_key_pem().as_bytes());
        for alg in spec.signing_algorithms() {
            if *alg == SigningAlgorithm::Ed25519PhSha512 {
                // OpenSSL 3.0 has no Ed25519ph; the RFC 8032 vector checks it (src/crypto/ed25519.rs).
                continue;
            }
            for kind in alg.message_types() {
                let input = match kind {
                    MessageType::Raw => message.to_vec(),
                    _ => caller_digest(*alg, &info.public_key, message),
                };
                let signed = kms
                    .sign(SignRequest::new(id, &input, *alg).message_type(*kind))
                    .unwrap();
                let (ok, text) =
                    openssl_verifies(dir.path(), &pem, *alg, message, &signed.signature);
                assert!(
                    ok && text.contains("Verified"),
                    "{spec} {alg} {kind}: {text}"
                );
                let (ok, _) = openssl_verifies(
                    dir.path(),
                    &pem,
                    *alg,
                    b"another message",
                    &signed.signature,
                );
                assert!(
                    !ok,
                    "{spec} {alg} {kind}: OpenSSL must reject a wrong message"
                );
                checked += 1;
            }
        }
    }
    // RSA: 3 sizes × 6 algorithms × 2; ECDSA: 4 × 2; SM2: 2; Ed25519: 1.
    assert_eq!(checked, 36 + 8 + 2 + 1);
}

#[test]
fn what_openssl_encrypts_to_an_exported_key_decrypts_here() {
    let kms = InMemory::new();
    let dir = tempfile::tempdir().unwrap();
    let plaintext = b"encrypted by OpenSSL, decrypted by polykms";
    let pt = write(dir.path(), "pt.bin", plaintext);
    let ct = dir.path().join("ct.bin");
    for spec in [
        KeySpec::Rsa2048,
        KeySpec::Rsa3072,
        KeySpec::Rsa4096,
        KeySpec::Sm2,
    ] {
        let key = kms
            .create_key(CreateKeyRequest::new(spec).usage(KeyUsage::EncryptDecrypt))
            .unwrap();
        let id = key.key_id.as_str();
        let pem = write(
            dir.path(),
            "pub.pem",
            kms.get_public_key(id).unwrap().public_key_pem().as_bytes(),
        );
        for alg in spec.encryption_algorithms() {
            let mut args = vec![
                "pkeyutl",
                "-encrypt",
                "-pubin",
                "-inkey",
                s(&pem),
                "-in",
                s(&pt),
                "-out",
                s(&ct),
            ];
            match alg {
                EncryptionAlgorithm::RsaesOaepSha1 => args.extend([
                    "-pkeyopt",
                    "rsa_padding_mode:oaep",
                    "-pkeyopt",
                    "rsa_oaep_md:sha1",
                    "-pkeyopt",
                    "rsa_mgf1_md:sha1",
                ]),
                EncryptionAlgorithm::RsaesOaepSha256 => args.extend([
                    "-pkeyopt",
                    "rsa_padding_mode:oaep",
                    "-pkeyopt",
                    "rsa_oaep_md:sha256",
                    "-pkeyopt",
                    "rsa_mgf1_md:sha256",
                ]),
                _ => {}
            }
            let (ok, text) = openssl(&args);
            assert!(ok, "{spec} {alg}: {text}");
            let ciphertext = std::fs::read(&ct).unwrap();
            let opened = kms
                .decrypt(DecryptRequest::new(&ciphertext).key_id(id).algorithm(*alg))
                .unwrap_or_else(|e| panic!("{spec} {alg}: {e}"));
            assert_eq!(opened.plaintext.expose_secret(), plaintext, "{spec} {alg}");
        }
    }
}

#[test]
fn data_key_pair_private_keys_load_in_openssl() {
    let kms = InMemory::new();
    let dir = tempfile::tempdir().unwrap();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    for spec in DataKeyPairSpec::all() {
        let pair = kms
            .generate_data_key_pair(GenerateDataKeyPairRequest::new(key.key_id.as_str(), spec))
            .unwrap();
        let private = write(
            dir.path(),
            "private.der",
            pair.private_key_plaintext.expose_secret(),
        );
        let public = dir.path().join("public.der");
        let (ok, text) = openssl(&[
            "pkey",
            "-inform",
            "DER",
            "-in",
            s(&private),
            "-pubout",
            "-outform",
            "DER",
            "-out",
            s(&public),
        ]);
        assert!(ok, "{spec}: {text}");
        assert_eq!(
            std::fs::read(&public).unwrap(),
            pair.public_key,
            "{spec}: OpenSSL derives the same public key"
        );
    }
}

/// Creates a key with origin EXTERNAL and gets import parameters for it,
/// writing the wrapping public key as PEM.
fn external_key(
    kms: &InMemory,
    dir: &Path,
    spec: KeySpec,
    usage: KeyUsage,
    algorithm: WrappingAlgorithm,
    wrapping: WrappingKeySpec,
) -> (String, Vec<u8>, PathBuf) {
    let key = kms
        .create_key(
            CreateKeyRequest::new(spec)
                .usage(usage)
                .origin(Origin::External),
        )
        .unwrap()
        .key_id
        .to_string();
    let params = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(
            &key, algorithm, wrapping,
        ))
        .unwrap();
    let pem = write(
        dir,
        &format!("{key}.pem"),
        params.public_key_pem().as_bytes(),
    );
    (key, params.import_token, pem)
}

/// RSA-OAEP with OpenSSL, as `openssl pkeyutl` does it for the clouds.
fn openssl_oaep(dir: &Path, pem: &Path, md: &str, plaintext: &[u8]) -> Vec<u8> {
    let input = write(dir, "oaep-in.bin", plaintext);
    let output = dir.join("oaep-out.bin");
    let (ok, text) = openssl(&[
        "pkeyutl",
        "-encrypt",
        "-pubin",
        "-inkey",
        s(pem),
        "-in",
        s(&input),
        "-out",
        s(&output),
        "-pkeyopt",
        "rsa_padding_mode:oaep",
        "-pkeyopt",
        &format!("rsa_oaep_md:{md}"),
        "-pkeyopt",
        &format!("rsa_mgf1_md:{md}"),
    ]);
    assert!(ok, "{text}");
    std::fs::read(output).unwrap()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks that the material imported into `key` is exactly `material`: the
/// same bytes wrapped here import again (same material), and other bytes are
/// refused as different material.
fn imported_material_is(kms: &InMemory, key: &str, material: &[u8]) {
    let reimport = |bytes: &[u8]| {
        let algorithm = WrappingAlgorithm::RsaAesKeyWrapSha256;
        let params = kms
            .get_parameters_for_import(GetParametersForImportRequest::new(
                key,
                algorithm,
                WrappingKeySpec::Rsa2048,
            ))
            .unwrap();
        let wrapped = wrap_key_material(&params.public_key, algorithm, bytes).unwrap();
        kms.import_key_material(ImportKeyMaterialRequest::new(
            key,
            &params.import_token,
            &wrapped,
        ))
    };
    reimport(material).unwrap();
    let mut other = material.to_vec();
    other[0] ^= 1;
    assert!(matches!(
        reimport(&other),
        Err(Error::IncorrectKeyMaterial { .. })
    ));
}

#[test]
fn material_wrapped_by_openssl_imports_here() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let kms = InMemory::new();

    // HMAC keys wrapped with RSA-OAEP SHA-1 and SHA-256: the MAC equals
    // OpenSSL's HMAC with the same key.
    for (algorithm, md) in [
        (WrappingAlgorithm::RsaesOaepSha1, "sha1"),
        (WrappingAlgorithm::RsaesOaepSha256, "sha256"),
    ] {
        let (key, token, pem) = external_key(
            &kms,
            dir,
            KeySpec::Hmac256,
            KeyUsage::GenerateVerifyMac,
            algorithm,
            WrappingKeySpec::Rsa3072,
        );
        let material: Vec<u8> = (0..48).map(|i| i * 5 + 1).collect();
        let wrapped = openssl_oaep(dir, &pem, md, &material);
        kms.import_key_material(ImportKeyMaterialRequest::new(&key, &token, &wrapped))
            .unwrap();
        let mac = kms
            .generate_mac(GenerateMacRequest::new(
                &key,
                b"hello",
                MacAlgorithm::HmacSha256,
            ))
            .unwrap()
            .mac;
        let message = write(dir, "message.txt", b"hello");
        let (ok, text) = openssl(&[
            "dgst",
            "-sha256",
            "-mac",
            "HMAC",
            "-macopt",
            &format!("hexkey:{}", to_hex(&material)),
            s(&message),
        ]);
        assert!(ok, "{text}");
        assert!(text.trim_end().ends_with(&to_hex(&mac)), "{text}");
    }

    // An AES-256 key wrapped with SM2PKE by OpenSSL's SM2 encryption.
    let (key, token, pem) = external_key(
        &kms,
        dir,
        KeySpec::SymmetricDefault,
        KeyUsage::EncryptDecrypt,
        WrappingAlgorithm::Sm2Pke,
        WrappingKeySpec::Sm2,
    );
    let material = [0x5a; 32];
    let input = write(dir, "aes.bin", &material);
    let output = dir.join("aes-sm2.bin");
    let (ok, text) = openssl(&[
        "pkeyutl",
        "-encrypt",
        "-pubin",
        "-inkey",
        s(&pem),
        "-in",
        s(&input),
        "-out",
        s(&output),
    ]);
    assert!(ok, "{text}");
    kms.import_key_material(ImportKeyMaterialRequest::new(
        &key,
        &token,
        std::fs::read(&output).unwrap(),
    ))
    .unwrap();
    imported_material_is(&kms, &key, &material);

    // An RSA private key made by OpenSSL, wrapped as AWS's import guide
    // says for RSA_AES_KEY_WRAP_SHA_256: a fresh AES-256 key under RSA-OAEP
    // SHA-256, then the PKCS#8 key under `id-aes256-wrap-pad` (RFC 5649).
    let (key, token, pem) = external_key(
        &kms,
        dir,
        KeySpec::Rsa2048,
        KeyUsage::SignVerify,
        WrappingAlgorithm::RsaAesKeyWrapSha256,
        WrappingKeySpec::Rsa4096,
    );
    let private_pem = dir.join("rsa.pem");
    let private_der = dir.join("rsa.der");
    let public_der = dir.join("rsa-pub.der");
    let public_pem = dir.join("rsa-pub.pem");
    for args in [
        vec![
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            s(&private_pem),
        ],
        vec![
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            s(&private_pem),
            "-outform",
            "DER",
            "-out",
            s(&private_der),
        ],
        vec![
            "pkey",
            "-in",
            s(&private_pem),
            "-pubout",
            "-outform",
            "DER",
            "-out",
            s(&public_der),
        ],
        vec![
            "pkey",
            "-in",
            s(&private_pem),
            "-pubout",
            "-out",
            s(&public_pem),
        ],
    ] {
        let (ok, text) = openssl(&args);
        assert!(ok, "{text}");
    }
    let aes_key: Vec<u8> = (0..32).map(|i| 255 - i).collect();
    let mut wrapped = openssl_oaep(dir, &pem, "sha256", &aes_key);
    let sealed = dir.join("rsa-kwp.bin");
    let (ok, text) = openssl(&[
        "enc",
        "-id-aes256-wrap-pad",
        "-K",
        &to_hex(&aes_key),
        "-iv",
        "A65959A6",
        "-in",
        s(&private_der),
        "-out",
        s(&sealed),
    ]);
    assert!(ok, "{text}");
    wrapped.extend_from_slice(&std::fs::read(&sealed).unwrap());
    kms.import_key_material(ImportKeyMaterialRequest::new(&key, &token, &wrapped))
        .unwrap();
    assert_eq!(
        kms.get_public_key(&key).unwrap().public_key,
        std::fs::read(&public_der).unwrap()
    );
    // And what it signs verifies with OpenSSL's own public key.
    let alg = SigningAlgorithm::RsassaPkcs1V15Sha256;
    let signature = kms
        .sign(SignRequest::new(&key, b"imported", alg))
        .unwrap()
        .signature;
    let (ok, text) = openssl_verifies(dir, &public_pem, alg, b"imported", &signature);
    assert!(ok, "{text}");
}
