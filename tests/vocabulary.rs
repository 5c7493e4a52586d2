//! The vocabulary: every table row read and written both ways, every vendor
//! spelling of the reference cross-walk read, serde through the canonical
//! spelling, and the rules tables consistent.

use std::collections::HashSet;

use polykms::{
    DataKeyPairSpec, DataKeySpec, EncryptionAlgorithm, Error, KeyAgreementAlgorithm, KeySpec,
    KeyState, KeyUsage, MacAlgorithm, MessageType, Origin, SigningAlgorithm, Vendor, Vocabulary,
};
use serde::{Serialize, de::DeserializeOwned};

/// Walks every row of one table: each spelling parses to its value, each
/// value prints each vendor's spelling, serde writes the canonical spelling
/// and reads every spelling, and no spelling names two values.
fn walk_table<T>()
where
    T: Vocabulary
        + std::fmt::Debug
        + std::fmt::Display
        + std::str::FromStr<Err = Error>
        + Serialize
        + DeserializeOwned,
{
    let mut seen = HashSet::new();
    assert!(!T::table().is_empty());
    for (value, row) in T::table() {
        assert_eq!(
            T::parse_name(row.canonical).unwrap(),
            *value,
            "{}",
            row.canonical
        );
        assert_eq!(value.to_string(), row.canonical);
        assert_eq!(value.as_str(), row.canonical);
        assert_eq!(
            serde_json::to_string(value).unwrap(),
            format!("\"{}\"", row.canonical)
        );
        let mut spellings = vec![row.canonical];
        for vendor in Vendor::ALL {
            let Some(spelling) = value.spelling(vendor) else {
                assert!(
                    T::parse_vendor(vendor, row.canonical).is_err(),
                    "{vendor:?} has no name for {value:?}"
                );
                continue;
            };
            assert_eq!(row.of(vendor), Some(spelling));
            assert_eq!(
                T::parse_vendor(vendor, spelling).unwrap(),
                *value,
                "{vendor:?} {spelling}"
            );
            assert_eq!(spelling.parse::<T>().unwrap(), *value, "{spelling}");
            let from_json: T = serde_json::from_str(&format!("\"{spelling}\"")).unwrap();
            assert_eq!(from_json, *value);
            spellings.push(spelling);
        }
        for spelling in spellings.into_iter().collect::<HashSet<_>>() {
            assert!(seen.insert(spelling), "{spelling} names two {}s", T::KIND);
        }
    }
    assert!(matches!(
        T::parse_name("NOT_A_REAL_NAME"),
        Err(Error::UnrecognizedName { what, .. }) if what == T::KIND
    ));
    assert!(serde_json::from_str::<T>("\"NOT_A_REAL_NAME\"").is_err());
    for unsupported in T::unsupported_spellings() {
        assert!(
            matches!(
                T::parse_name(unsupported),
                Err(Error::NotImplemented { .. })
            ),
            "{unsupported}"
        );
    }
}

#[test]
fn every_table_walks_both_ways() {
    walk_table::<KeySpec>();
    walk_table::<KeyUsage>();
    walk_table::<EncryptionAlgorithm>();
    walk_table::<SigningAlgorithm>();
    walk_table::<MacAlgorithm>();
    walk_table::<KeyAgreementAlgorithm>();
    walk_table::<MessageType>();
    walk_table::<KeyState>();
    walk_table::<Origin>();
    walk_table::<DataKeySpec>();
    walk_table::<DataKeyPairSpec>();
}

