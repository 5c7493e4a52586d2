//! The shapes of the key management endpoints: `create-key`,
//! `describe-key`, `list-keys`, `enable-key`, `disable-key`,
//! `schedule-key-deletion`, `cancel-key-deletion`, `update-key-alias`,
//! `update-key-description`, the aliases, the tags, key rotation and
//! importing key material.
//!
//! Huawei writes most numbers and flags as strings (`limit`,
//! `pending_days`, `truncated`, `key_rotation_enabled` in key details),
//! key states as the digits `"1"` to `"5"`, and times as epoch
//! milliseconds in strings. Request shapes hold every field as an `Option`
//! (nothing is checked here: the server judges); response shapes write
//! every field the SDK reads.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::spec::{Vendor, Vocabulary};

/// A value as Huawei spells it (`AES_256`, `SIGN_VERIFY`, `"2"` for
/// enabled, `kms`, `SM2DSA_SM3`, …); a value Huawei has no name for (an
/// HMAC usage, a NIST P-521 key) in the crate's canonical spelling. Read
/// Huawei's spellings back with the vocabulary's own parsing.
///
/// ```
/// use polykms::{KeySpec, KeyState, SigningAlgorithm, Vocabulary};
/// use polykms::wire::huawei::spelling;
///
/// assert_eq!(spelling(KeySpec::SymmetricDefault), "AES_256");
/// assert_eq!(spelling(KeyState::PendingDeletion), "4");
/// assert_eq!(spelling(SigningAlgorithm::Sm2Dsa), "SM2DSA_SM3");
/// assert_eq!(KeyState::parse_name("3")?, KeyState::Disabled);
/// # Ok::<(), polykms::Error>(())
/// ```
pub fn spelling<T: Vocabulary>(value: T) -> String {
    value
        .spelling(Vendor::Huawei)
        .unwrap_or_else(|| value.as_str())
        .to_owned()
}

/// A time as Huawei writes `creation_date` and `scheduled_deletion_date`:
/// epoch milliseconds, as a string (a time before 1970 as `0`).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use polykms::wire::huawei::epoch_millis;
///
/// assert_eq!(epoch_millis(UNIX_EPOCH + Duration::from_millis(1_497_341_531_000)), "1497341531000");
/// ```
pub fn epoch_millis(time: SystemTime) -> String {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
        .to_string()
}

/// The answer `{"key_info": …}` of `create-key`, `describe-key`,
/// `enable-key`, `disable-key`, `update-key-alias` and
/// `update-key-description`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyInfoResponse<T> {
    /// The key.
    #[serde(default)]
    pub key_info: T,
}

impl<T> KeyInfoResponse<T> {
    /// The answer holding `key_info`.
    pub fn new(key_info: T) -> Self {
        Self { key_info }
    }
}

/// An answer without content, written `{}` (the SDK reads an empty body
/// the same way): `DELETE aliases`, the tag endpoints but listing, the
/// rotation switches and interval, `import-key-material` and
/// `delete-imported-key-material`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EmptyResponse {}

/// The body of `describe-key`.
pub type DescribeKeyRequest = KeyIdRequest;
/// The body of `enable-key`.
pub type EnableKeyRequest = KeyIdRequest;
/// The body of `disable-key`.
pub type DisableKeyRequest = KeyIdRequest;
/// The body of `cancel-key-deletion`.
pub type CancelKeyDeletionRequest = KeyIdRequest;
/// The body of `get-publickey`.
pub type GetPublicKeyRequest = KeyIdRequest;
/// The body of `enable-key-rotation`.
pub type EnableKeyRotationRequest = KeyIdRequest;
/// The body of `disable-key-rotation`.
pub type DisableKeyRotationRequest = KeyIdRequest;
/// The body of `get-key-rotation-status`.
pub type GetKeyRotationStatusRequest = KeyIdRequest;
/// The body of `delete-imported-key-material`.
pub type DeleteImportedKeyMaterialRequest = KeyIdRequest;

/// The answer to `create-key`.
pub type CreateKeyResponse = KeyInfoResponse<CreatedKey>;
/// The answer to `describe-key`.
pub type DescribeKeyResponse = KeyInfoResponse<KeyDetails>;
/// The answer to `enable-key`.
pub type EnableKeyResponse = KeyInfoResponse<KeyStatus>;
/// The answer to `disable-key`.
pub type DisableKeyResponse = KeyInfoResponse<KeyStatus>;
/// The answer to `update-key-alias`.
pub type UpdateKeyAliasResponse = KeyInfoResponse<KeyAliasInfo>;
/// The answer to `update-key-description`.
pub type UpdateKeyDescriptionResponse = KeyInfoResponse<KeyDescriptionInfo>;
/// The answer to `schedule-key-deletion`.
pub type ScheduleKeyDeletionResponse = KeyStatus;
/// The answer to `cancel-key-deletion`.
pub type CancelKeyDeletionResponse = KeyStatus;
/// The answer to `POST aliases`.
pub type CreateAliasResponse = AliasEntry;
/// The answer to `alias/associate`.
pub type AssociateAliasResponse = AliasEntry;

