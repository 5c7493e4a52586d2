//! The shapes of the key operations: `CreateKey`, `DescribeKey`, `ListKeys`,
//! `ScheduleKeyDeletion`, `CancelKeyDeletion`.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::encoding::{epoch_seconds, option_epoch_seconds, spelling, spellings};
use crate::key;
use crate::spec::{KeySpec, KeyState, Origin};

/// A key's metadata (the `KeyMetadata` structure), as `CreateKey` and
/// `DescribeKey` return it.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use polykms::{KeyId, KeySpec, KeyUsage, wire::aws};
///
/// let id = KeyId::parse("1234abcd-12ab-34cd-56ef-1234567890ab")?;
/// let arn = format!("arn:aws:kms:eu-west-1:111122223333:key/{id}");
/// let created = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let meta = polykms::KeyMetadata::new(id, arn, created, KeySpec::EccNistP256, KeyUsage::SignVerify);
/// let json = serde_json::to_value(aws::KeyMetadata::from_metadata(&meta)).unwrap();
/// assert_eq!(json["KeySpec"], "ECC_NIST_P256");
/// assert_eq!(json["CreationDate"], 1_700_000_000.0);
/// assert_eq!(json["SigningAlgorithms"][0], "ECDSA_SHA_256");
/// assert!(json.get("EncryptionAlgorithms").is_none());
/// # Ok::<(), polykms::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyMetadata {
    /// The account that owns the key (`AWSAccountId`).
    #[serde(
        rename = "AWSAccountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub aws_account_id: Option<String>,
    /// The key id.
    pub key_id: String,
    /// The key's ARN.
    pub arn: String,
    /// When the key was created.
    #[serde(with = "epoch_seconds")]
    pub creation_date: SystemTime,
    /// Whether the key state is `Enabled`.
    pub enabled: bool,
    /// The description (possibly empty).
    pub description: String,
    /// The key usage (`ENCRYPT_DECRYPT`, …).
    pub key_usage: String,
    /// The key state (`Enabled`, `PendingDeletion`, …).
    pub key_state: String,
    /// When the key will be deleted, if deletion is scheduled.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "option_epoch_seconds"
    )]
    pub deletion_date: Option<SystemTime>,
    /// When imported key material expires, if it does.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "option_epoch_seconds"
    )]
    pub valid_to: Option<SystemTime>,
    /// Where the key material came from (`AWS_KMS`, `EXTERNAL`, …).
    pub origin: String,
    /// Whether imported material expires (`KEY_MATERIAL_EXPIRES` or
    /// `KEY_MATERIAL_DOES_NOT_EXPIRE`): for a key with origin `EXTERNAL`
    /// that holds material.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_model: Option<String>,
    /// Who manages the key: `CUSTOMER` (every key here) or `AWS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_manager: Option<String>,
    /// The deprecated twin of `KeySpec`, for the specs it names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_master_key_spec: Option<String>,
    /// The key spec (`SYMMETRIC_DEFAULT`, …).
    pub key_spec: String,
    /// The encryption algorithms (absent unless `ENCRYPT_DECRYPT`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encryption_algorithms: Vec<String>,
    /// The signing algorithms (absent unless `SIGN_VERIFY`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signing_algorithms: Vec<String>,
    /// The key agreement algorithms (absent unless `KEY_AGREEMENT`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_agreement_algorithms: Vec<String>,
    /// Whether the key is a multi-Region key (never, here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_region: Option<bool>,
    /// The deletion window, if deletion is scheduled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_deletion_window_in_days: Option<u32>,
    /// The MAC algorithms (absent unless `GENERATE_VERIFY_MAC`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mac_algorithms: Vec<String>,
}

impl KeyMetadata {
    /// The shape of a key's metadata. `AWSAccountId` is the account of the
    /// key's ARN (left out when the ARN is not an AWS one);
    /// `CustomerMasterKeySpec` is the key spec where that deprecated member
    /// has a name for it; `KeyManager` is `CUSTOMER` and `MultiRegion`
    /// false.
    pub fn from_metadata(meta: &key::KeyMetadata) -> Self {
        Self {
            aws_account_id: account_of_arn(&meta.arn),
            key_id: meta.key_id.as_str().to_owned(),
            arn: meta.arn.clone(),
            creation_date: meta.creation_date,
            enabled: meta.enabled(),
            description: meta.description.clone(),
            key_usage: spelling(meta.key_usage),
            key_state: spelling(meta.key_state),
            deletion_date: meta.deletion_date,
            valid_to: meta.valid_to,
            origin: spelling(meta.origin),
            expiration_model: expiration_model(meta),
            key_manager: Some("CUSTOMER".to_owned()),
            customer_master_key_spec: customer_master_key_spec(meta.key_spec),
            key_spec: spelling(meta.key_spec),
            encryption_algorithms: spellings(&meta.encryption_algorithms),
            signing_algorithms: spellings(&meta.signing_algorithms),
            key_agreement_algorithms: spellings(&meta.key_agreement_algorithms),
            multi_region: Some(false),
            pending_deletion_window_in_days: meta.pending_deletion_window_in_days,
            mac_algorithms: spellings(&meta.mac_algorithms),
        }
    }
}

