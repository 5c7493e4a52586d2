//! The `kms` tool end to end, spawned as a process.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::Value;

#[cfg(feature = "aws")]
#[path = "server/server_thread.rs"]
mod server_thread;

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
        match out.status.code() {
            Some(254) => assert!(err.starts_with("An error occurred ("), "{err}"),
            Some(252) => assert!(err.starts_with("kms: error: "), "{err}"),
            other => panic!("{args:?}: exit status {other:?}: {err}"),
        }
        err
    }

    /// Runs a command the service must refuse: exit status 254 and the AWS
    /// CLI's line naming the exception and the operation.
    fn refused(&self, args: &[&str], exception: &str, operation: &str) -> String {
        let out = self.run(args);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(254), "{args:?}: {err}");
        let head =
            format!("An error occurred ({exception}) when calling the {operation} operation: ");
        assert!(err.starts_with(&head), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
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
    let import = |more: &[&str]| {
        let mut args = vec![
            "import-key-material",
            "--key-id",
            &key,
            "--import-token",
            token,
            "--encrypted-key-material",
            &wrapped,
        ];
        args.extend(more);
        store.run(&args)
    };
    for wrong in [
        &["--expiration-model", "KEY_MATERIAL_EXPIRES"][..],
        &[
            "--expiration-model",
            "KEY_MATERIAL_DOES_NOT_EXPIRE",
            "--valid-to",
            "2099-01-01T00:00:00Z",
        ][..],
        &["--valid-to", "next tuesday"][..],
        &["--expiration-model", "SOMETIMES"][..],
    ] {
        assert_eq!(import(wrong).status.code(), Some(252), "{wrong:?}");
    }
    let out = import(&[
        "--expiration-model",
        "KEY_MATERIAL_EXPIRES",
        "--valid-to",
        "2099-01-01T00:00:00Z",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = store.json(&["describe-key", "--key-id", &key])["KeyMetadata"].clone();
    assert_eq!(meta["ExpirationModel"], "KEY_MATERIAL_EXPIRES", "{meta}");
    assert_eq!(meta["ValidTo"], "2099-01-01T00:00:00+00:00", "{meta}");
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

#[test]
fn service_and_usage_errors_exit_as_the_aws_cli() {
    let s = Store::new();
    let err = s.refused(
        &[
            "describe-key",
            "--key-id",
            "1234abcd-12ab-34cd-56ef-1234567890ab",
        ],
        "NotFoundException",
        "DescribeKey",
    );
    assert!(err.contains("not found"), "{err}");
    s.refused(
        &["delete-alias", "--alias-name", "alias/none"],
        "NotFoundException",
        "DeleteAlias",
    );
    // A flag clap does not know, a missing required flag, a bad value.
    for args in [
        &["describe-key", "--key-id", "k", "--no-such-flag"][..],
        &["describe-key"][..],
        &["no-such-command"][..],
        &["generate-random", "--number-of-bytes", "many"][..],
    ] {
        let out = s.run(args);
        assert_eq!(out.status.code(), Some(252), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = s.run(&["create-key", "--key-spec", "NOT_A_SPEC"]);
    assert_eq!(out.status.code(), Some(252));
    // --help is not an error; it documents the exit codes.
    let out = s.run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("254") && help.contains("252"), "{help}");
}

#[test]
fn every_subcommand_has_a_help_line() {
    let s = Store::new();
    let out = s.run(&["help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    // Each command is `  name  help`, or (when a name is long) `  name`
    // with its help on the next, further indented, line.
    let mut commands = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if line.starts_with("   ") {
            continue;
        }
        let mut words = line.split_whitespace();
        let name = words.next().unwrap();
        let help_below = lines
            .get(at + 1)
            .is_some_and(|next| next.starts_with("   "));
        assert!(
            words.next().is_some() || help_below,
            "{name} has no help line"
        );
        commands.push(name);
    }
    assert!(commands.len() > 30, "{help}");
    for name in commands {
        if name == "help" {
            continue;
        }
        let out = s.run(&[name, "-h"]);
        let sub = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = sub.lines().map(str::trim).collect();
        for (at, flag) in lines.iter().enumerate() {
            if !flag.starts_with("--") {
                continue;
            }
            // The help is on the flag's line, or (when long) on the next.
            let same_line = flag.split("  ").filter(|p| !p.is_empty()).count() > 1;
            let next_line = lines
                .get(at + 1)
                .is_some_and(|next| !next.is_empty() && !next.starts_with('-'));
            assert!(same_line || next_line, "{name}: {flag} has no help line");
        }
    }
}

#[test]
fn aliases_tags_and_descriptions_are_managed() {
    let s = Store::new();
    let one = s.json(&["create-key", "--description", "first"])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let two = s.json(&["create-key"])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    s.text(&[
        "create-alias",
        "--alias-name",
        "alias/app",
        "--target-key-id",
        &one,
    ]);
    s.text(&[
        "update-alias",
        "--alias-name",
        "alias/app",
        "--target-key-id",
        &two,
    ]);
    assert_eq!(
        s.text(&[
            "describe-key",
            "--key-id",
            "alias/app",
            "--query",
            "KeyMetadata.KeyId"
        ]),
        two
    );
    s.text(&["delete-alias", "--alias-name", "alias/app"]);
    assert_eq!(s.json(&["list-aliases"])["Aliases"], serde_json::json!([]));
    s.refused(
        &["describe-key", "--key-id", "alias/app"],
        "NotFoundException",
        "DescribeKey",
    );

    s.text(&[
        "tag-resource",
        "--key-id",
        &one,
        "--tags",
        "TagKey=team,TagValue=core",
        "TagKey=env,TagValue=prod",
    ]);
    let tags = s.json(&["list-resource-tags", "--key-id", &one]);
    assert_eq!(
        tags["Tags"],
        serde_json::json!([
            {"TagKey": "env", "TagValue": "prod"},
            {"TagKey": "team", "TagValue": "core"}
        ])
    );
    s.text(&["untag-resource", "--key-id", &one, "--tag-keys", "env"]);
    let tags = s.json(&["list-resource-tags", "--key-id", &one]);
    assert_eq!(
        tags["Tags"],
        serde_json::json!([{"TagKey": "team", "TagValue": "core"}])
    );

    s.text(&[
        "update-key-description",
        "--key-id",
        &one,
        "--description",
        "renamed",
    ]);
    assert_eq!(
        s.text(&[
            "describe-key",
            "--key-id",
            &one,
            "--query",
            "KeyMetadata.Description"
        ]),
        "renamed"
    );
}

#[test]
fn minimum_decryption_version_retires_old_ciphertexts() {
    let s = Store::new();
    let key = s.json(&["create-key"])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let old = s.text(&[
        "encrypt",
        "--key-id",
        &key,
        "--plaintext",
        &B64.encode(b"old"),
        "--query",
        "CiphertextBlob",
    ]);
    s.json(&["rotate-key-on-demand", "--key-id", &key]);
    s.text(&["decrypt", "--ciphertext-blob", &old]);
    s.text(&[
        "set-minimum-decryption-version",
        "--key-id",
        &key,
        "--minimum-version",
        "2",
    ]);
    let out = s.run(&["decrypt", "--ciphertext-blob", &old]);
    assert_eq!(out.status.code(), Some(254));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("An error occurred (")
            && err.contains("when calling the Decrypt operation"),
        "{err}"
    );
}

#[test]
fn key_last_usage_follows_use() {
    let s = Store::new();
    let key = s.json(&["create-key"])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = s.json(&["get-key-last-usage", "--key-id", &key]);
    assert!(before["KeyLastUsage"].is_null(), "{before}");
    assert!(
        before["KeyId"].as_str().unwrap().ends_with(&key),
        "{before}"
    );
    s.text(&[
        "encrypt",
        "--key-id",
        &key,
        "--plaintext",
        &B64.encode(b"x"),
    ]);
    let after = s.json(&["get-key-last-usage", "--key-id", &key]);
    assert_eq!(after["KeyLastUsage"]["Operation"], "Encrypt", "{after}");
}

#[test]
fn list_keys_pages_to_the_end_as_the_aws_cli() {
    use polykms::{CreateKeyRequest, FileKeyManager, KeyManager, KeySpec, RootKey};
    let s = Store::new();
    let made: Vec<String> = {
        let kms =
            FileKeyManager::open_or_create(s.path("store"), RootKey::KeyFile(s.path("root.key")))
                .unwrap();
        (0..1000)
            .map(|_| {
                kms.create_key(CreateKeyRequest::new(KeySpec::Hmac256))
                    .unwrap()
                    .key_id
                    .to_string()
            })
            .collect()
    };
    let ids = |listing: &Value| -> Vec<String> {
        listing["Keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["KeyId"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = s.json(&["list-keys"]);
    let listed = ids(&all);
    assert_eq!(listed.len(), 1000);
    let mut sorted = made.clone();
    sorted.sort();
    let mut got = listed.clone();
    got.sort();
    assert_eq!(got, sorted);
    assert!(all.get("NextToken").is_none() && all.get("Truncated").is_none());

    // --max-items cuts, mid-page too; --starting-token resumes.
    let mut resumed = Vec::new();
    let mut token: Option<String> = None;
    let mut calls = 0;
    loop {
        let mut args = vec!["list-keys", "--max-items", "300", "--page-size", "128"];
        if let Some(t) = &token {
            args.extend(["--starting-token", t.as_str()]);
        }
        let page = s.json(&args);
        calls += 1;
        let got = ids(&page);
        assert!(got.len() <= 300);
        resumed.extend(got);
        match page.get("NextToken") {
            Some(t) => token = Some(t.as_str().unwrap().to_owned()),
            None => break,
        }
    }
    assert_eq!(calls, 4);
    assert_eq!(resumed, listed);

    // --no-paginate: one request, its own response.
    let one = s.json(&["list-keys", "--no-paginate", "--limit", "50"]);
    assert_eq!(ids(&one), listed[..50]);
    assert_eq!(one["Truncated"], true);
    let marker = one["NextMarker"].as_str().unwrap();
    let next = s.json(&[
        "list-keys",
        "--no-paginate",
        "--limit",
        "50",
        "--marker",
        marker,
    ]);
    assert_eq!(ids(&next), listed[50..100]);

    let out = s.run(&["list-keys", "--starting-token", "not a token"]);
    assert_eq!(out.status.code(), Some(252));
}

#[test]
fn tags_aliases_and_rotations_page_too() {
    let s = Store::new();
    let key = s.json(&["create-key"])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let tags: Vec<String> = (0..5)
        .map(|i| format!("TagKey=k{i},TagValue=v{i}"))
        .collect();
    let mut args = vec!["tag-resource", "--key-id", key.as_str(), "--tags"];
    args.extend(tags.iter().map(String::as_str));
    s.text(&args);
    let all = s.json(&["list-resource-tags", "--key-id", &key, "--page-size", "2"]);
    assert_eq!(all["Tags"].as_array().unwrap().len(), 5);
    assert!(all.get("Truncated").is_none());
    let cut = s.json(&["list-resource-tags", "--key-id", &key, "--max-items", "3"]);
    assert_eq!(cut["Tags"].as_array().unwrap().len(), 3);
    let rest = s.json(&[
        "list-resource-tags",
        "--key-id",
        &key,
        "--starting-token",
        cut["NextToken"].as_str().unwrap(),
    ]);
    assert_eq!(rest["Tags"][0]["TagKey"], "k3");
    assert_eq!(rest["Tags"].as_array().unwrap().len(), 2);

    for i in 0..3 {
        let alias = format!("alias/a{i}");
        s.text(&[
            "create-alias",
            "--alias-name",
            &alias,
            "--target-key-id",
            &key,
        ]);
    }
    let mine = s.json(&["list-aliases", "--key-id", &key, "--page-size", "1"]);
    assert_eq!(mine["Aliases"].as_array().unwrap().len(), 3);
    let one = s.json(&[
        "list-aliases",
        "--key-id",
        &key,
        "--no-paginate",
        "--limit",
        "1",
    ]);
    assert_eq!(one["Aliases"].as_array().unwrap().len(), 1);
    assert_eq!(one["Truncated"], true);

    for _ in 0..3 {
        s.json(&["rotate-key-on-demand", "--key-id", &key]);
    }
    let rotations = s.json(&["list-key-rotations", "--key-id", &key, "--page-size", "1"]);
    let versions: Vec<&Value> = rotations["Rotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["KeyVersion"])
        .collect();
    assert_eq!(
        versions,
        [&Value::from(2), &Value::from(3), &Value::from(4)]
    );
}

#[test]
fn query_takes_jmespath() {
    let s = Store::new();
    let one = s.text(&["create-key", "--query", "KeyMetadata.KeyId"]);
    let two = s.text(&["create-key", "--query", "KeyMetadata.KeyId"]);
    s.text(&[
        "create-alias",
        "--alias-name",
        "alias/one",
        "--target-key-id",
        &one,
    ]);
    s.text(&[
        "create-alias",
        "--alias-name",
        "alias/two",
        "--target-key-id",
        &two,
    ]);
    let mut ids = [one.clone(), two.clone()];
    ids.sort();
    assert_eq!(s.text(&["list-keys", "--query", "Keys[0].KeyId"]), ids[0]);
    let filter = format!("Aliases[?TargetKeyId=='{two}'].AliasName");
    assert_eq!(
        s.json(&["list-aliases", "--query", &filter]),
        serde_json::json!(["alias/two"])
    );
    assert_eq!(
        s.json(&["list-keys", "--query", "length(Keys)"]),
        serde_json::json!(2)
    );
    // A query matching nothing prints null, as the AWS CLI does.
    assert_eq!(
        s.json(&[
            "describe-key",
            "--key-id",
            &one,
            "--query",
            "KeyMetadata.Nope"
        ]),
        Value::Null
    );
    let out = s.run(&["list-keys", "--query", "Keys[?"]);
    assert_eq!(out.status.code(), Some(252));
    assert!(String::from_utf8_lossy(&out.stderr).contains("JMESPath"));
}

#[test]
fn dates_print_as_the_aws_cli_v2_prints_them() {
    let s = Store::new();
    let meta = s.json(&["create-key"])["KeyMetadata"].clone();
    let created = meta["CreationDate"].as_str().unwrap();
    // 2024-05-01T12:00:00.123000+00:00, or without the fraction.
    let (stamp, offset) = created.split_at(created.len() - 6);
    assert_eq!(offset, "+00:00", "{created}");
    let (whole, fraction) = stamp.split_once('.').unwrap_or((stamp, "000000"));
    assert_eq!(fraction.len(), 6, "{created}");
    assert_eq!(whole.len(), 19, "{created}");
    assert_eq!(&whole[10..11], "T", "{created}");
    let year: i32 = whole[..4].parse().unwrap();
    assert!(year >= 2024, "{created}");
    let key = meta["KeyId"].as_str().unwrap();
    let deletion = s.json(&["schedule-key-deletion", "--key-id", key])["DeletionDate"].clone();
    assert!(deletion.as_str().unwrap().ends_with("+00:00"), "{deletion}");
    assert!(deletion.as_str().unwrap() > created);
}

#[test]
fn generate_data_key_without_plaintext_decrypts_later() {
    let s = Store::new();
    let key = s.text(&["create-key", "--query", "KeyMetadata.KeyId"]);
    let sealed = s.json(&[
        "generate-data-key-without-plaintext",
        "--key-id",
        &key,
        "--key-spec",
        "AES_128",
        "--encryption-context",
        "app=cli",
    ]);
    assert!(sealed.get("Plaintext").is_none(), "{sealed}");
    assert!(sealed["KeyId"].as_str().unwrap().ends_with(&key));
    let blob = sealed["CiphertextBlob"].as_str().unwrap();
    let plain = s.text(&[
        "decrypt",
        "--ciphertext-blob",
        blob,
        "--encryption-context",
        "app=cli",
        "--query",
        "Plaintext",
    ]);
    assert_eq!(B64.decode(plain).unwrap().len(), 16);
}

#[test]
fn re_encrypt_moves_a_ciphertext_to_another_key() {
    let s = Store::new();
    let from = s.text(&["create-key", "--query", "KeyMetadata.KeyId"]);
    let to = s.text(&["create-key", "--query", "KeyMetadata.KeyId"]);
    let blob = s.text(&[
        "encrypt",
        "--key-id",
        &from,
        "--plaintext",
        &B64.encode(b"moving"),
        "--encryption-context",
        "a=1",
        "--query",
        "CiphertextBlob",
    ]);
    let moved = s.json(&[
        "re-encrypt",
        "--ciphertext-blob",
        &blob,
        "--source-encryption-context",
        "a=1",
        "--destination-key-id",
        &to,
        "--destination-encryption-context",
        "b=2",
    ]);
    assert!(
        moved["SourceKeyId"].as_str().unwrap().ends_with(&from),
        "{moved}"
    );
    assert!(moved["KeyId"].as_str().unwrap().ends_with(&to), "{moved}");
    let out = s.json(&[
        "decrypt",
        "--ciphertext-blob",
        moved["CiphertextBlob"].as_str().unwrap(),
        "--encryption-context",
        "b=2",
    ]);
    assert_eq!(
        B64.decode(out["Plaintext"].as_str().unwrap()).unwrap(),
        b"moving"
    );
    assert!(out["KeyId"].as_str().unwrap().ends_with(&to));
    // The source context is checked.
    s.refused(
        &[
            "re-encrypt",
            "--ciphertext-blob",
            &blob,
            "--destination-key-id",
            &to,
        ],
        "InvalidCiphertextException",
        "ReEncrypt",
    );
}

#[test]
fn data_key_pairs_come_with_and_without_their_private_key() {
    let s = Store::new();
    let key = s.text(&["create-key", "--query", "KeyMetadata.KeyId"]);
    let pair = s.json(&[
        "generate-data-key-pair",
        "--key-id",
        &key,
        "--key-pair-spec",
        "ECC_NIST_P256",
        "--encryption-context",
        "app=cli",
    ]);
    assert_eq!(pair["KeyPairSpec"], "ECC_NIST_P256", "{pair}");
    let private = B64
        .decode(pair["PrivateKeyPlaintext"].as_str().unwrap())
        .unwrap();
    let opened = s.text(&[
        "decrypt",
        "--ciphertext-blob",
        pair["PrivateKeyCiphertextBlob"].as_str().unwrap(),
        "--encryption-context",
        "app=cli",
        "--query",
        "Plaintext",
    ]);
    assert_eq!(B64.decode(opened).unwrap(), private);
    let sealed = s.json(&[
        "generate-data-key-pair-without-plaintext",
        "--key-id",
        &key,
        "--key-pair-spec",
        "SM2",
    ]);
    assert!(sealed.get("PrivateKeyPlaintext").is_none(), "{sealed}");
    assert!(sealed["PublicKey"].as_str().is_some_and(|k| !k.is_empty()));
    // A pair spec that is not one is bad usage.
    let refused = s.run(&[
        "generate-data-key-pair",
        "--key-id",
        &key,
        "--key-pair-spec",
        "AES_256",
    ]);
    assert_eq!(refused.status.code(), Some(252));
}

#[test]
fn shared_secrets_agree_both_ways_and_public_keys_import() {
    let s = Store::new();
    let create = |usage: &str| {
        s.text(&[
            "create-key",
            "--key-spec",
            "ECC_NIST_P256",
            "--key-usage",
            usage,
            "--query",
            "KeyMetadata.KeyId",
        ])
    };
    let (alice, bob) = (create("KEY_AGREEMENT"), create("KEY_AGREEMENT"));
    let public = |key: &str| s.text(&["get-public-key", "--key-id", key, "--query", "PublicKey"]);
    let secret = |key: &str, peer: &str| {
        s.text(&[
            "derive-shared-secret",
            "--key-id",
            key,
            "--key-agreement-algorithm",
            "ECDH",
            "--public-key",
            &public(peer),
            "--query",
            "SharedSecret",
        ])
    };
    let at_alice = secret(&alice, &bob);
    assert_eq!(B64.decode(&at_alice).unwrap().len(), 32);
    assert_eq!(at_alice, secret(&bob, &alice));

    // A signing key's public key, imported alone into an EXTERNAL key,
    // verifies what the signing key signed.
    let signer = create("SIGN_VERIFY");
    let message = B64.encode(b"release 1.0");
    let signature = s.text(&[
        "sign",
        "--key-id",
        &signer,
        "--message",
        &message,
        "--signing-algorithm",
        "ECDSA_SHA_256",
        "--query",
        "Signature",
    ]);
    let holder = s.text(&[
        "create-key",
        "--key-spec",
        "ECC_NIST_P256",
        "--key-usage",
        "SIGN_VERIFY",
        "--origin",
        "EXTERNAL",
        "--query",
        "KeyMetadata.KeyId",
    ]);
    let imported = s.json(&[
        "import-public-key",
        "--key-id",
        &holder,
        "--public-key",
        &public(&signer),
    ]);
    assert!(
        imported["KeyId"].as_str().unwrap().ends_with(&holder),
        "{imported}"
    );
    let verified = s.json(&[
        "verify",
        "--key-id",
        &holder,
        "--message",
        &message,
        "--signature",
        &signature,
        "--signing-algorithm",
        "ECDSA_SHA_256",
    ]);
    assert_eq!(verified["SignatureValid"], true, "{verified}");
}

/// `--endpoint-url` (with `--region`) sends the subcommands to a KMS
/// endpoint through the AWS SDK instead of the local store: here an
/// in-process server on `127.0.0.1:0`.
#[cfg(feature = "aws")]
#[test]
fn endpoint_url_talks_to_a_kms_server() {
    use polykms::server::{Accounts, Credential, Server};
    let accounts = Accounts::new("eu-west-1")
        .with_account(
            "111122223333",
            polykms::InMemory::with_options(polykms::MemoryOptions::default().namespace(
                polykms::ResourceNamespace::new("aws", "eu-west-1", "111122223333"),
            )),
        )
        .with_credential(Credential::new("AKIDKMSCLI", "cli-secret", "111122223333"));
    let server = Server::new(accounts).unwrap();
    let server =
        server_thread::ServerThread::start(server, tokio::runtime::Builder::new_multi_thread());
    let s = Store::new();
    let endpoint = format!("http://{}", server.addr);
    let remote = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kms"))
            .args(args)
            .args(["--endpoint-url", &endpoint, "--region", "eu-west-1"])
            .env("AWS_ACCESS_KEY_ID", "AKIDKMSCLI")
            .env("AWS_SECRET_ACCESS_KEY", "cli-secret")
            .env("AWS_CONFIG_FILE", s.path("no-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", s.path("no-credentials"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("KMS_STORE")
            .output()
            .unwrap()
    };
    let created = remote(&[
        "create-key",
        "--description",
        "remote",
        "--query",
        "KeyMetadata.Arn",
    ]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let arn = String::from_utf8(created.stdout).unwrap();
    let arn = arn.trim().trim_matches('"');
    assert!(
        arn.starts_with("arn:aws:kms:eu-west-1:111122223333:key/"),
        "{arn}"
    );
    let listed = remote(&["list-keys", "--query", "length(Keys)"]);
    assert_eq!(String::from_utf8(listed.stdout).unwrap().trim(), "1");
    // The local store was not touched.
    assert!(!s.path("store").exists());
    // The server's errors come back as the AWS CLI prints them.
    let missing = remote(&["describe-key", "--key-id", "alias/none"]);
    assert_eq!(missing.status.code(), Some(254));
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "An error occurred (NotFoundException) when calling the DescribeKey operation"
        ),
        "{stderr}"
    );
}

/// Without the `aws` feature, asking for a remote endpoint is bad usage.
#[cfg(not(feature = "aws"))]
#[test]
fn endpoint_url_needs_the_aws_feature() {
    let s = Store::new();
    let out = s.run(&["list-keys", "--endpoint-url", "http://127.0.0.1:9"]);
    assert_eq!(out.status.code(), Some(252));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--features cli,aws")
    );
}
