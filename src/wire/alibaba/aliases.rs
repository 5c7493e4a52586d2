//! The shapes of the alias actions: `CreateAlias`, `UpdateAlias`,
//! `DeleteAlias`, `ListAliases`, `ListAliasesByKeyId`.
//!
//! An alias name carries its `alias/` prefix on the wire (`alias/app`);
//! lists nest as `{"Aliases":{"Alias":[…]}}` and are paged by
//! `PageNumber` (from 1) and `PageSize` (1 to 100, 10 by default).

use serde::{Deserialize, Serialize};

use super::keys::RequestIdResponse;
use super::parameters::lenient;

/// The parameters of `CreateAlias` and `UpdateAlias`: an alias and the
/// key it names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AliasRequest {
    /// The alias, `alias/…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_name: Option<String>,
    /// The key: its id or ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

impl AliasRequest {
    /// Points `alias_name` at `key_id`.
    ///
    /// ```
    /// use polykms::wire::alibaba::{CreateAliasRequest, to_parameters};
    ///
    /// let request = CreateAliasRequest::new("alias/app", "1234abcd-12ab-34cd-56ef-1234567890ab");
    /// assert_eq!(to_parameters(&request)[0], ("AliasName".to_string(), "alias/app".to_string()));
    /// ```
    pub fn new(alias_name: impl Into<String>, key_id: impl Into<String>) -> Self {
        Self {
            alias_name: Some(alias_name.into()),
            key_id: Some(key_id.into()),
        }
    }
}

/// The parameters of `CreateAlias`.
pub type CreateAliasRequest = AliasRequest;
/// The parameters of `UpdateAlias`.
pub type UpdateAliasRequest = AliasRequest;

/// The parameters of `DeleteAlias`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeleteAliasRequest {
    /// The alias, `alias/…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_name: Option<String>,
}

impl DeleteAliasRequest {
    /// Deletes `alias_name`.
    pub fn new(alias_name: impl Into<String>) -> Self {
        Self {
            alias_name: Some(alias_name.into()),
        }
    }
}

/// The parameters of `ListAliases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListAliasesRequest {
    /// The page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub page_number: Option<i64>,
    /// Aliases per page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub page_size: Option<i64>,
}

impl ListAliasesRequest {
    /// Page `page_number` (from 1) of `page_size` aliases.
    pub fn page(page_number: i64, page_size: i64) -> Self {
        Self {
            page_number: Some(page_number),
            page_size: Some(page_size),
        }
    }
}

/// The parameters of `ListAliasesByKeyId`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListAliasesByKeyIdRequest {
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
    /// Aliases per page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub page_size: Option<i64>,
}

impl ListAliasesByKeyIdRequest {
    /// The aliases of `key_id`, first page, default size.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: Some(key_id.into()),
            ..Self::default()
        }
    }

    /// Asks for page `page_number` (from 1) of `page_size` aliases.
    pub fn page(mut self, page_number: i64, page_size: i64) -> Self {
        self.page_number = Some(page_number);
        self.page_size = Some(page_size);
        self
    }
}

/// The answer to `CreateAlias`.
pub type CreateAliasResponse = RequestIdResponse;
/// The answer to `UpdateAlias`.
pub type UpdateAliasResponse = RequestIdResponse;
/// The answer to `DeleteAlias`.
pub type DeleteAliasResponse = RequestIdResponse;

/// An alias in a `ListAliases` or `ListAliasesByKeyId` page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AliasListEntry {
    /// The alias's ARN, `acs:kms:<region>:<account>:alias/…`.
    #[serde(default)]
    pub alias_arn: String,
    /// The alias, `alias/…`.
    #[serde(default)]
    pub alias_name: String,
    /// The id of the key it names.
    #[serde(default)]
    pub key_id: String,
}

impl AliasListEntry {
    /// The entry for `alias_name` (ARN `alias_arn`) naming `key_id`.
    pub fn new(
        alias_name: impl Into<String>,
        alias_arn: impl Into<String>,
        key_id: impl Into<String>,
    ) -> Self {
        Self {
            alias_arn: alias_arn.into(),
            alias_name: alias_name.into(),
            key_id: key_id.into(),
        }
    }
}

/// The aliases of a page, nested as Alibaba nests lists:
/// `{"Aliases":{"Alias":[…]}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Aliases {
    /// The aliases.
    #[serde(rename = "Alias", default)]
    pub alias: Vec<AliasListEntry>,
}

/// The answer to `ListAliases` and `ListAliasesByKeyId`.
///
/// ```
/// use polykms::wire::alibaba::{AliasListEntry, ListAliasesResponse};
///
/// let entry = AliasListEntry::new("alias/app", "acs:kms:cn-hangzhou:1:alias/app", "k1");
/// let page = ListAliasesResponse::new(vec![entry], 1, 1, 10, "r-1");
/// let json = serde_json::to_value(&page).unwrap();
/// assert_eq!(json["Aliases"]["Alias"][0]["AliasName"], "alias/app");
/// assert_eq!(json["TotalCount"], 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListAliasesResponse {
    /// The page's aliases.
    #[serde(default)]
    pub aliases: Aliases,
    /// The page.
    #[serde(default)]
    pub page_number: i64,
    /// Aliases per page.
    #[serde(default)]
    pub page_size: i64,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
    /// How many aliases there are in all.
    #[serde(default)]
    pub total_count: i64,
}

impl ListAliasesResponse {
    /// Page `page_number` (of `page_size` aliases) holding `aliases`, of
    /// `total_count` aliases in all, answering the request `request_id`.
    pub fn new(
        aliases: Vec<AliasListEntry>,
        total_count: i64,
        page_number: i64,
        page_size: i64,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            aliases: Aliases { alias: aliases },
            page_number,
            page_size,
            request_id: request_id.into(),
            total_count,
        }
    }
}

/// The answer to `ListAliasesByKeyId`.
pub type ListAliasesByKeyIdResponse = ListAliasesResponse;

#[cfg(test)]
mod tests;
