use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::wire::alibaba::model_check::Models;
use crate::wire::alibaba::{from_parameters, to_parameters, version_of_id};

const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const VERSION_ID: &str = "2ab1a983-7072-4bbc-a582-584b5bd8****";
const TEXT: &str = include_str!("../../../../tests/data/alibaba/versions-models.json");

#[test]
fn every_version_action_reads_and_writes_as_the_sdk_does() {
    let models = Models::parse(TEXT);
    models.assert_all_checked(&["CreateKeyVersion", "ListKeyVersions", "DescribeKeyVersion"]);
    let create: CreateKeyVersionRequest = models.request("CreateKeyVersion");
    assert_eq!(create, KeyIdRequest::new(KEY_ID));
    let list: ListKeyVersionsRequest = models.request("ListKeyVersions");
    assert_eq!(list, ListKeyVersionsRequest::new(KEY_ID).page(2, 50));
    let describe: DescribeKeyVersionRequest = models.request("DescribeKeyVersion");
    assert_eq!(describe, DescribeKeyVersionRequest::new(KEY_ID, VERSION_ID));
    assert_eq!(
        to_parameters(&describe),
        models.parameters("DescribeKeyVersion")
    );

    let version = KeyVersion {
        creation_date: "2024-05-01T12:00:00Z".to_owned(),
        key_id: KEY_ID.to_owned(),
        key_version_id: VERSION_ID.to_owned(),
    };
    for action in ["CreateKeyVersion", "DescribeKeyVersion"] {
        let answer: KeyVersionResponse = models.response(action);
        assert_eq!(answer.key_version, version, "{action}");
    }
    let page: ListKeyVersionsResponse = models.response("ListKeyVersions");
    assert_eq!(page.key_versions.key_version, [version]);
    assert_eq!(
        (page.total_count, page.page_number, page.page_size),
        (55, 2, 50)
    );
}

#[test]
fn key_version_ids_are_the_name_based_uuids_python_computes() {
    let models: serde_json::Value = serde_json::from_str(TEXT).unwrap();
    let ids = models["key_version_ids"]["ids"].as_array().unwrap();
    assert!(ids.len() >= 3);
    for entry in ids {
        let key_id = entry["key_id"].as_str().unwrap();
        let version = u32::try_from(entry["version"].as_u64().unwrap()).unwrap();
        let expected = entry["key_version_id"].as_str().unwrap();
        assert_eq!(
            key_version_id(key_id, version),
            expected,
            "{key_id}/{version}"
        );
        let parsed = uuid::Uuid::parse_str(expected).unwrap();
        assert_eq!(parsed.get_version_num(), 5);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
    }
}

#[test]
fn a_key_version_id_is_found_again_among_the_keys_versions() {
    let ids: Vec<String> = (1..=20).map(|v| key_version_id(KEY_ID, v)).collect();
    let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
    assert_ne!(key_version_id(KEY_ID, 1), key_version_id("alias/app", 1));
    assert_eq!(version_of_id(KEY_ID, &ids[6], 1..=20), Some(7));
    assert_eq!(
        version_of_id(KEY_ID, &ids[6].to_ascii_uppercase(), 1..=20),
        Some(7)
    );
    assert_eq!(
        version_of_id(KEY_ID, &ids[6], 1..=6),
        None,
        "not a version of the key yet"
    );
    assert_eq!(
        version_of_id("5c438b18-05be-40ad-b6c2-3be6752c0000", &ids[6], 1..=20),
        None,
        "another key's"
    );
    assert_eq!(version_of_id(KEY_ID, "not-a-uuid", 1..=20), None);
}

#[test]
fn versions_are_described_with_their_ids_and_dates() {
    let created = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
    let versions: Vec<KeyVersion> = (1..=2)
        .map(|v| KeyVersion::of(KEY_ID, v, created + Duration::from_secs(u64::from(v))))
        .collect();
    assert_eq!(versions[1].creation_date, "2024-05-01T12:00:02Z");
    assert_eq!(versions[1].key_version_id, key_version_id(KEY_ID, 2));
    let page = ListKeyVersionsResponse::new(versions, 2, 1, 10, "r");
    let json = serde_json::to_value(&page).unwrap();
    assert_eq!(json["KeyVersions"]["KeyVersion"][0]["KeyId"], KEY_ID);
    assert_eq!(json["TotalCount"], 2);
    let one = KeyVersionResponse::new(KeyVersion::of(KEY_ID, 1, created), "r");
    let json = serde_json::to_value(&one).unwrap();
    assert_eq!(
        json["KeyVersion"]["KeyVersionId"],
        key_version_id(KEY_ID, 1)
    );
    let pairs = [("PageSize".to_owned(), "many".to_owned())];
    assert!(from_parameters::<ListKeyVersionsRequest>(&pairs).is_err());
}
