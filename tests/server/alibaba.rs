//! Alibaba Cloud's official Python SDKs against the server: the current one
//! (`alibabacloud_kms20160120`, signature V3) runs `alibaba_v3.py`, the
//! classic one (`aliyun-python-sdk-kms`, signature V1) `alibaba_v1.py`; one
//! section per test, each against a server of its own (fresh stores for
//! accounts A and B).
//!
//! The sections call every action the server answers, raise the error
//! codes Alibaba raises for them (with their HTTP statuses and a request
//! id), page through lists, name keys by id, alias and ARN, and check
//! account isolation and the refusal of a wrong secret, an unknown
//! AccessKey, a stale timestamp, a reused nonce and a parameter changed
//! after signing. A failed check prints `FAIL <what>: expected …, got …` in
//! the panic message.

use std::path::Path;

use crate::harness::{DataDir, InProcess, python};

fn run(script: &str, section: &str) {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/server")
        .join(script);
    let output = python(&script, &server.url(), &[section]);
    assert!(output.contains("all checks passed"), "{output}");
    println!("{output}");
    server.stop();
}

#[test]
fn alibaba_v3_key_lifecycle() {
    run("alibaba_v3.py", "keys");
}

#[test]
fn alibaba_v3_error_codes() {
    run("alibaba_v3.py", "errors");
}

#[test]
fn alibaba_v3_accounts_and_refused_signatures() {
    run("alibaba_v3.py", "auth");
}

#[test]
fn alibaba_v1_key_lifecycle() {
    run("alibaba_v1.py", "keys");
}

#[test]
fn alibaba_v1_refused_signatures() {
    run("alibaba_v1.py", "auth");
}

#[test]
fn alibaba_v3_aliases_tags_and_descriptions() {
    run("alibaba_v3.py", "aliases");
}

#[test]
fn alibaba_v3_encryption_and_data_keys() {
    run("alibaba_v3.py", "crypto");
}

#[test]
fn alibaba_v3_signatures_asymmetric_encryption_and_macs() {
    run("alibaba_v3.py", "asymmetric");
}

#[test]
fn alibaba_v3_key_versions_and_rotation() {
    run("alibaba_v3.py", "versions");
}

#[test]
fn alibaba_v3_import_of_key_material() {
    run("alibaba_v3.py", "import");
}

#[test]
fn alibaba_v3_random_passwords() {
    run("alibaba_v3.py", "random");
}

#[test]
fn alibaba_v1_aliases_tags_encryption_versions_and_signing() {
    run("alibaba_v1.py", "crypto");
}

#[test]
fn alibaba_and_aws_clients_share_keys_ciphertexts_and_signatures() {
    run("alibaba_v3.py", "cross");
}
