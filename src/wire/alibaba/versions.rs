//! The shapes of the key version actions: `CreateKeyVersion`,
//! `ListKeyVersions`, `DescribeKeyVersion`.
//!
//! Alibaba names each material version of a key by a `KeyVersionId`, a
//! UUID; [`key_version_id`] gives the id of a version number and
//! [`version_of_id`](super::version_of_id) finds the number again. Lists
//! nest as `{"KeyVersions":{"KeyVersion":[…]}}` and are paged by
//! `PageNumber` and `PageSize`.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::encoding::format_timestamp;
use super::keys::KeyIdRequest;
use super::parameters::lenient;
use super::values::key_version_id;

/// The parameters of `CreateKeyVersion` (a rotation on demand): the key.
pub type CreateKeyVersionRequest = KeyIdRequest;

/// The parameters of `ListKeyVersions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListKeyVersionsRequest {
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub page_number: Option<i64>,
    /// Versions per page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub page_size: Option<i64>,
}

impl ListKeyVersionsRequest {
    /// The versions of `key_id`, first page, default size.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: Some(key_id.into()),
            ..Self::default()
        }
    }

    /// Asks for page `page_number` (from 1) of `page_size` versions.
    pub fn page(mut self, page_number: i64, page_size: i64) -> Self {
        self.page_number = Some(page_number);
        self.page_size = Some(page_size);
        self
    }
}

/// The parameters of `DescribeKeyVersion`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DescribeKeyVersionRequest {
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The version's `KeyVersionId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_version_id: Option<String>,
}

impl DescribeKeyVersionRequest {
    /// Describes version `key_version_id` of `key_id`.
    pub fn new(key_id: impl Into<String>, key_version_id: impl Into<String>) -> Self {
        Self {
            key_id: Some(key_id.into()),
            key_version_id: Some(key_version_id.into()),
        }
    }
}

/// A material version of a key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyVersion {
    /// When the version was made, ISO 8601 UTC.
    #[serde(default)]
    pub creation_date: String,
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The version's `KeyVersionId`.
    #[serde(default)]
    pub key_version_id: String,
}

impl KeyVersion {
    /// Material version `version` of the key `key_id`, made at `created`,
    /// named by its [`key_version_id`].
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use polykms::wire::alibaba::{KeyVersion, key_version_id};
    ///
    /// let created = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
    /// let version = KeyVersion::of("1234abcd-12ab-34cd-56ef-1234567890ab", 2, created);
    /// assert_eq!(version.key_version_id, key_version_id("1234abcd-12ab-34cd-56ef-1234567890ab", 2));
    /// assert_eq!(version.creation_date, "2024-05-01T12:00:00Z");
    /// ```
    pub fn of(key_id: &str, version: u32, created: SystemTime) -> Self {
        Self {
            creation_date: format_timestamp(created),
            key_id: key_id.to_owned(),
            key_version_id: key_version_id(key_id, version),
        }
    }
}

/// The answer to `CreateKeyVersion` and `DescribeKeyVersion`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct KeyVersionResponse {
    /// The version.
    #[serde(default)]
    pub key_version: KeyVersion,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl KeyVersionResponse {
    /// The answer with `key_version` to the request `request_id`.
    pub fn new(key_version: KeyVersion, request_id: impl Into<String>) -> Self {
        Self {
            key_version,
            request_id: request_id.into(),
        }
    }
}

/// The answer to `CreateKeyVersion`.
pub type CreateKeyVersionResponse = KeyVersionResponse;
/// The answer to `DescribeKeyVersion`.
pub type DescribeKeyVersionResponse = KeyVersionResponse;

/// The versions of a page, nested as Alibaba nests lists:
/// `{"KeyVersions":{"KeyVersion":[…]}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyVersions {
    /// The versions.
    #[serde(rename = "KeyVersion", default)]
    pub key_version: Vec<KeyVersion>,
}

/// The answer to `ListKeyVersions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListKeyVersionsResponse {
    /// The page's versions.
    #[serde(default)]
    pub key_versions: KeyVersions,
    /// The page.
    #[serde(default)]
    pub page_number: i64,
    /// Versions per page.
    #[serde(default)]
    pub page_size: i64,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
    /// How many versions there are in all.
    #[serde(default)]
    pub total_count: i64,
}

impl ListKeyVersionsResponse {
    /// Page `page_number` (of `page_size` versions) holding `versions`, of
    /// `total_count` versions in all, answering the request `request_id`.
    pub fn new(
        versions: Vec<KeyVersion>,
        total_count: i64,
        page_number: i64,
        page_size: i64,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            key_versions: KeyVersions {
                key_version: versions,
            },
            page_number,
            page_size,
            request_id: request_id.into(),
            total_count,
        }
    }
}

#[cfg(test)]
mod tests;