/// The account of an AWS ARN (`arn:partition:kms:region:account:…`).
fn account_of_arn(arn: &str) -> Option<String> {
    let mut parts = arn.strip_prefix("arn:")?.splitn(5, ':');
    let account = parts.nth(3)?;
    (parts.next().is_some() && !account.is_empty()).then(|| account.to_owned())
}

/// Whether the material of a key with origin `EXTERNAL` expires, while the
/// key holds material (a key awaiting import has none to expire).
fn expiration_model(meta: &key::KeyMetadata) -> Option<String> {
    if meta.origin != Origin::External || meta.key_state == KeyState::PendingImport {
        return None;
    }
    let model = match meta.valid_to {
        Some(_) => "KEY_MATERIAL_EXPIRES",
        None => "KEY_MATERIAL_DOES_NOT_EXPIRE",
    };
    Some(model.to_owned())
}

/// The key spec as the deprecated `CustomerMasterKeySpec` names it: the
/// specs that member lists (not Ed25519, nor the specs AWS has no name for).
pub(super) fn customer_master_key_spec(spec: KeySpec) -> Option<String> {
    use KeySpec as S;
    let named = matches!(
        spec,
        S::SymmetricDefault
            | S::Rsa2048
            | S::Rsa3072
            | S::Rsa4096
            | S::EccNistP256
            | S::EccNistP384
            | S::EccNistP521
            | S::EccSecgP256k1
            | S::Hmac224
            | S::Hmac256
            | S::Hmac384
            | S::Hmac512
            | S::Sm2
    );
    named.then(|| spelling(spec))
}

impl From<&key::KeyMetadata> for KeyMetadata {
    fn from(meta: &key::KeyMetadata) -> Self {
        Self::from_metadata(meta)
    }
}

/// Declares a response holding only a key's metadata.
macro_rules! metadata_response {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct $name {
            /// The key's metadata.
            pub key_metadata: KeyMetadata,
        }

        impl $name {
            /// The response describing `meta`.
            pub fn from_metadata(meta: &key::KeyMetadata) -> Self {
                Self {
                    key_metadata: KeyMetadata::from_metadata(meta),
                }
            }
        }

        impl From<&key::KeyMetadata> for $name {
            fn from(meta: &key::KeyMetadata) -> Self {
                Self::from_metadata(meta)
            }
        }
    };
}

metadata_response! {
    /// The response to `CreateKey`: the new key's metadata.
    CreateKeyResponse
}

metadata_response! {
    /// The response to `DescribeKey`.
    DescribeKeyResponse
}

/// One key of a `ListKeys` page (the `KeyListEntry` structure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyListEntry {
    /// The key id.
    pub key_id: String,
    /// The key's ARN.
    pub key_arn: String,
}

impl KeyListEntry {
    /// The entry of a listed key.
    pub fn from_entry(entry: &key::KeyListEntry) -> Self {
        Self {
            key_id: entry.key_id.as_str().to_owned(),
            key_arn: entry.key_arn.clone(),
        }
    }
}

impl From<&key::KeyListEntry> for KeyListEntry {
    fn from(entry: &key::KeyListEntry) -> Self {
        Self::from_entry(entry)
    }
}

/// The response to `ListKeys`: one page of keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListKeysResponse {
    /// The keys of the page.
    #[serde(default)]
    pub keys: Vec<KeyListEntry>,
    /// The marker of the next page, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    /// Whether there is a next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

impl ListKeysResponse {
    /// The response carrying `page`: `Truncated` says whether a next
    /// page follows.
    pub fn from_page(page: &key::ListKeysPage) -> Self {
        Self {
            keys: page.keys.iter().map(KeyListEntry::from_entry).collect(),
            next_marker: page.next_marker.clone(),
            truncated: Some(page.next_marker.is_some()),
        }
    }
}