#[test]
fn the_spellings_the_issue_names_agree() {
    let same = |names: &[&str]| {
        let values: Vec<KeySpec> = names.iter().map(|n| n.parse().unwrap()).collect();
        assert!(values.windows(2).all(|w| w[0] == w[1]), "{names:?}");
        values[0]
    };
    assert_eq!(
        same(&["SYMMETRIC_DEFAULT", "Aliyun_AES_256", "AES_256"]),
        KeySpec::SymmetricDefault
    );
    assert_eq!(
        same(&["ECC_SECG_P256K1", "EC_P256K", "SECP256K1"]),
        KeySpec::EccSecgP256k1
    );
    assert_eq!(same(&["SM2", "EC_SM2"]), KeySpec::Sm2);
    assert_eq!(same(&["Aliyun_SM4", "SM4"]), KeySpec::Sm4);
    assert_eq!(
        same(&["ECC_NIST_EDWARDS25519", "ED25519"]),
        KeySpec::Ed25519
    );
    assert_eq!(
        "ENCRYPT/DECRYPT".parse::<KeyUsage>().unwrap(),
        KeyUsage::EncryptDecrypt
    );
    assert_eq!(
        "ENCRYPT_DECRYPT".parse::<KeyUsage>().unwrap(),
        KeyUsage::EncryptDecrypt
    );
    assert_eq!(
        "SIGN/VERIFY".parse::<KeyUsage>().unwrap(),
        KeyUsage::SignVerify
    );
    assert_eq!(
        "SM2DSA".parse::<SigningAlgorithm>().unwrap(),
        SigningAlgorithm::Sm2Dsa
    );
    assert_eq!(
        "SM2DSA_SM3".parse::<SigningAlgorithm>().unwrap(),
        SigningAlgorithm::Sm2Dsa
    );
    assert_eq!(
        "SM2PKE".parse::<EncryptionAlgorithm>().unwrap(),
        EncryptionAlgorithm::Sm2Pke
    );
    assert_eq!(
        "SM2_ENCRYPT".parse::<EncryptionAlgorithm>().unwrap(),
        EncryptionAlgorithm::Sm2Pke
    );
    assert_eq!(
        "RSA_PSS_SHA_256".parse::<SigningAlgorithm>().unwrap(),
        SigningAlgorithm::RsassaPssSha256
    );
    assert_eq!(
        "RSA_PKCS1_SHA_256".parse::<SigningAlgorithm>().unwrap(),
        SigningAlgorithm::RsassaPkcs1V15Sha256
    );
    for (huawei, state) in [
        ("1", KeyState::PendingActivation),
        ("2", KeyState::Enabled),
        ("3", KeyState::Disabled),
        ("4", KeyState::PendingDeletion),
        ("5", KeyState::PendingImport),
        ("7", KeyState::Frozen),
    ] {
        assert_eq!(
            KeyState::parse_vendor(Vendor::Huawei, huawei).unwrap(),
            state
        );
        assert_eq!(state.spelling(Vendor::Huawei), Some(huawei));
    }
    assert_eq!("kms".parse::<Origin>().unwrap(), Origin::Kms);
    assert_eq!("Aliyun_KMS".parse::<Origin>().unwrap(), Origin::Kms);
    // Printing per vendor, and saying when a vendor has no name.
    assert_eq!(
        KeySpec::EccNistP521.spelling(Vendor::Aws),
        Some("ECC_NIST_P521")
    );
    assert_eq!(KeySpec::EccNistP521.spelling(Vendor::Alibaba), None);
    assert_eq!(KeySpec::EccNistP521.spelling(Vendor::Huawei), None);
    assert_eq!(
        KeySpec::SymmetricDefault.spelling(Vendor::Huawei),
        Some("AES_256")
    );
    assert_eq!(
        KeyUsage::SignVerify.spelling(Vendor::Alibaba),
        Some("SIGN/VERIFY")
    );
    assert_eq!(
        SigningAlgorithm::Sm2Dsa.spelling(Vendor::Huawei),
        Some("SM2DSA_SM3")
    );
    assert_eq!(MacAlgorithm::HmacSm3.spelling(Vendor::Aws), None);
    // Case matters, as in the APIs.
    assert!("symmetric_default".parse::<KeySpec>().is_err());
    // A spelling of another vendor is not read as a given vendor's.
    assert!(KeySpec::parse_vendor(Vendor::Aws, "EC_P256").is_err());
    assert_eq!("ML_DSA_65".parse::<KeySpec>().unwrap(), KeySpec::MlDsa65);
    assert_eq!(KeySpec::MlDsa65.spelling(Vendor::Alibaba), None);
    assert!(matches!(
        "ENCAPSULATE_DECAPSULATE".parse::<KeyUsage>(),
        Err(Error::NotImplemented { .. })
    ));
}

/// Expands the reference's abbreviations: `_384` after `RSASSA_PSS_SHA_256`
/// in the same cell, and `HMAC_256/384/512`.
fn expand(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last_full = String::new();
    for token in cell.split('`').skip(1).step_by(2) {
        let token = token.trim_matches('"');
        if let Some(suffix) = token.strip_prefix('_') {
            let stem = &last_full[..last_full.rfind('_').unwrap()];
            out.push(format!("{stem}_{suffix}"));
        } else if let Some((head, rest)) = token
            .split_once('/')
            .filter(|(_, r)| r.chars().all(|c| c.is_ascii_digit() || c == '/'))
        {
            let stem = &head[..head.rfind('_').unwrap()];
            out.push(head.to_owned());
            out.extend(rest.split('/').map(|n| format!("{stem}_{n}")));
        } else {
            last_full = token.to_owned();
            out.push(token.to_owned());
        }
    }
    out
}

