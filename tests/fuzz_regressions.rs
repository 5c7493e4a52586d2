//! Replays every input kept under `tests/data/fuzz/<target>/` (fuzzing
//! findings and a seed corpus) through the checks the fuzz targets run, so
//! that what a fuzzer once found stays fixed.

mod hostile;

use std::path::Path;

fn replay(target: &str) {
    let (_, check) = hostile::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("a known target");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs kept for {target}");
    for path in &inputs {
        let data = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails again", path.display());
    }
    println!("{target}: {} inputs replayed", inputs.len());
}

#[test]
fn decrypt() {
    replay("decrypt");
}

#[test]
fn verify() {
    replay("verify");
}

#[test]
fn verify_mac() {
    replay("verify_mac");
}

#[test]
fn import() {
    replay("import");
}

#[test]
fn vocabulary() {
    replay("vocabulary");
}

#[test]
fn file_store() {
    replay("file_store");
}

#[cfg(feature = "server")]
#[test]
fn server_http() {
    replay("server_http");
}

/// Every target's name has a test above.
#[test]
fn every_target_is_replayed() {
    let names: Vec<_> = hostile::TARGETS.iter().map(|(name, _)| *name).collect();
    let mut expected = vec![
        "decrypt",
        "verify",
        "verify_mac",
        "import",
        "vocabulary",
        "file_store",
    ];
    if cfg!(feature = "server") {
        expected.push("server_http");
    }
    assert_eq!(names, expected);
}
