//! The shapes of the alias operations: `ListAliases`.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::encoding::option_epoch_seconds;
use crate::key;

/// One alias of a `ListAliases` page (the `AliasListEntry` structure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AliasListEntry {
    /// The alias name, `alias/…`.
    pub alias_name: String,
    /// The alias's ARN.
    pub alias_arn: String,
    /// The id of the key the alias points at (AWS omits it for its own
    /// aliases that point at nothing yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_key_id: Option<String>,
    /// When the alias was created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "option_epoch_seconds"
    )]
    pub creation_date: Option<SystemTime>,
    /// When the alias was last pointed at a key.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "option_epoch_seconds"
    )]
    pub last_updated_date: Option<SystemTime>,
}

impl AliasListEntry {
    /// The entry of a listed alias.
    pub fn from_entry(entry: &key::AliasEntry) -> Self {
        Self {
            alias_name: entry.alias_name.clone(),
            alias_arn: entry.alias_arn.clone(),
            target_key_id: Some(entry.target_key_id.as_str().to_owned()),
            creation_date: Some(entry.creation_date),
            last_updated_date: Some(entry.last_updated_date),
        }
    }
}

impl From<&key::AliasEntry> for AliasListEntry {
    fn from(entry: &key::AliasEntry) -> Self {
        Self::from_entry(entry)
    }
}

/// The response to `ListAliases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListAliasesResponse {
    /// The aliases.
    #[serde(default)]
    pub aliases: Vec<AliasListEntry>,
    /// The marker of the next page, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    /// Whether there is a next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

impl ListAliasesResponse {
    /// The response carrying `page`: `Truncated` says whether a next page
    /// follows.
    pub fn from_page(page: &key::ListAliasesPage) -> Self {
        Self {
            aliases: page
                .aliases
                .iter()
                .map(AliasListEntry::from_entry)
                .collect(),
            next_marker: page.next_marker.clone(),
            truncated: Some(page.next_marker.is_some()),
        }
    }

    /// Every alias at once, the way the AWS CLI prints a listing it paged
    /// through: no `NextMarker`, no `Truncated`.
    pub fn from_entries(aliases: &[key::AliasEntry]) -> Self {
        Self {
            aliases: aliases.iter().map(AliasListEntry::from_entry).collect(),
            next_marker: None,
            truncated: None,
        }
    }
}

impl From<&key::ListAliasesPage> for ListAliasesResponse {
    fn from(page: &key::ListAliasesPage) -> Self {
        Self::from_page(page)
    }
}
