//! The shapes of the key lifecycle actions: `CreateKey`, `DescribeKey`,
//! `ListKeys`, `EnableKey`, `DisableKey`, `ScheduleKeyDeletion`,
//! `CancelKeyDeletion`.
//!
//! Request shapes hold the parameters as they come (strings, vocabulary in
//! whichever vendor's spelling was sent, numbers and booleans parsed from
//! their text, nothing range-checked: the server judges); read them with
//! [`from_parameters`](super::from_parameters) and write them with
//! [`to_parameters`](super::to_parameters). Response shapes are the JSON
//! the SDKs parse: Alibaba's field names, its spellings, ISO 8601 UTC
//! times, and `RequestId` on every answer.

use serde::{Deserialize, Serialize};

use super::encoding::format_timestamp;
use super::parameters::lenient;
use crate::spec::{Vendor, Vocabulary};

/// A value as Alibaba spells it; a value Alibaba has no name for (an HMAC
/// key, say) in the crate's canonical spelling.
fn spelling<T: Vocabulary>(value: T) -> String {
    value
        .spelling(Vendor::Alibaba)
        .unwrap_or_else(|| value.as_str())
        .to_owned()
}

/// The parameters of `CreateKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CreateKeyRequest {
    /// The key spec (`Aliyun_AES_256` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// The key usage (`ENCRYPT/DECRYPT` or `SIGN/VERIFY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_usage: Option<String>,
    /// Where the material comes from (`Aliyun_KMS` or `EXTERNAL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `SOFTWARE` or `HSM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protection_level: Option<String>,
    /// Whether the key rotates automatically.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub enable_automatic_rotation: Option<bool>,
    /// The rotation interval, e.g. `365d` or `31536000s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_interval: Option<String>,
    /// Tags, a JSON array string of `{"TagKey","TagValue"}` objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    /// The KMS instance to create the key in.
    #[serde(
        rename = "DKMSInstanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dkms_instance_id: Option<String>,
    /// A key policy, a JSON string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// How an instance stores the key (`HsmInternal`, `HsmEncryptedDatabase`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_storage_mechanism: Option<String>,
}

/// The parameters of an action that takes a key and nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyIdRequest {
    /// The key: its id, an alias (`alias/…`) or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

impl KeyIdRequest {
    /// The request for `key_id`.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: Some(key_id.into()),
        }
    }
}

/// The parameters of `DescribeKey`.
pub type DescribeKeyRequest = KeyIdRequest;
/// The parameters of `EnableKey`.
pub type EnableKeyRequest = KeyIdRequest;
/// The parameters of `DisableKey`.
pub type DisableKeyRequest = KeyIdRequest;
/// The parameters of `CancelKeyDeletion`.
pub type CancelKeyDeletionRequest = KeyIdRequest;

/// The parameters of `ScheduleKeyDeletion`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ScheduleKeyDeletionRequest {
    /// The key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Days until deletion, 7 to 366 (required: Alibaba has no default).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub pending_window_in_days: Option<i64>,
}

impl ScheduleKeyDeletionRequest {
    /// Deletes `key_id` after `days` days.
    pub fn new(key_id: impl Into<String>, days: i64) -> Self {
        Self {
            key_id: Some(key_id.into()),
            pending_window_in_days: Some(days),
        }
    }
}

/// The parameters of `ListKeys`: pages are numbered from 1 (`PageSize` 1
/// to 100, 10 by default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListKeysRequest {
    /// The page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub page_number: Option<i64>,
    /// Keys per page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub page_size: Option<i64>,
    /// Filters, a JSON array string of `{"Key","Values"}` objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<String>,
}

/// A key's metadata, as `CreateKey` and `DescribeKey` answer it. Alibaba
/// writes every value as a string, times as ISO 8601 UTC.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyMetadata {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The key's ARN, `acs:kms:<region>:<account>:key/<key id>`.
    #[serde(default)]
    pub arn: String,
    /// The key spec.
    #[serde(default)]
    pub key_spec: String,
    /// The key usage.
    #[serde(default)]
    pub key_usage: String,
    /// The key state.
    #[serde(default)]
    pub key_state: String,
    /// Where the material came from.
    #[serde(default)]
    pub origin: String,
    /// The description.
    #[serde(default)]
    pub description: String,
    /// When the key was created.
    #[serde(default)]
    pub creation_date: String,
    /// The account that created the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    /// When the key will be deleted (pending deletion only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_date: Option<String>,
    /// The `KeyVersionId` of the current material version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key_version: Option<String>,
    /// `SOFTWARE` or `HSM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protection_level: Option<String>,
    /// `Enabled`, `Disabled` or `Suspended`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automatic_rotation: Option<String>,
    /// The rotation interval in seconds, e.g. `31536000s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_interval: Option<String>,
    /// When the key last rotated (for a new key, when it was made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotation_date: Option<String>,
    /// When the key rotates next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_rotation_date: Option<String>,
    /// When imported material expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material_expire_time: Option<String>,
    /// The KMS instance the key lives in.
    #[serde(
        rename = "DKMSInstanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dkms_instance_id: Option<String>,
    /// `Enabled` or `Disabled` (DescribeKey only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<String>,
    /// Why deletion is protected (DescribeKey only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_protection_description: Option<String>,
}

