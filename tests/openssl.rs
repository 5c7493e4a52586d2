//! Interoperability with OpenSSL 3 (the `openssl` command-line tool):
//! signatures made here verify there, for every signing spec, algorithm and
//! message type; data OpenSSL encrypts to an exported public key decrypts
//! here; private keys of data key pairs load there; key material wrapped
//! by OpenSSL, the way the clouds' import guides do it, imports here; ECDH
//! shared secrets agree with OpenSSL's (`pkeyutl -derive`) both ways; ML-DSA
//! signatures cross with Python's `cryptography` both ways.

use std::path::{Path, PathBuf};
use std::process::Command;

use polykms::{
    CreateKeyRequest, DataKeyPairSpec, DecryptRequest, DeriveSharedSecretRequest,
    EncryptionAlgorithm, Error, GenerateDataKeyPairRequest, GenerateMacRequest,
    GetParametersForImportRequest, ImportKeyMaterialRequest, ImportPublicKeyRequest, InMemory,
    KeyManager, KeySpec, KeyUsage, MacAlgorithm, MessageType, Origin, SignRequest,
    SigningAlgorithm, VerifyRequest, Vocabulary, WrappingAlgorithm, WrappingKeySpec,
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
    // OpenSSL 3.0 has no ML-DSA (3.5 has): Python's `cryptography`, on its
    // own OpenSSL, checks it (`ml_dsa_interoperates_with_python_cryptography`).
    for spec in KeySpec::all().into_iter().filter(|s| {
        !s.signing_algorithms().is_empty()
            && !s
                .signing_algorithms()
                .contains(&SigningAlgorithm::MlDsaShake256)
    }) {
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

/// ECDH both ways with OpenSSL, on P-256, P-384 and P-521: OpenSSL
/// derives from its private key and the KMS key's exported public key, the
/// KMS from its key and OpenSSL's public key, and the secrets are equal
/// (the x-coordinate, field-sized); a public key on another curve is
/// refused by both. OpenSSL 3.0 refuses ECDH with SM2 keys ("operation not
/// supported for this keytype"): `ecdh_on_sm2_agrees_with_an_independent_reference`
/// checks SM2.
#[test]
fn ecdh_agrees_with_openssl_both_ways() {
    let kms = InMemory::new();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (spec, curve, len) in [
        (KeySpec::EccNistP256, "P-256", 32),
        (KeySpec::EccNistP384, "P-384", 48),
        (KeySpec::EccNistP521, "P-521", 66),
    ] {
        let key = kms
            .create_key(CreateKeyRequest::new(spec).usage(KeyUsage::KeyAgreement))
            .unwrap();
        let info = kms.get_public_key(key.key_id.as_str()).unwrap();
        let ours = write(d, "ours.pem", info.public_key_pem().as_bytes());
        let theirs = d.join("theirs.pem");
        let option = format!("ec_paramgen_curve:{curve}");
        let (ok, text) = openssl(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            &option,
            "-out",
            s(&theirs),
        ]);
        assert!(ok, "{spec}: {text}");
        let their_public = d.join("theirs.der");
        let (ok, text) = openssl(&[
            "pkey",
            "-in",
            s(&theirs),
            "-pubout",
            "-outform",
            "DER",
            "-out",
            s(&their_public),
        ]);
        assert!(ok, "{spec}: {text}");
        let secret_file = d.join("secret.bin");
        let (ok, text) = openssl(&[
            "pkeyutl",
            "-derive",
            "-inkey",
            s(&theirs),
            "-peerkey",
            s(&ours),
            "-out",
            s(&secret_file),
        ]);
        assert!(ok, "{spec}: {text}");
        let at_openssl = std::fs::read(&secret_file).unwrap();
        let peer = std::fs::read(&their_public).unwrap();
        let request = DeriveSharedSecretRequest::new(key.key_id.as_str(), &peer);
        let here = kms.derive_shared_secret(request).unwrap();
        assert_eq!(at_openssl.len(), len, "{spec}");
        assert_eq!(
            here.shared_secret.expose_secret(),
            at_openssl.as_slice(),
            "{spec}"
        );
    }
    // A P-384 public key against a P-256 key: refused here and by OpenSSL.
    let p256 = kms
        .create_key(CreateKeyRequest::new(KeySpec::EccNistP256).usage(KeyUsage::KeyAgreement))
        .unwrap();
    let p256_pem = write(
        d,
        "p256.pem",
        kms.get_public_key(p256.key_id.as_str())
            .unwrap()
            .public_key_pem()
            .as_bytes(),
    );
    let p384 = d.join("p384.pem");
    let (ok, text) = openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-out",
        s(&p384),
    ]);
    assert!(ok, "{text}");
    let (ok, _) = openssl(&[
        "pkeyutl",
        "-derive",
        "-inkey",
        s(&p384),
        "-peerkey",
        s(&p256_pem),
    ]);
    assert!(!ok, "OpenSSL refuses a peer on another curve");
    let p384_der = d.join("p384.der");
    let (ok, text) = openssl(&[
        "pkey",
        "-in",
        s(&p384),
        "-pubout",
        "-outform",
        "DER",
        "-out",
        s(&p384_der),
    ]);
    assert!(ok, "{text}");
    let peer = std::fs::read(&p384_der).unwrap();
    let refused =
        kms.derive_shared_secret(DeriveSharedSecretRequest::new(p256.key_id.as_str(), &peer));
    assert!(
        matches!(&refused, Err(Error::InvalidArgument { name, reason }) if name == "public key" && reason.contains("ECC_NIST_P384")),
        "{refused:?}"
    );
}