/// Parses `name` as the kind of value row `row` of the cross-walk is about.
fn parse_row(row: u32, vendor: Vendor, name: &str) -> Result<String, Error> {
    fn read<T: Vocabulary + std::fmt::Debug>(vendor: Vendor, name: &str) -> Result<String, Error> {
        let any = T::parse_name(name)?;
        T::parse_vendor(vendor, name)
            .map(|v| format!("{v:?}"))
            .or_else(|_| Ok(format!("{any:?} (not {vendor:?}'s)")))
    }
    match row {
        1..=19 => read::<KeySpec>(vendor, name),
        20..=23 => read::<KeyUsage>(vendor, name),
        24..=28 => read::<EncryptionAlgorithm>(vendor, name),
        29..=34 => read::<SigningAlgorithm>(vendor, name),
        35 => read::<MacAlgorithm>(vendor, name),
        36 => read::<KeyAgreementAlgorithm>(vendor, name),
        37 => read::<MessageType>(vendor, name),
        38 => read::<DataKeySpec>(vendor, name),
        39..=41 => read::<Origin>(vendor, name),
        42..=44 => read::<KeyState>(vendor, name),
        _ => unreachable!("row {row}"),
    }
}

/// Cross-walk tokens that are not spellings of a value: API action and
/// parameter names, and the HSM placement of row 41, which the vocabulary
/// does not model.
const NOT_VALUES: &[(u32, &str)] = &[
    (23, "derive-shared-secret"),
    (37, "Digest"),
    (41, "ProtectionLevel"),
    (41, "SOFTWARE"),
    (41, "HSM"),
    (41, "keystore_id"),
];

/// Rows that name one concept (one value) in every column.
const SINGLE_VALUE_ROWS: &[u32] = &[
    1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 32,
    39, 36, 40, 43, 44,
];

#[test]
fn every_spelling_of_the_reference_cross_walk_is_read() {
    let text = include_str!("data/crosswalk.md");
    let mut read = 0;
    for line in text
        .lines()
        .filter(|l| l.starts_with("| ") && l.as_bytes()[2].is_ascii_digit())
    {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let row: u32 = cells[0].parse().unwrap();
        let mut values = HashSet::new();
        for (vendor, cell) in Vendor::ALL.into_iter().zip(&cells[2..5]) {
            for name in expand(cell) {
                if NOT_VALUES.contains(&(row, name.as_str())) {
                    continue;
                }
                match parse_row(row, vendor, &name) {
                    Ok(value) => {
                        read += 1;
                        // Row 4: AWS's SYMMETRIC_DEFAULT means SM4 only in its China Regions.
                        if value.contains("(not") && row != 4 {
                            panic!(
                                "row {row}: {name} is read, but not as {vendor:?}'s spelling: {value}"
                            );
                        }
                        values.insert(value);
                    }
                    Err(Error::NotImplemented { .. }) => {}
                    Err(e) => panic!("row {row}, {vendor:?}: {name}: {e}"),
                }
            }
        }
        if SINGLE_VALUE_ROWS.contains(&row) {
            let distinct: HashSet<String> = values
                .iter()
                .map(|v| v.replace(" (not", "").split(' ').next().unwrap().to_owned())
                .collect();
            assert_eq!(distinct.len(), 1, "row {row} reads as {values:?}");
        }
    }
    assert!(read > 80, "read {read} spellings");
}

#[test]
fn rules_are_consistent() {
    for spec in KeySpec::all() {
        assert!(
            spec.allowed_usages().contains(&spec.default_usage()),
            "{spec}"
        );
        for usage in spec.allowed_usages() {
            let algorithms = match usage {
                KeyUsage::EncryptDecrypt => spec.encryption_algorithms().len(),
                KeyUsage::SignVerify => spec.signing_algorithms().len(),
                KeyUsage::KeyAgreement => spec.key_agreement_algorithms().len(),
                _ => spec.mac_algorithms().len(),
            };
            assert!(algorithms > 0, "{spec} {usage} has algorithms");
        }
        for alg in spec.encryption_algorithms() {
            assert!(alg.max_plaintext_len(spec).unwrap() > 0);
        }
    }
    let limits = [
        (KeySpec::Rsa2048, 214, 190),
        (KeySpec::Rsa3072, 342, 318),
        (KeySpec::Rsa4096, 470, 446),
    ];
    for (spec, sha1, sha256) in limits {
        assert_eq!(
            EncryptionAlgorithm::RsaesOaepSha1.max_plaintext_len(spec),
            Some(sha1)
        );
        assert_eq!(
            EncryptionAlgorithm::RsaesOaepSha256.max_plaintext_len(spec),
            Some(sha256)
        );
    }
    assert_eq!(
        EncryptionAlgorithm::Sm2Pke.max_plaintext_len(KeySpec::Sm2),
        Some(1024)
    );
    assert_eq!(
        EncryptionAlgorithm::SymmetricDefault.max_plaintext_len(KeySpec::Sm4),
        Some(4096)
    );
    assert_eq!(SigningAlgorithm::EcdsaSha384.digest_len(), 48);
    assert_eq!(
        KeySpec::EccNistP521.signing_algorithms(),
        [SigningAlgorithm::EcdsaSha512]
    );
    for pair in DataKeyPairSpec::all() {
        assert!(pair.key_spec().is_asymmetric());
    }
}
