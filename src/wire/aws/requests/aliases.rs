//! The requests of the alias and tag operations: `CreateAlias`,
//! `UpdateAlias`, `DeleteAlias`, `ListAliases`, `TagResource`,
//! `UntagResource`, `ListResourceTags`.

use serde::Deserialize;

use crate::wire::aws::Tag;

/// The request of `CreateAlias`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct CreateAliasRequest {
    /// The alias name, `alias/…` (required).
    pub alias_name: Option<String>,
    /// The key it names: key id or key ARN (required).
    pub target_key_id: Option<String>,
}

/// The request of `UpdateAlias`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct UpdateAliasRequest {
    /// The alias name, `alias/…` (required).
    pub alias_name: Option<String>,
    /// The key it is to name from now on: key id or key ARN (required).
    pub target_key_id: Option<String>,
}

/// The request of `DeleteAlias`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct DeleteAliasRequest {
    /// The alias name, `alias/…` (required).
    pub alias_name: Option<String>,
}

/// The request of `ListAliases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct ListAliasesRequest {
    /// Only the aliases of this key (key id or key ARN).
    pub key_id: Option<String>,
    /// Aliases per page (the model allows 1–1000; KMS 1–100).
    pub limit: Option<i32>,
    /// The `NextMarker` of the previous page.
    pub marker: Option<String>,
}

/// The request of `TagResource`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct TagResourceRequest {
    /// The key: key id or key ARN (required).
    pub key_id: Option<String>,
    /// The tags to add or whose values to replace (required).
    pub tags: Option<Vec<Tag>>,
}

/// The request of `UntagResource`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct UntagResourceRequest {
    /// The key: key id or key ARN (required).
    pub key_id: Option<String>,
    /// The keys of the tags to remove (required).
    pub tag_keys: Option<Vec<String>>,
}

/// The request of `ListResourceTags`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct ListResourceTagsRequest {
    /// The key: key id or key ARN (required).
    pub key_id: Option<String>,
    /// Tags per page (the model allows 1–1000; KMS 1–50).
    pub limit: Option<i32>,
    /// The `NextMarker` of the previous page.
    pub marker: Option<String>,
}