impl KeyIdRequest {
    /// The body naming `key_id`.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: Some(key_id.into()),
            sequence: None,
        }
    }
}

impl KeyStatus {
    /// The id and state of a key, the state in Huawei's digits.
    pub fn new(key_id: impl Into<String>, state: crate::KeyState) -> Self {
        Self {
            key_id: key_id.into(),
            key_state: spelling(state),
        }
    }
}

impl KeyDetails {
    /// The details of `meta` in Huawei's words: spec, usage, state and
    /// origin in Huawei's spelling (the canonical one where Huawei has
    /// none), times in epoch milliseconds, a customer key (`key_type` `1`,
    /// `default_key_flag` `0`) in the default key store and enterprise
    /// project, owned by `domain_id` in the region `realm`. The alias and
    /// rotation are not in the crate's metadata: a server sets
    /// `key_alias` and `key_rotation_enabled` itself (`false` until then).
    ///
    /// ```
    /// use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, KeyUsage};
    /// use polykms::wire::huawei::KeyDetails;
    ///
    /// let key = InMemory::new().create_key(CreateKeyRequest::new(KeySpec::EccNistP256).usage(KeyUsage::SignVerify))?;
    /// let details = KeyDetails::from_metadata(&key, "domain-1", "cn-north-4");
    /// assert_eq!((details.key_spec.as_str(), details.key_state.as_str()), ("EC_P256", "2"));
    /// assert_eq!((details.origin.as_str(), details.key_rotation_enabled.as_str()), ("kms", "false"));
    /// # Ok::<(), polykms::Error>(())
    /// ```
    pub fn from_metadata(
        meta: &crate::KeyMetadata,
        domain_id: impl Into<String>,
        realm: impl Into<String>,
    ) -> Self {
        Self {
            key_id: meta.key_id.to_string(),
            domain_id: domain_id.into(),
            key_alias: String::new(),
            realm: realm.into(),
            key_spec: spelling(meta.key_spec),
            key_usage: spelling(meta.key_usage),
            key_description: meta.description.clone(),
            creation_date: epoch_millis(meta.creation_date),
            scheduled_deletion_date: meta.deletion_date.map(epoch_millis).unwrap_or_default(),
            key_state: spelling(meta.key_state),
            default_key_flag: "0".to_owned(),
            key_type: "1".to_owned(),
            expiration_time: meta.valid_to.map(epoch_millis).unwrap_or_default(),
            origin: spelling(meta.origin),
            key_rotation_enabled: "false".to_owned(),
            sys_enterprise_project_id: "0".to_owned(),
            keystore_id: "0".to_owned(),
        }
    }
}

/// The query of `GET aliases`: the key whose aliases to list (all the
/// project's when absent), and the paging.
///
/// ```
/// use polykms::wire::huawei::ListAliasesQuery;
///
/// let query = ListAliasesQuery::from_query(&[("limit".into(), "50".into()), ("key_id".into(), "k1".into())]);
/// assert_eq!((query.key_id.as_deref(), query.limit.as_deref()), (Some("k1"), Some("50")));
/// assert_eq!(query.to_query(), [("key_id".to_string(), "k1".to_string()), ("limit".to_string(), "50".to_string())]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListAliasesQuery {
    /// The key id.
    pub key_id: Option<String>,
    /// How many aliases a page holds at most (a string).
    pub limit: Option<String>,
    /// Where the page starts: the `next_marker` of the previous page.
    pub marker: Option<String>,
}

impl ListAliasesQuery {
    /// Reads the query's parameters (decoded); others are ignored, and of a
    /// parameter sent twice the first counts.
    pub fn from_query(query: &[(String, String)]) -> Self {
        let get = |name: &str| {
            query
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        Self {
            key_id: get("key_id"),
            limit: get("limit"),
            marker: get("marker"),
        }
    }

    /// The parameters to send, in the SDK's order.
    pub fn to_query(&self) -> Vec<(String, String)> {
        [
            ("key_id", &self.key_id),
            ("limit", &self.limit),
            ("marker", &self.marker),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| (name.to_owned(), v.clone())))
        .collect()
    }
}

