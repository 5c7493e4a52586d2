//! What goes through the server and what the library or OpenSSL does
//! directly agree: ciphertexts cross between boto3 (through a running
//! server) and the library (on the same file store, opened in this
//! process alongside the server's handle), and signatures the server makes
//! verify with `openssl dgst`.

use std::path::Path;
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use polykms::{
    CreateKeyRequest, DecryptRequest, EncryptRequest, EncryptionContext, KeyManager, KeySpec,
};
use serde_json::{Value, json};

use crate::harness::{ACCOUNT_A, DataDir, InProcess, python};

fn script() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/server/cross_kms.py")
}

fn text<'a>(value: &'a Value, member: &str) -> &'a str {
    value[member]
        .as_str()
        .unwrap_or_else(|| panic!("no {member} in {value}"))
}

fn bytes(value: &Value, member: &str) -> Vec<u8> {
    BASE64.decode(text(value, member)).unwrap()
}

#[test]
fn ciphertexts_cross_between_boto3_and_the_library() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    // A second handle on account A's store, beside the server's.
    let store = data.store(ACCOUNT_A);
    let dir = tempfile::tempdir().unwrap();

    // The library encrypts; boto3 decrypts through the server.
    let key = store
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/from-library"))
        .unwrap();
    let context = EncryptionContext::new().with("made-by", "library");
    let plaintext = "sealed by the library";
    let sealed = store
        .encrypt(EncryptRequest::new(&key.key_id, plaintext).context(&context))
        .unwrap();
    let library = json!({
        "key_id": key.key_id.as_str(),
        "context": {"made-by": "library"},
        "plaintext": plaintext,
        "ciphertext": BASE64.encode(&sealed.ciphertext_blob),
    });
    std::fs::write(dir.path().join("library.json"), library.to_string()).unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    python(&script(), &server.url(), &["ciphertexts", dir_arg]);

    // boto3 encrypted through the server; the library decrypts.
    let made: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("boto3.json")).unwrap()).unwrap();
    let key_id = text(&made, "key_id");
    let described = store.describe_key("alias/from-boto3").unwrap();
    assert_eq!(
        described.key_id.as_str(),
        key_id,
        "the server's alias, seen by the library"
    );
    assert_eq!(described.description, "made through boto3");
    let context = EncryptionContext::new().with("made-by", "boto3");
    let blob = bytes(&made, "ciphertext");
    let opened = store
        .decrypt(DecryptRequest::new(&blob).context(&context))
        .unwrap();
    assert_eq!(
        opened.plaintext.expose_secret(),
        text(&made, "plaintext").as_bytes()
    );
    assert_eq!(opened.key_id.as_str(), key_id);
    let data_key = bytes(&made, "data_key_ciphertext");
    let opened = store
        .decrypt(DecryptRequest::new(&data_key).context(&context))
        .unwrap();
    assert_eq!(
        opened.plaintext.expose_secret(),
        &bytes(&made, "data_key_plaintext")[..]
    );
    // The context is bound: without it the library refuses, as the server does.
    assert!(store.decrypt(DecryptRequest::new(&blob)).is_err());
    server.stop();
}

/// Runs a command; its status and combined output.
fn run(command: &mut Command) -> (bool, String) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// `openssl dgst -sha256 -verify PEM -signature SIG [options] FILE`.
fn openssl_verify(pem: &Path, signature: &Path, file: &Path, options: &[&str]) -> (bool, String) {
    run(Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(pem)
        .arg("-signature")
        .arg(signature)
        .args(options)
        .arg(file))
}

#[test]
fn server_signatures_verify_with_openssl() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    std::fs::write(
        path("message.txt"),
        "release 1.0, signed through kms serve\n",
    )
    .unwrap();
    std::fs::write(path("other.txt"), "release 1.1, never signed\n").unwrap();
    python(
        &script(),
        &server.url(),
        &["sign", dir.path().to_str().unwrap()],
    );
    server.stop();

    for name in ["ec", "rsa"] {
        // GetPublicKey's DER SubjectPublicKeyInfo, to PEM.
        let (ok, out) = run(Command::new("openssl")
            .args(["pkey", "-pubin", "-inform", "DER", "-in"])
            .arg(path(&format!("{name}.der")))
            .arg("-out")
            .arg(path(&format!("{name}.pem"))));
        assert!(ok, "openssl pkey {name}: {out}");
    }
    // AWS's PSS uses a salt as long as the digest.
    let pss = [
        "-sigopt",
        "rsa_padding_mode:pss",
        "-sigopt",
        "rsa_pss_saltlen:32",
    ];
    let cases: [(&str, &str, &[&str]); 3] = [
        ("ec", "ECDSA_SHA_256", &[]),
        ("rsa", "RSASSA_PSS_SHA_256", &pss),
        ("rsa", "RSASSA_PKCS1_V1_5_SHA_256", &[]),
    ];
    for (key, algorithm, options) in cases {
        let pem = path(&format!("{key}.pem"));
        let signature = path(&format!("{algorithm}.sig"));
        let (ok, out) = openssl_verify(&pem, &signature, &path("message.txt"), options);
        assert!(ok && out.contains("Verified OK"), "{algorithm}: {out}");
        let (ok, out) = openssl_verify(&pem, &signature, &path("other.txt"), options);
        assert!(!ok, "{algorithm} verified another message: {out}");
    }
}
