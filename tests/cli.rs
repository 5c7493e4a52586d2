//! The `kms` tool end to end, spawned as a process.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::Value;

struct Store {
    dir: tempfile::TempDir,
}

impl Store {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let hex: String = (0..32).map(|i| format!("{:02x}", 200 - i)).collect();
        std::fs::write(dir.path().join("root.key"), hex).unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kms"))
            .args(args)
            .env("KMS_STORE", self.path("store"))
            .env("KMS_ROOT_KEY_FILE", self.path("root.key"))
            .env_remove("KMS_ROOT_KEY")
            .env_remove("KMS_PASSPHRASE")
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed; returns its JSON output.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
    }

    /// Runs a command that must succeed with `--output text`; returns stdout.
    fn text(&self, args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.extend(["--output", "text"]);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim_end().to_owned()
    }

    /// Runs a command that must fail; returns its one-line error.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.starts_with("kms: error: "), "{err}");
        err
    }
}

fn create(store: &Store, spec: &str, usage: &str) -> String {
    store.text(&[
        "create-key",
        "--key-spec",
        spec,
        "--key-usage",
        usage,
        "--query",
        "KeyMetadata.KeyId",
    ])
}

#[test]
fn key_management_round_trip() {
    let s = Store::new();
    let out = s.json(&[
        "create-key",
        "--key-spec",
        "Aliyun_AES_256",
        "--description",
        "from the shell",
        "--tags",
        "TagKey=team,TagValue=ops",
        "TagKey=env,TagValue=prod",
    ]);
    let meta = &out["KeyMetadata"];
    assert_eq!(meta["KeySpec"], "SYMMETRIC_DEFAULT");
    assert_eq!(meta["KeyUsage"], "ENCRYPT_DECRYPT");
    assert_eq!(meta["KeyState"], "Enabled");
    assert_eq!(meta["Description"], "from the shell");
    let id = meta["KeyId"].as_str().unwrap();
    let out = s.run(&[
        "create-alias",
        "--alias-name",
        "alias/shell",
        "--target-key-id",
        id,
    ]);
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "an empty result prints nothing"
    );
    assert_eq!(
        s.json(&["describe-key", "--key-id", "alias/shell"])["KeyMetadata"]["KeyId"],
        id
    );
    let aliases = s.json(&["list-aliases", "--key-id", id]);
    assert_eq!(aliases["Aliases"][0]["AliasName"], "alias/shell");
    s.text(&[
        "tag-resource",
        "--key-id",
        id,
        "--tags",
        "TagKey=extra,TagValue=1",
    ]);
    s.text(&["disable-key", "--key-id", id]);
    assert_eq!(
        s.json(&["describe-key", "--key-id", id])["KeyMetadata"]["KeyState"],
        "Disabled"
    );
    s.text(&["enable-key", "--key-id", id]);
    let scheduled = s.json(&[
        "schedule-key-deletion",
        "--key-id",
        id,
        "--pending-window-in-days",
        "7",
    ]);
    assert_eq!(scheduled["KeyState"], "PendingDeletion");
    assert_eq!(scheduled["PendingWindowInDays"], 7);
    s.json(&["cancel-key-deletion", "--key-id", id]);
    assert_eq!(
        s.json(&["describe-key", "--key-id", id])["KeyMetadata"]["KeyState"],
        "Disabled"
    );
    // Specs in every vendor's spelling.
    for spec in ["EC_P256K", "SECP256K1", "ECC_SECG_P256K1"] {
        let out = s.json(&["create-key", "--key-spec", spec]);
        assert_eq!(out["KeyMetadata"]["KeySpec"], "ECC_SECG_P256K1");
        assert_eq!(out["KeyMetadata"]["KeyUsage"], "SIGN_VERIFY");
    }
    let listed = s.json(&["list-keys"]);
    assert_eq!(listed["Keys"].as_array().unwrap().len(), 4);
    let page = s.json(&["list-keys", "--limit", "3"]);
    assert_eq!(page["Truncated"], true);
    let marker = page["NextMarker"].as_str().unwrap();
    assert_eq!(
        s.json(&["list-keys", "--marker", marker])["Keys"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn encrypt_and_decrypt_through_files_and_base64() {
    let s = Store::new();
    let id = create(&s, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
    std::fs::write(s.path("plain.txt"), b"shell secret\n").unwrap();
    let plain_arg = format!("fileb://{}", s.path("plain.txt").display());
    let blob = s.text(&[
        "encrypt",
        "--key-id",
        &id,
        "--plaintext",
        &plain_arg,
        "--encryption-context",
        "app=cli,stage=test",
        "--query",
        "CiphertextBlob",
    ]);
    std::fs::write(s.path("cipher.bin"), B64.decode(&blob).unwrap()).unwrap();
    let cipher_arg = format!("fileb://{}", s.path("cipher.bin").display());
    let plain = s.text(&[
        "decrypt",
        "--ciphertext-blob",
        &cipher_arg,
        "--encryption-context",
        "{\"stage\":\"test\",\"app\":\"cli\"}",
        "--query",
        "Plaintext",
    ]);
    assert_eq!(B64.decode(plain).unwrap(), b"shell secret\n");
    // The context is checked; base64 input works too.
    let err = s.fails(&[
        "decrypt",
        "--ciphertext-blob",
        &blob,
        "--encryption-context",
        "app=cli",
    ]);
    assert!(err.contains("invalid ciphertext"), "{err}");
    let b64 = B64.encode(b"inline");
    let blob = s.text(&[
        "encrypt",
        "--key-id",
        &id,
        "--plaintext",
        &b64,
        "--query",
        "CiphertextBlob",
    ]);
    let out = s.json(&["decrypt", "--ciphertext-blob", &blob, "--key-id", &id]);
    assert_eq!(out["Plaintext"], b64);
    assert!(out["KeyId"].as_str().unwrap().ends_with(&id));
    // A data key and random bytes.
    let dk = s.json(&[
        "generate-data-key",
        "--key-id",
        &id,
        "--key-spec",
        "AES_128",
    ]);
    assert_eq!(
        B64.decode(dk["Plaintext"].as_str().unwrap()).unwrap().len(),
        16
    );
    let back = s.json(&[
        "decrypt",
        "--ciphertext-blob",
        dk["CiphertextBlob"].as_str().unwrap(),
    ]);
    assert_eq!(back["Plaintext"], dk["Plaintext"]);
    let random = s.text(&[
        "generate-random",
        "--number-of-bytes",
        "48",
        "--query",
        "Plaintext",
    ]);
    assert_eq!(B64.decode(random).unwrap().len(), 48);
    // RSA with OAEP through the tool.
    let rsa = create(&s, "RSA_2048", "ENCRYPT_DECRYPT");
    let ct = s.text(&[
        "encrypt",
        "--key-id",
        &rsa,
        "--plaintext",
        &b64,
        "--encryption-algorithm",
        "RSAES_OAEP_SHA_256",
        "--query",
        "CiphertextBlob",
    ]);
    let pt = s.text(&[
        "decrypt",
        "--key-id",
        &rsa,
        "--ciphertext-blob",
        &ct,
        "--encryption-algorithm",
        "RSAES_OAEP_SHA_256",
        "--query",
        "Plaintext",
    ]);
    assert_eq!(pt, b64);
}

fn openssl_verifies(pem: &Path, message: &Path, signature: &Path) -> bool {
    Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(pem)
        .arg("-signature")
        .arg(signature)
        .arg(message)
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn sign_verify_and_export_the_public_key() {
    let s = Store::new();
    let id = create(&s, "EC_P256", "SIGN/VERIFY");
    std::fs::write(s.path("msg.txt"), b"release notes").unwrap();
    let msg = format!("fileb://{}", s.path("msg.txt").display());
    let sig = s.text(&[
        "sign",
        "--key-id",
        &id,
        "--message",
        &msg,
        "--signing-algorithm",
        "ECDSA_SHA_256",
        "--query",
        "Signature",
    ]);
    let ok = s.json(&[
        "verify",
        "--key-id",
        &id,
        "--message",
        &msg,
        "--signature",
        &sig,
        "--signing-algorithm",
        "ECDSA_SHA_256",
    ]);
    assert_eq!(ok["SignatureValid"], true);
    let other = B64.encode(b"tampered notes");
    let err = s.fails(&[
        "verify",
        "--key-id",
        &id,
        "--message",
        &other,
        "--signature",
        &sig,
        "--signing-algorithm",
        "ECDSA_SHA_256",
    ]);
    assert!(err.contains("invalid signature"), "{err}");
    // The PEM public key verifies the signature in OpenSSL.
    let pem = s.text(&[
        "get-public-key",
        "--key-id",
        &id,
        "--public-key-format",
        "PEM",
        "--query",
        "PublicKey",
    ]);
    std::fs::write(s.path("pub.pem"), format!("{pem}\n")).unwrap();
    std::fs::write(s.path("sig.der"), B64.decode(&sig).unwrap()).unwrap();
    assert!(openssl_verifies(
        &s.path("pub.pem"),
        &s.path("msg.txt"),
        &s.path("sig.der")
    ));
    let der = s.json(&["get-public-key", "--key-id", &id]);
    assert_eq!(der["SigningAlgorithms"][0], "ECDSA_SHA_256");
    assert_eq!(
        B64.decode(der["PublicKey"].as_str().unwrap()).unwrap()[0],
        0x30
    );
    // A digest signed with DIGEST verifies as RAW over the message.
    use sha2::Digest;
    let digest = B64.encode(sha2::Sha256::digest(b"release notes"));
    let sig = s.text(&[
        "sign",
        "--key-id",
        &id,
        "--message",
        &digest,
        "--message-type",
        "DIGEST",
        "--signing-algorithm",
        "ECDSA_SHA_256",
        "--query",
        "Signature",
    ]);
    s.json(&[
        "verify",
        "--key-id",
        &id,
        "--message",
        &msg,
        "--signature",
        &sig,
        "--signing-algorithm",
        "ECDSA_SHA_256",
    ]);
}

#[test]
fn macs() {
    let s = Store::new();
    let id = create(&s, "HMAC_256", "GENERATE_VERIFY_MAC");
    let msg = B64.encode(b"mac me");
    let mac = s.text(&[
        "generate-mac",
        "--key-id",
        &id,
        "--message",
        &msg,
        "--mac-algorithm",
        "HMAC_SHA_256",
        "--query",
        "Mac",
    ]);
    assert_eq!(B64.decode(&mac).unwrap().len(), 32);
    let ok = s.json(&[
        "verify-mac",
        "--key-id",
        &id,
        "--message",
        &msg,
        "--mac",
        &mac,
        "--mac-algorithm",
        "HMAC_SHA_256",
    ]);
    assert_eq!(ok["MacValid"], true);
    let err = s.fails(&[
        "verify-mac",
        "--key-id",
        &id,
        "--message",
        &B64.encode(b"other"),
        "--mac",
        &mac,
        "--mac-algorithm",
        "HMAC_SHA_256",
    ]);
    assert!(err.contains("invalid MAC"), "{err}");
}

#[test]
fn errors_are_one_clear_line() {
    let s = Store::new();
    let err = s.fails(&[
        "describe-key",
        "--key-id",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
    ]);
    assert!(err.contains("not found"), "{err}");
    let err = s.fails(&["create-key", "--key-spec", "NOT_A_SPEC"]);
    assert!(err.contains("unrecognized key spec"), "{err}");
    let err = s.fails(&["encrypt", "--key-id", "alias/none", "--plaintext", "!!!"]);
    assert!(err.contains("not base64"), "{err}");
    std::fs::write(s.path("wrong.key"), "00".repeat(32)).unwrap();
    s.json(&["list-keys"]);
    let out = Command::new(env!("CARGO_BIN_EXE_kms"))
        .args(["list-keys", "--store"])
        .arg(s.path("store"))
        .arg("--root-key-file")
        .arg(s.path("wrong.key"))
        .env_remove("KMS_ROOT_KEY_FILE")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong root key"));
    let out = Command::new(env!("CARGO_BIN_EXE_kms"))
        .args(["list-keys", "--store"])
        .arg(s.path("store"))
        .env_remove("KMS_ROOT_KEY_FILE")
        .env_remove("KMS_ROOT_KEY")
        .env_remove("KMS_PASSPHRASE")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no root key"));
    // A passphrase from the environment works for a new store.
    let out = Command::new(env!("CARGO_BIN_EXE_kms"))
        .args(["create-key", "--store"])
        .arg(s.path("passphrase-store"))
        .env_remove("KMS_ROOT_KEY_FILE")
        .env("KMS_PASSPHRASE", "a long passphrase")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_readme_worked_example_runs() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("```sh\nopenssl rand")
        .expect("the worked example")
        + 6;
    let script = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_kms"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(dir.path())
        .env("PATH", path)
        .env_remove("KMS_ROOT_KEY")
        .env_remove("KMS_PASSPHRASE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("db password") && stdout.contains("Verified OK"),
        "{stdout}"
    );
}

#[test]
fn rotation_and_import_from_the_shell() {
    let store = Store::new();
    let key = create(&store, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
    store.text(&[
        "enable-key-rotation",
        "--key-id",
        &key,
        "--rotation-period-in-days",
        "90",
    ]);
    let status = store.json(&["get-key-rotation-status", "--key-id", &key]);
    assert_eq!(status["KeyRotationEnabled"], true);
    assert_eq!(status["RotationPeriodInDays"], 90);
    let rotated = store.json(&["rotate-key-on-demand", "--key-id", &key]);
    assert_eq!(rotated["KeyVersion"], 2);
    let rotations = store.json(&["list-key-rotations", "--key-id", &key]);
    assert_eq!(rotations["Rotations"][0]["RotationType"], "ON_DEMAND");
    store.text(&["disable-key-rotation", "--key-id", &key]);
    assert!(
        store
            .fails(&[
                "enable-key-rotation",
                "--key-id",
                &key,
                "--rotation-period-in-days",
                "3"
            ])
            .contains("rotation period")
    );

    // Bring an HMAC key: parameters from the tool, wrapping by OpenSSL.
    let key = store.text(&[
        "create-key",
        "--key-spec",
        "HMAC_256",
        "--key-usage",
        "GENERATE_VERIFY_MAC",
        "--origin",
        "EXTERNAL",
        "--query",
        "KeyMetadata.KeyId",
    ]);
    let params = store.json(&[
        "get-parameters-for-import",
        "--key-id",
        &key,
        "--wrapping-algorithm",
        "RSAES_OAEP_SHA_256",
        "--wrapping-key-spec",
        "RSA_2048",
    ]);
    let public_der = B64.decode(params["PublicKey"].as_str().unwrap()).unwrap();
    std::fs::write(store.path("wrapping.der"), public_der).unwrap();
    let material = [0x33u8; 32];
    std::fs::write(store.path("hmac.key"), material).unwrap();
    let wrap = Command::new("openssl")
        .args(["pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey"])
        .arg(store.path("wrapping.der"))
        .arg("-in")
        .arg(store.path("hmac.key"))
        .arg("-out")
        .arg(store.path("wrapped.bin"))
        .args([
            "-pkeyopt",
            "rsa_padding_mode:oaep",
            "-pkeyopt",
            "rsa_oaep_md:sha256",
            "-pkeyopt",
            "rsa_mgf1_md:sha256",
        ])
        .output()
        .unwrap();
    assert!(
        wrap.status.success(),
        "{}",
        String::from_utf8_lossy(&wrap.stderr)
    );
    let wrapped = format!("fileb://{}", store.path("wrapped.bin").display());
    let token = params["ImportToken"].as_str().unwrap();
    store.text(&[
        "import-key-material",
        "--key-id",
        &key,
        "--import-token",
        token,
        "--encrypted-key-material",
        &wrapped,
    ]);
    let mac = store.json(&[
        "generate-mac",
        "--key-id",
        &key,
        "--message",
        &B64.encode(b"hi"),
        "--mac-algorithm",
        "HMAC_SHA_256",
    ]);
    let expected = {
        use hmac::{KeyInit, Mac};
        let mut h = hmac::Hmac::<sha2::Sha256>::new_from_slice(&material).unwrap();
        h.update(b"hi");
        B64.encode(h.finalize().into_bytes())
    };
    assert_eq!(mac["Mac"], expected.as_str());
    store.text(&["delete-imported-key-material", "--key-id", &key]);
    assert!(
        store
            .fails(&[
                "generate-mac",
                "--key-id",
                &key,
                "--message",
                &B64.encode(b"hi"),
                "--mac-algorithm",
                "HMAC_SHA_256"
            ])
            .contains("PendingImport")
    );
}