impl KeyMetadata {
    /// The metadata of `meta` in Alibaba's words, with the key's Alibaba
    /// ARN `arn`: spec, usage, state and origin in Alibaba's spelling
    /// (the canonical one where Alibaba has none), times in ISO 8601,
    /// protection level `SOFTWARE`. What the crate's metadata does not
    /// hold (the creator, the primary key version's id, rotation) is left
    /// out; a server sets those fields itself.
    ///
    /// ```
    /// use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec};
    /// use polykms::wire::alibaba;
    ///
    /// let key = InMemory::new().create_key(CreateKeyRequest::new(KeySpec::Sm2).usage(polykms::KeyUsage::SignVerify))?;
    /// let arn = format!("acs:kms:cn-hangzhou:111122223333:key/{}", key.key_id);
    /// let meta = alibaba::KeyMetadata::from_metadata(&key, arn);
    /// assert_eq!((meta.key_spec.as_str(), meta.key_usage.as_str()), ("EC_SM2", "SIGN/VERIFY"));
    /// assert_eq!(meta.origin, "Aliyun_KMS");
    /// # Ok::<(), polykms::Error>(())
    /// ```
    pub fn from_metadata(meta: &crate::KeyMetadata, arn: impl Into<String>) -> Self {
        Self {
            key_id: meta.key_id.to_string(),
            arn: arn.into(),
            key_spec: spelling(meta.key_spec),
            key_usage: spelling(meta.key_usage),
            key_state: spelling(meta.key_state),
            origin: spelling(meta.origin),
            description: meta.description.clone(),
            creation_date: format_timestamp(meta.creation_date),
            delete_date: meta.deletion_date.map(format_timestamp),
            protection_level: Some("SOFTWARE".to_owned()),
            material_expire_time: meta.valid_to.map(format_timestamp),
            ..Self::default()
        }
    }
}

/// The answer to `CreateKey` and `DescribeKey`: the key's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyMetadataResponse {
    /// The key's metadata.
    pub key_metadata: KeyMetadata,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl KeyMetadataResponse {
    /// The answer with `key_metadata` to the request `request_id`.
    pub fn new(key_metadata: KeyMetadata, request_id: impl Into<String>) -> Self {
        Self {
            key_metadata,
            request_id: request_id.into(),
        }
    }
}

/// The answer to `CreateKey`.
pub type CreateKeyResponse = KeyMetadataResponse;
/// The answer to `DescribeKey`.
pub type DescribeKeyResponse = KeyMetadataResponse;

/// An answer that carries nothing but the request's id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RequestIdResponse {
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl RequestIdResponse {
    /// The answer to the request `request_id`.
    pub fn new(request_id: impl Into<String>) -> Self {
        Self {
            request_id: request_id.into(),
        }
    }
}

/// The answer to `EnableKey`.
pub type EnableKeyResponse = RequestIdResponse;
/// The answer to `DisableKey`.
pub type DisableKeyResponse = RequestIdResponse;
/// The answer to `ScheduleKeyDeletion`.
pub type ScheduleKeyDeletionResponse = RequestIdResponse;
/// The answer to `CancelKeyDeletion`.
pub type CancelKeyDeletionResponse = RequestIdResponse;

/// A key in a `ListKeys` page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyListEntry {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The key's ARN.
    #[serde(default)]
    pub key_arn: String,
}

impl KeyListEntry {
    /// The entry for the key `key_id` of ARN `key_arn`.
    pub fn new(key_id: impl Into<String>, key_arn: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            key_arn: key_arn.into(),
        }
    }
}

/// The keys of a `ListKeys` page, nested as Alibaba nests lists:
/// `{"Keys":{"Key":[…]}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Keys {
    /// The keys.
    #[serde(rename = "Key", default)]
    pub key: Vec<KeyListEntry>,
}

/// The answer to `ListKeys`.
///
/// ```
/// use polykms::wire::alibaba::{KeyListEntry, ListKeysResponse};
///
/// let page = ListKeysResponse::new(vec![KeyListEntry::new("k1", "acs:kms:cn-hangzhou:1:key/k1")], 11, 2, 10, "r-1");
/// let json = serde_json::to_value(&page).unwrap();
/// assert_eq!(json["Keys"]["Key"][0]["KeyId"], "k1");
/// assert_eq!((json["TotalCount"].as_i64(), json["PageNumber"].as_i64()), (Some(11), Some(2)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListKeysResponse {
    /// The page's keys.
    #[serde(default)]
    pub keys: Keys,
    /// How many keys there are in all.
    #[serde(default)]
    pub total_count: i64,
    /// The page.
    #[serde(default)]
    pub page_number: i64,
    /// Keys per page.
    #[serde(default)]
    pub page_size: i64,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl ListKeysResponse {
    /// Page `page_number` (of `page_size` keys) holding `keys`, of
    /// `total_count` keys in all, answering the request `request_id`.
    pub fn new(
        keys: Vec<KeyListEntry>,
        total_count: i64,
        page_number: i64,
        page_size: i64,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            keys: Keys { key: keys },
            total_count,
            page_number,
            page_size,
            request_id: request_id.into(),
        }
    }
}

#[cfg(test)]
mod tests;