/// Python's `cryptography` (ML-DSA on its own OpenSSL): verifies a
/// signature the KMS made with a generated key over the KMS's exported
/// public key, and makes a key (exported as the PKCS#8 seed form) and a
/// signature that the KMS, once the seed is imported (and, separately, the
/// public key alone), verifies; both sides derive the same public key from
/// the seed.
const PYTHON_ML_DSA: &str = r#"
import sys
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import mldsa
name, ours_spki, ours_sig, message = sys.argv[1], *(bytes.fromhex(a) for a in sys.argv[2:5])
key = s.load_der_public_key(ours_spki)
key.verify(ours_sig, message)
try:
    key.verify(ours_sig, message + b"!")
    sys.exit("a signature over another message verified")
except Exception:
    pass
generate = {"44": mldsa.MLDSA44PrivateKey, "65": mldsa.MLDSA65PrivateKey, "87": mldsa.MLDSA87PrivateKey}[name].generate
theirs = generate()
print(theirs.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption()).hex())
print(theirs.public_key().public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo).hex())
print(theirs.sign(message).hex())
"#;

/// A new key with origin EXTERNAL holding `pkcs8`, wrapped with SM2PKE.
fn import_seed(kms: &InMemory, spec: KeySpec, pkcs8: &[u8]) -> String {
    let key = kms
        .create_key(CreateKeyRequest::new(spec).origin(Origin::External))
        .unwrap()
        .key_id
        .to_string();
    let (algorithm, wrapping) = (WrappingAlgorithm::Sm2Pke, WrappingKeySpec::Sm2);
    let params = kms
        .get_parameters_for_import(GetParametersForImportRequest::new(
            &key, algorithm, wrapping,
        ))
        .unwrap();
    let wrapped = wrap_key_material(&params.public_key, algorithm, pkcs8).unwrap();
    kms.import_key_material(ImportKeyMaterialRequest::new(
        &key,
        &params.import_token,
        &wrapped,
    ))
    .unwrap_or_else(|e| panic!("{spec}: the seed imports: {e}"));
    key
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn ml_dsa_interoperates_with_python_cryptography() {
    let kms = InMemory::new();
    let alg = SigningAlgorithm::MlDsaShake256;
    let message = b"interoperability: ML-DSA across implementations".as_slice();
    for (spec, name) in [
        (KeySpec::MlDsa44, "44"),
        (KeySpec::MlDsa65, "65"),
        (KeySpec::MlDsa87, "87"),
    ] {
        let key = kms.create_key(CreateKeyRequest::new(spec)).unwrap();
        let id = key.key_id.as_str();
        let spki = kms.get_public_key(id).unwrap().public_key;
        let ours = kms
            .sign(SignRequest::new(id, message, alg))
            .unwrap()
            .signature;
        let out = Command::new("python3")
            .args(["-c", PYTHON_ML_DSA, name])
            .args([to_hex(&spki), to_hex(&ours), to_hex(message)])
            .output()
            .expect("python3 with `cryptography` is installed (.ci/run installs it)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{spec}: Python verifies ours: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines: Vec<Vec<u8>> = stdout.lines().map(unhex).collect();
        let [pkcs8, their_spki, theirs] = &lines[..] else {
            panic!("{spec}: {stdout}")
        };
        let imported = import_seed(&kms, spec, pkcs8);
        assert_eq!(
            &kms.get_public_key(&imported).unwrap().public_key,
            their_spki,
            "{spec}"
        );
        let verify = |key: &str, signature: &[u8], message: &[u8]| {
            kms.verify(VerifyRequest::new(key, message, alg, signature))
        };
        verify(&imported, theirs, message).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert!(matches!(
            verify(&imported, theirs, b"another"),
            Err(Error::InvalidSignature)
        ));
        let public_only = kms
            .create_key(CreateKeyRequest::new(spec).origin(Origin::External))
            .unwrap();
        let public_only = public_only.key_id.as_str();
        kms.import_public_key(ImportPublicKeyRequest::new(public_only, their_spki))
            .unwrap();
        verify(public_only, theirs, message).unwrap_or_else(|e| panic!("{spec}: {e}"));
        // The imported seed signs, and Python's public key of it agrees.
        let from_seed = kms.sign(SignRequest::new(&imported, message, alg)).unwrap();
        verify(public_only, &from_seed.signature, message).unwrap();
    }
}

/// SM2 ECDH by the curve's equations (GB/T 32918.5 parameters), in plain
/// Python integers: the reference's key pair is random; it prints its
/// public key as SubjectPublicKeyInfo and x(d·Q) for the KMS key's point Q.
const PYTHON_SM2_ECDH: &str = r#"
import secrets, sys
p = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
a = p - 3
n = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
G = (0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
     0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0)
b = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
def add(P, Q):
    if P is None: return Q
    if Q is None: return P
    if P[0] == Q[0] and (P[1] + Q[1]) % p == 0: return None
    if P == Q: l = (3 * P[0] * P[0] + a) * pow(2 * P[1], -1, p) % p
    else: l = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (l * l - P[0] - Q[0]) % p
    return (x, (l * (P[0] - x) - P[1]) % p)
def mul(k, P):
    R = None
    while k:
        if k & 1: R = add(R, P)
        P, k = add(P, P), k >> 1
    return R
spki = bytes.fromhex(sys.argv[1])
point = spki[-65:]
assert point[0] == 4
Q = (int.from_bytes(point[1:33], "big"), int.from_bytes(point[33:], "big"))
assert (Q[1] ** 2 - Q[0] ** 3 - a * Q[0] - b) % p == 0
d = secrets.randbelow(n - 1) + 1
X, Y = mul(d, G)
prefix = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d034200")
print((prefix + b"\x04" + X.to_bytes(32, "big") + Y.to_bytes(32, "big")).hex())
print(mul(d, Q)[0].to_bytes(32, "big").hex())
"#;

/// SM2 ECDH both ways against the reference above: the KMS derives from
/// its key and the reference's public key the secret the reference derives
/// from its private key and the KMS key's public key.
#[test]
fn ecdh_on_sm2_agrees_with_an_independent_reference() {
    let kms = InMemory::new();
    for _ in 0..4 {
        let key = kms
            .create_key(CreateKeyRequest::new(KeySpec::Sm2).usage(KeyUsage::KeyAgreement))
            .unwrap();
        let spki = kms.get_public_key(key.key_id.as_str()).unwrap().public_key;
        let out = Command::new("python3")
            .args(["-c", PYTHON_SM2_ECDH, &to_hex(&spki)])
            .output()
            .expect("python3 is installed");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<Vec<u8>> = stdout.lines().map(unhex).collect();
        let [peer, at_reference] = &lines[..] else {
            panic!("{stdout}")
        };
        let request = DeriveSharedSecretRequest::new(key.key_id.as_str(), peer);
        let here = kms.derive_shared_secret(request).unwrap();
        assert_eq!(here.shared_secret.expose_secret(), at_reference.as_slice());
    }
}