/// The body of `create-key`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateKeyRequest {
    /// The key's alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_alias: Option<String>,
    /// The key spec (`AES_256`, `SM4`, `RSA_2048`, `EC_P256`, `SM2`, `HMAC_256`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// The key usage (`ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_usage: Option<String>,
    /// The key's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_description: Option<String>,
    /// Where the key material comes from: `kms` or `external`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The enterprise project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
    /// The key store (`0` for the default one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keystore_id: Option<String>,
    /// The virtual machine the key is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vm_id: Option<String>,
}

/// The key `create-key` made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreatedKey {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The account (domain) that owns the key.
    #[serde(default)]
    pub domain_id: String,
    /// The region.
    #[serde(default)]
    pub region_id: String,
}

/// The body of an endpoint that takes a key and nothing else (`describe-key`, `enable-key`, `disable-key`, `cancel-key-deletion`, `get-publickey`, the rotation switches and status, `delete-imported-key-material`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyIdRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// A key's details, as `describe-key` and `list-keys` answer them: every value a string, times in epoch milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyDetails {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The account (domain) that owns the key.
    #[serde(default)]
    pub domain_id: String,
    /// The key's alias.
    #[serde(default)]
    pub key_alias: String,
    /// The region the key lives in.
    #[serde(default)]
    pub realm: String,
    /// The key spec (`AES_256`, `SM4`, `RSA_2048`, `EC_P256`, `SM2`, `HMAC_256`, …).
    #[serde(default)]
    pub key_spec: String,
    /// The key usage (`ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`).
    #[serde(default)]
    pub key_usage: String,
    /// The key's description.
    #[serde(default)]
    pub key_description: String,
    /// When the key was created (epoch milliseconds, a string).
    #[serde(default)]
    pub creation_date: String,
    /// When the key will be deleted (epoch milliseconds, a string; empty unless pending deletion).
    #[serde(default)]
    pub scheduled_deletion_date: String,
    /// The key state: `1` pending activation, `2` enabled, `3` disabled, `4` pending deletion, `5` pending import.
    #[serde(default)]
    pub key_state: String,
    /// `1` for a default key of a cloud service, `0` for a customer key.
    #[serde(default)]
    pub default_key_flag: String,
    /// `1` for a user key, `0` for a default key.
    #[serde(default)]
    pub key_type: String,
    /// When it expires: epoch seconds in the import endpoints, epoch milliseconds (a string) in key details.
    #[serde(default)]
    pub expiration_time: String,
    /// Where the key material comes from: `kms` or `external`.
    #[serde(default)]
    pub origin: String,
    /// Whether the key rotates automatically.
    #[serde(default)]
    pub key_rotation_enabled: String,
    /// The enterprise project.
    #[serde(default)]
    pub sys_enterprise_project_id: String,
    /// The key store (`0` for the default one).
    #[serde(default)]
    pub keystore_id: String,
}

/// A key's id and state: the `key_info` of `enable-key` and `disable-key`, and the answer to `schedule-key-deletion` and `cancel-key-deletion`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyStatus {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The key state: `1` pending activation, `2` enabled, `3` disabled, `4` pending deletion, `5` pending import.
    #[serde(default)]
    pub key_state: String,
}

/// The body of `list-keys`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListKeysRequest {
    /// How many entries a page holds at most (a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// Where the page starts: the `next_marker` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// The key state: `1` pending activation, `2` enabled, `3` disabled, `4` pending deletion, `5` pending import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_state: Option<String>,
    /// The key spec (`AES_256`, `SM4`, `RSA_2048`, `EC_P256`, `SM2`, `HMAC_256`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// The enterprise project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `list-keys`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListKeysResponse {
    /// The key ids.
    #[serde(default)]
    pub keys: Vec<String>,
    /// The keys' details.
    #[serde(default)]
    pub key_details: Vec<KeyDetails>,
    /// The marker of the next page.
    #[serde(default)]
    pub next_marker: String,
    /// Whether more pages follow: `true` or `false` (a string).
    #[serde(default)]
    pub truncated: String,
    /// How many entries there are in all.
    #[serde(default)]
    pub total: i64,
}

/// The body of `schedule-key-deletion`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScheduleKeyDeletionRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Days until deletion, 7 to 1096 (a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_days: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The body of `update-key-alias`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpdateKeyAliasRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key's alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_alias: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// A key and its new alias.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyAliasInfo {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The key's alias.
    #[serde(default)]
    pub key_alias: String,
}

/// The body of `update-key-description`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpdateKeyDescriptionRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_description: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// A key and its new description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyDescriptionInfo {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The key's description.
    #[serde(default)]
    pub key_description: String,
}

/// The body of `POST aliases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateAliasRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The alias (`alias/…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

/// The body of `DELETE aliases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeleteAliasRequest {
    /// The aliases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<String>>,
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

