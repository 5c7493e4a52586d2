//! The requests of the key operations: `CreateKey`, `DescribeKey`,
//! `ListKeys`, `EnableKey`, `DisableKey`, `UpdateKeyDescription`,
//! `ScheduleKeyDeletion`, `CancelKeyDeletion`.

use serde::Deserialize;

use crate::wire::aws::Tag;

/// The request of `CreateKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct CreateKeyRequest {
    /// A key policy (JSON, 1–131072 characters).
    pub policy: Option<String>,
    /// The description (0–8192 characters).
    pub description: Option<String>,
    /// The key usage (`ENCRYPT_DECRYPT`, …; the spec's default when absent).
    pub key_usage: Option<String>,
    /// The deprecated twin of `KeySpec` (at most one of the two).
    pub customer_master_key_spec: Option<String>,
    /// The key spec (`SYMMETRIC_DEFAULT` when absent).
    pub key_spec: Option<String>,
    /// Where the material comes from (`AWS_KMS` when absent, or `EXTERNAL`).
    pub origin: Option<String>,
    /// A custom key store to create the key in (1–64 characters).
    pub custom_key_store_id: Option<String>,
    /// Whether to skip the key policy lockout safety check.
    pub bypass_policy_lockout_safety_check: Option<bool>,
    /// Tags to put on the key.
    pub tags: Option<Vec<Tag>>,
    /// Whether to create a multi-Region primary key.
    pub multi_region: Option<bool>,
    /// The key's id in an external key manager (1–128 characters).
    pub xks_key_id: Option<String>,
}

/// The request of `DescribeKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct DescribeKeyRequest {
    /// The key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
}

/// The request of `ListKeys`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct ListKeysRequest {
    /// Keys per page (1–1000).
    pub limit: Option<i32>,
    /// The `NextMarker` of the previous page.
    pub marker: Option<String>,
}

key_request! {
    /// The request of `EnableKey`.
    EnableKeyRequest
}

key_request! {
    /// The request of `DisableKey`.
    DisableKeyRequest
}

/// The request of `UpdateKeyDescription`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct UpdateKeyDescriptionRequest {
    /// The key (required).
    pub key_id: Option<String>,
    /// The new description, 0–8192 characters (required).
    pub description: Option<String>,
}

/// The request of `ScheduleKeyDeletion`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct ScheduleKeyDeletionRequest {
    /// The key (required).
    pub key_id: Option<String>,
    /// The waiting period in days (the model allows 1–365; KMS 7–30).
    pub pending_window_in_days: Option<i32>,
}

key_request! {
    /// The request of `CancelKeyDeletion`.
    CancelKeyDeletionRequest
}

key_request! {
    /// The request of `GetKeyLastUsage`.
    GetKeyLastUsageRequest
}
