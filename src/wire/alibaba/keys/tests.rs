//! The lifecycle shapes against `alibabacloud_kms20160120`'s own models
//! (`tests/data/alibaba/lifecycle-models.json`, made by
//! `generate_models.py`): each request the SDK sends reads into its shape
//! and writes back as the same parameters; each response body the SDK's
//! model writes reads into its shape and writes back as the same JSON.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::*;
use crate::wire::alibaba::{from_parameters, to_parameters};

fn models() -> Value {
    serde_json::from_str(include_str!(
        "../../../../tests/data/alibaba/lifecycle-models.json"
    ))
    .expect("lifecycle-models.json")
}

fn of<'a>(models: &'a Value, list: &str, action: &str) -> &'a Value {
    let entries = models[list].as_array().expect(list);
    entries
        .iter()
        .find(|e| e["action"] == action)
        .expect(action)
}

/// The SDK's query as pairs; the Python SDK writes booleans as `True` and
/// `False`, the shapes as `true` and `false`.
fn sdk_query(entry: &Value) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = serde_json::from_value(entry["query"].clone()).unwrap();
    for (_, value) in &mut pairs {
        if value == "True" || value == "False" {
            *value = value.to_ascii_lowercase();
        }
    }
    pairs.sort();
    pairs
}

/// Reads the SDK's request for `action` into `T`, checks it writes back as
/// the same parameters, and returns it.
fn request<T: DeserializeOwned + Serialize>(action: &str) -> T {
    let models = models();
    let query = sdk_query(of(&models, "requests", action));
    let shape: T = from_parameters(&query).unwrap_or_else(|e| panic!("{action}: {e}"));
    assert_eq!(to_parameters(&shape), query, "{action}");
    shape
}

/// Reads the SDK's response body for `action` into `T` and checks it
/// writes back as the same JSON.
fn response<T: DeserializeOwned + Serialize>(action: &str) -> T {
    let models = models();
    let body = &of(&models, "responses", action)["body"];
    let shape: T = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{action}: {e}"));
    assert_eq!(&serde_json::to_value(&shape).unwrap(), body, "{action}");
    shape
}

#[test]
fn create_key_reads_every_parameter_the_sdk_sends() {
    let create: CreateKeyRequest = request("CreateKey");
    assert_eq!(create.key_spec.as_deref(), Some("Aliyun_AES_256"));
    assert_eq!(create.enable_automatic_rotation, Some(true));
    assert_eq!(
        create.dkms_instance_id.as_deref(),
        Some("kst-hzz62ee817bvyyr5x****")
    );
    assert_eq!(create.key_storage_mechanism.as_deref(), Some("HsmInternal"));
    assert!(create.tags.is_some() && create.policy.is_some() && create.rotation_interval.is_some());
}

#[test]
fn key_id_actions_read_their_key() {
    for action in [
        "DescribeKey",
        "EnableKey",
        "DisableKey",
        "CancelKeyDeletion",
    ] {
        let shape: KeyIdRequest = request(action);
        assert!(shape.key_id.is_some(), "{action}");
    }
    let schedule: ScheduleKeyDeletionRequest = request("ScheduleKeyDeletion");
    assert_eq!(schedule.pending_window_in_days, Some(7));
    let list: ListKeysRequest = request("ListKeys");
    assert_eq!((list.page_number, list.page_size), (Some(2), Some(50)));
    assert!(list.filters.is_some());
}

#[test]
fn metadata_responses_read_and_write_as_the_sdk_does() {
    let created: CreateKeyResponse = response("CreateKey");
    assert_eq!(created.key_metadata.key_state, "PendingDeletion");
    assert_eq!(
        created.key_metadata.deletion_protection, None,
        "not in CreateKey's model"
    );
    let described: DescribeKeyResponse = response("DescribeKey");
    assert_eq!(
        described.key_metadata.deletion_protection.as_deref(),
        Some("Disabled")
    );
    assert_eq!(described.request_id, "4C467B38-3910-447D-87BC-AC049166F216");
}

#[test]
fn list_and_empty_responses_read_and_write_as_the_sdk_does() {
    let page: ListKeysResponse = response("ListKeys");
    assert_eq!(page.keys.key.len(), 1);
    assert_eq!(
        (page.total_count, page.page_number, page.page_size),
        (55, 2, 50)
    );
    for action in [
        "EnableKey",
        "DisableKey",
        "ScheduleKeyDeletion",
        "CancelKeyDeletion",
    ] {
        let answer: RequestIdResponse = response(action);
        assert!(!answer.request_id.is_empty(), "{action}");
    }
}

#[test]
fn parameters_tolerate_json_types_and_refuse_garbage() {
    let json = serde_json::json!({"KeyId": "k", "PendingWindowInDays": 30});
    let request: ScheduleKeyDeletionRequest = serde_json::from_value(json).unwrap();
    assert_eq!(request.pending_window_in_days, Some(30));
    let pairs = |name: &str, value: &str| vec![(name.to_owned(), value.to_owned())];
    assert!(from_parameters::<ListKeysRequest>(&pairs("PageSize", "ten")).is_err());
    assert!(from_parameters::<CreateKeyRequest>(&pairs("EnableAutomaticRotation", "yes")).is_err());
    let create: CreateKeyRequest =
        from_parameters(&pairs("EnableAutomaticRotation", "FALSE")).unwrap();
    assert_eq!(create.enable_automatic_rotation, Some(false));
}

#[test]
fn metadata_from_the_crate_uses_alibabas_spellings() {
    use crate::spec::{KeySpec, KeyState, KeyUsage};
    use std::time::{Duration, UNIX_EPOCH};

    let id = crate::KeyId::parse("1234abcd-12ab-34cd-56ef-1234567890ab").unwrap();
    let created = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
    let mut meta =
        crate::KeyMetadata::new(id, "arn:x", created, KeySpec::Sm4, KeyUsage::EncryptDecrypt);
    meta.key_state = KeyState::PendingDeletion;
    meta.deletion_date = Some(created + Duration::from_secs(7 * 86_400));
    let ours = KeyMetadata::from_metadata(&meta, "acs:kms:cn-hangzhou:1:key/k");
    assert_eq!(ours.key_spec, "Aliyun_SM4");
    assert_eq!(ours.key_usage, "ENCRYPT/DECRYPT");
    assert_eq!(ours.key_state, "PendingDeletion");
    assert_eq!(ours.creation_date, "2024-05-01T12:00:00Z");
    assert_eq!(ours.delete_date.as_deref(), Some("2024-05-08T12:00:00Z"));
    let json = serde_json::to_value(KeyMetadataResponse::new(ours, "r")).unwrap();
    assert_eq!(json["KeyMetadata"]["Arn"], "acs:kms:cn-hangzhou:1:key/k");
    assert_eq!(json["RequestId"], "r");
}
