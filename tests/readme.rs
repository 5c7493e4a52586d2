//! The README's claims that can be checked mechanically stay true.

use polykms::{KeySpec, Vendor, Vocabulary};

fn cell(text: &str) -> Option<&str> {
    match text.trim() {
        "—" => None,
        t => Some(t.trim_matches('`')),
    }
}

#[test]
fn the_key_spec_table_matches_the_vocabulary() {
    let readme = include_str!("../README.md");
    let rows: Vec<Vec<&str>> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| Canonical | AWS KMS"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').collect())
        .collect();
    assert_eq!(rows.len(), KeySpec::all().len(), "one row per key spec");
    for (row, spec) in rows.iter().zip(KeySpec::all()) {
        assert_eq!(cell(row[0]), Some(spec.as_str()));
        for (vendor, text) in Vendor::ALL.into_iter().zip(&row[1..4]) {
            assert_eq!(cell(text), spec.spelling(vendor), "{spec} {vendor:?}");
        }
        let usages: Vec<&str> = spec.allowed_usages().iter().map(|u| u.as_str()).collect();
        assert_eq!(row[4].trim(), usages.join(", "), "{spec}");
    }
}

#[test]
fn the_commands_the_readme_gives_exist() {
    let readme = include_str!("../README.md");
    assert!(readme.contains("cargo run --example quickstart"));
    assert!(readme.contains("cargo test --all-features"));
    assert!(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/quickstart.rs")
            .exists()
    );
    let ci = include_str!("../.ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test --all-features"),
        ".ci/run runs the README's test command"
    );
}