impl From<&key::ListKeysPage> for ListKeysResponse {
    fn from(page: &key::ListKeysPage) -> Self {
        Self::from_page(page)
    }
}

/// The response to `ScheduleKeyDeletion`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ScheduleKeyDeletionResponse {
    /// The key's ARN.
    pub key_id: String,
    /// When the key will be deleted.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "option_epoch_seconds"
    )]
    pub deletion_date: Option<SystemTime>,
    /// The key state (`PendingDeletion`).
    pub key_state: String,
    /// The deletion window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_window_in_days: Option<u32>,
}

impl ScheduleKeyDeletionResponse {
    /// The response for a key whose deletion was scheduled, from its
    /// metadata after the call.
    pub fn from_metadata(meta: &key::KeyMetadata) -> Self {
        Self {
            key_id: meta.arn.clone(),
            deletion_date: meta.deletion_date,
            key_state: spelling(meta.key_state),
            pending_window_in_days: meta.pending_deletion_window_in_days,
        }
    }
}

impl From<&key::KeyMetadata> for ScheduleKeyDeletionResponse {
    fn from(meta: &key::KeyMetadata) -> Self {
        Self::from_metadata(meta)
    }
}

/// The response to `CancelKeyDeletion`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CancelKeyDeletionResponse {
    /// The key's ARN.
    pub key_id: String,
}

impl CancelKeyDeletionResponse {
    /// The response for a key whose deletion was cancelled, from its
    /// metadata after the call.
    pub fn from_metadata(meta: &key::KeyMetadata) -> Self {
        Self {
            key_id: meta.arn.clone(),
        }
    }
}

impl From<&key::KeyMetadata> for CancelKeyDeletionResponse {
    fn from(meta: &key::KeyMetadata) -> Self {
        Self::from_metadata(meta)
    }
}

/// The response to `GetKeyLastUsage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetKeyLastUsageResponse {
    /// The key's ARN.
    pub key_id: String,
    /// The last use, if the key was used since tracking started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_last_usage: Option<KeyLastUsageData>,
    /// Since when uses of the key are tracked.
    #[serde(with = "epoch_seconds")]
    pub tracking_start_date: SystemTime,
    /// When the key was created.
    #[serde(with = "epoch_seconds")]
    pub key_creation_date: SystemTime,
}

/// A key's last use (the `KeyLastUsageData` structure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyLastUsageData {
    /// The operation, as AWS names it (`Encrypt`, `Sign`, …).
    pub operation: String,
    /// When it ran.
    #[serde(with = "epoch_seconds")]
    pub timestamp: SystemTime,
    /// The id of the request that used the key, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_request_id: Option<String>,
    /// The CloudTrail event of that request (AWS only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_trail_event_id: Option<String>,
}

impl GetKeyLastUsageResponse {
    /// The response for `usage`, the last use of the key `key_arn`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use polykms::wire::aws::GetKeyLastUsageResponse;
    /// use polykms::{CryptoOperation, KeyLastUsage, KeyUse};
    ///
    /// let created = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// let used = KeyUse::new(CryptoOperation::Sign, created + Duration::from_secs(60));
    /// let id = polykms::KeyId::parse("0d0466b0-e727-4d9c-b35d-f84bb474a37f").unwrap();
    /// let usage = KeyLastUsage::new(id, Some(used), created, created);
    /// let arn = "arn:aws:kms:us-east-1:111122223333:key/0d0466b0-e727-4d9c-b35d-f84bb474a37f";
    /// let body = serde_json::to_value(GetKeyLastUsageResponse::from_usage(&usage, arn)).unwrap();
    /// assert_eq!(body["KeyLastUsage"]["Operation"], "Sign");
    /// assert_eq!(body["KeyLastUsage"]["Timestamp"], 1_700_000_060.0);
    /// assert_eq!(body["TrackingStartDate"], 1_700_000_000.0);
    /// ```
    pub fn from_usage(usage: &crate::KeyLastUsage, key_arn: impl Into<String>) -> Self {
        Self {
            key_id: key_arn.into(),
            key_last_usage: usage.last_usage.map(|used| KeyLastUsageData {
                operation: used.operation.as_str().to_owned(),
                timestamp: used.timestamp,
                kms_request_id: usage.request_id.clone(),
                cloud_trail_event_id: None,
            }),
            tracking_start_date: usage.tracking_start_date,
            key_creation_date: usage.key_creation_date,
        }
    }
}