/// The body of `alias/associate`: point an alias at another key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssociateAliasRequest {
    /// The alias (`alias/…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// The key the alias is to name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_key_id: Option<String>,
}

/// An alias: the answer to `POST aliases` and `alias/associate`, and an entry of `GET aliases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AliasEntry {
    /// The account (domain) that owns the key.
    #[serde(default)]
    pub domain_id: String,
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The alias (`alias/…`).
    #[serde(default)]
    pub alias: String,
    /// The alias's URN.
    #[serde(default)]
    pub alias_urn: String,
    /// When it was created (epoch milliseconds).
    #[serde(default)]
    pub create_time: String,
    /// When it was last changed (epoch milliseconds).
    #[serde(default)]
    pub update_time: String,
}

/// The paging of a listing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PageInfo {
    /// The marker of the next page.
    #[serde(default)]
    pub next_marker: String,
    /// How many entries this page holds.
    #[serde(default)]
    pub current_count: i64,
}

/// The answer to `GET aliases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListAliasesResponse {
    /// The aliases.
    #[serde(default)]
    pub aliases: Vec<AliasEntry>,
    /// The paging.
    #[serde(default)]
    pub page_info: PageInfo,
}

/// A tag: a key and a value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TagItem {
    /// The tag key.
    #[serde(default)]
    pub key: String,
    /// The tag value.
    #[serde(default)]
    pub value: String,
}

/// A tag key with every value it has in the project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tag {
    /// The tag key.
    #[serde(default)]
    pub key: String,
    /// The tag values.
    #[serde(default)]
    pub values: Vec<String>,
}

/// The body of `POST {key_id}/tags`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateTagRequest {
    /// The tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagItem>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The body of `POST {key_id}/tags/action`: add or remove tags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchTagsRequest {
    /// The tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<TagItem>>,
    /// The action: `create` or `delete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `GET {key_id}/tags`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyTagsResponse {
    /// The tags.
    #[serde(default)]
    pub tags: Vec<TagItem>,
    /// How many tags the key has.
    #[serde(rename = "existTagsNum", default)]
    pub exist_tags_num: i64,
}

/// The answer to `GET tags`: every tag key of the project with its values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProjectTagsResponse {
    /// The tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// The body of `update-key-rotation-interval`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpdateKeyRotationIntervalRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The rotation interval in days, 30 to 365.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_interval: Option<i64>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The body of `rotate-on-demand`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RotateOnDemandRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

/// The answer to `rotate-on-demand`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RotateOnDemandResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
}

/// The answer to `get-key-rotation-status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyRotationStatusResponse {
    /// Whether the key rotates automatically.
    #[serde(default)]
    pub key_rotation_enabled: bool,
    /// The rotation interval in days, 30 to 365.
    #[serde(default)]
    pub rotation_interval: i64,
    /// When the key last rotated (epoch time, a string).
    #[serde(default)]
    pub last_rotation_time: String,
    /// How many times the key has rotated.
    #[serde(default)]
    pub number_of_rotations: i64,
    /// The versions of the key material.
    #[serde(default)]
    pub key_materials: Vec<KeyMaterialVersion>,
}

/// A version of a key's material.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyMaterialVersion {
    /// The material version id.
    #[serde(default)]
    pub material_id: String,
    /// The billing id of the material version.
    #[serde(default)]
    pub charge_id: String,
    /// When it was created (epoch milliseconds).
    #[serde(default)]
    pub create_time: String,
    /// When it expires: epoch seconds in the import endpoints, epoch milliseconds (a string) in key details.
    #[serde(default)]
    pub expiration_time: String,
    /// The state of the material version: `0` awaiting rotation, `2` enabled.
    #[serde(default)]
    pub state: i64,
}

/// The body of `get-parameters-for-import`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GetParametersForImportRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// How the material is wrapped for import (`RSAES_OAEP_SHA_256`, `SM2_ENCRYPT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapping_algorithm: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `get-parameters-for-import`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GetParametersForImportResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The import token (base64).
    #[serde(default)]
    pub import_token: String,
    /// When it expires: epoch seconds in the import endpoints, epoch milliseconds (a string) in key details.
    #[serde(default)]
    pub expiration_time: i64,
    /// The public key.
    #[serde(default)]
    pub public_key: String,
}

/// The body of `import-key-material`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImportKeyMaterialRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The import token (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_token: Option<String>,
    /// The key material, encrypted under the import public key (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_key_material: Option<String>,
    /// The private key, encrypted under the imported material (base64), for an asymmetric key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_privatekey: Option<String>,
    /// When it expires: epoch seconds in the import endpoints, epoch milliseconds (a string) in key details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_time: Option<i64>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}
