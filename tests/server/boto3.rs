//! boto3 against the server: `boto3_kms.py`, one section per test, each
//! against a server of its own (fresh stores for accounts A and B).
//!
//! The sections together call every one of the 36 operations, raise every
//! exception AWS raises for them (caught as `client.exceptions.X`), page
//! with paginators and with Limit/Marker, name keys by id, alias, key ARN
//! and alias ARN, and check account isolation and the refusal of bad
//! signatures. A failed check prints `FAIL <what>: expected …, got …` in
//! the panic message.

use std::path::Path;

use crate::harness::{DataDir, InProcess, python};

fn run(section: &str) {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/server/boto3_kms.py");
    let output = python(&script, &server.url(), &[section]);
    assert!(output.contains("all checks passed"), "{output}");
    println!("{output}");
    server.stop();
}

#[test]
fn boto3_key_lifecycle_metadata_and_tags() {
    run("keys");
}

#[test]
fn boto3_aliases() {
    run("aliases");
}

#[test]
fn boto3_pagination() {
    run("pagination");
}

#[test]
fn boto3_encryption_data_keys_and_random() {
    run("crypto");
}

#[test]
fn boto3_signatures_and_macs() {
    run("signing");
}

#[test]
fn boto3_rotation() {
    run("rotation");
}

#[test]
fn boto3_import_of_key_material() {
    run("import");
}

#[test]
fn boto3_every_exception() {
    run("errors");
}

#[test]
fn boto3_account_isolation_and_refused_signatures() {
    run("accounts");
}
