//! Huawei Cloud's official Python SDK (`huaweicloudsdkkms` on
//! `huaweicloudsdkcore`, signature `SDK-HMAC-SHA256`) against `kms serve`:
//! `huawei_sdk.py` runs one section per test, each against a `kms serve`
//! process of its own (fresh stores for accounts A and B) whose credentials
//! file names each account's Huawei project (`project_id`).
//!
//! The sections call every endpoint the front answers, raise the error
//! codes Huawei raises for them (with their HTTP statuses and a request
//! id), page through lists to their end, check account isolation by
//! project and the refusal of a wrong SK, an unknown AK, a stale or early
//! `X-Sdk-Date`, a body changed after signing and a project that is not
//! the AK's; one uses a key through boto3, Alibaba's SDK and Huawei's on
//! the same account and verifies Huawei's signatures with `openssl dgst`.
//! A failed check prints `FAIL <what>: expected …, got …` in the panic
//! message.

use std::path::Path;
use std::process::Command;

use crate::harness::{
    ACCOUNT_A, ACCOUNT_B, AKID_A, AKID_B, DataDir, Process, REGION, SECRET_A, SECRET_B,
};

/// The Huawei projects of accounts A and B (Huawei's project ids are 32
/// hex digits).
const PROJECT_A: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const PROJECT_B: &str = "f9e8d7c6b5a4938271605f4e3d2c1b0a";

/// Writes the credentials file of `data` again, with each account's
/// project.
fn credentials_with_projects(data: &DataDir) {
    let entry = |akid: &str, secret: &str, account: &str, project: &str| {
        format!(
            "[[credentials]]\naccess_key_id = \"{akid}\"\nsecret_access_key = \"{secret}\"\n\
             account_id = \"{account}\"\nproject_id = \"{project}\"\n"
        )
    };
    let text = format!(
        "{}\n{}",
        entry(AKID_A, SECRET_A, ACCOUNT_A, PROJECT_A),
        entry(AKID_B, SECRET_B, ACCOUNT_B, PROJECT_B)
    );
    // The file exists with mode 0600, which writing it keeps.
    std::fs::write(data.path("credentials.toml"), text).unwrap();
}

/// Runs `huawei_sdk.py section` against a fresh `kms serve`; panics with
/// the script's output unless every check passed.
fn run(section: &str) {
    let data = DataDir::new();
    credentials_with_projects(&data);
    let server = Process::start(&data, &[]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/server/huawei_sdk.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(section)
        .env("KMS_ENDPOINT", server.url())
        .env("KMS_REGION", REGION)
        .env("KMS_ACCOUNT_A", ACCOUNT_A)
        .env("KMS_ACCOUNT_B", ACCOUNT_B)
        .env("KMS_AKID_A", AKID_A)
        .env("KMS_SECRET_A", SECRET_A)
        .env("KMS_AKID_B", AKID_B)
        .env("KMS_SECRET_B", SECRET_B)
        .env("KMS_PROJECT_A", PROJECT_A)
        .env("KMS_PROJECT_B", PROJECT_B)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("all checks passed"),
        "huawei_sdk.py {section} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    println!("{stdout}");
    let status = server.terminate();
    assert!(status.success(), "kms serve exited with {status}");
}

#[test]
fn huawei_key_lifecycle_and_listing() {
    run("keys");
}

#[test]
fn huawei_aliases_and_tags() {
    run("aliases");
}

#[test]
fn huawei_encryption_data_keys_and_random() {
    run("crypto");
}

#[test]
fn huawei_signatures_macs_key_pairs_and_agreement() {
    run("asymmetric");
}

#[test]
fn huawei_key_rotation() {
    run("rotation");
}

#[test]
fn huawei_import_of_key_material() {
    run("import");
}

#[test]
fn huawei_error_codes() {
    run("errors");
}

#[test]
fn huawei_projects_and_refused_signatures() {
    run("auth");
}

#[test]
fn huawei_aws_and_alibaba_clients_share_keys_ciphertexts_and_signatures() {
    run("cross");
}
