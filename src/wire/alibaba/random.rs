//! The shapes of `GetRandomPassword`.
//!
//! The password is drawn from digits, lowercase and uppercase letters and
//! punctuation (`Exclude*` leave a class out, `ExcludeCharacters` single
//! characters); `PasswordLength` is 8 to 128, 32 by default;
//! `RequireEachIncludedType` asks for one character of every class left
//! in.

use serde::{Deserialize, Serialize};

use super::parameters::lenient;

/// The parameters of `GetRandomPassword`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetRandomPasswordRequest {
    /// Characters the password must not contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_characters: Option<String>,
    /// Leave out lowercase letters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub exclude_lowercase: Option<bool>,
    /// Leave out digits.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub exclude_numbers: Option<bool>,
    /// Leave out punctuation.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub exclude_punctuation: Option<bool>,
    /// Leave out uppercase letters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub exclude_uppercase: Option<bool>,
    /// The password's length, 8 to 128.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_int"
    )]
    pub password_length: Option<i64>,
    /// Include a character of every class left in.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub require_each_included_type: Option<bool>,
}

impl GetRandomPasswordRequest {
    /// A password of `length` characters, of every class.
    ///
    /// ```
    /// use polykms::wire::alibaba::{GetRandomPasswordRequest, to_parameters};
    ///
    /// let request = GetRandomPasswordRequest::new(24);
    /// assert_eq!(to_parameters(&request), [("PasswordLength".to_string(), "24".to_string())]);
    /// ```
    pub fn new(length: i64) -> Self {
        Self {
            password_length: Some(length),
            ..Self::default()
        }
    }
}

/// The answer to `GetRandomPassword`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetRandomPasswordResponse {
    /// The password.
    #[serde(default)]
    pub random_password: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

impl GetRandomPasswordResponse {
    /// The password `random_password`, answering the request `request_id`.
    pub fn new(random_password: impl Into<String>, request_id: impl Into<String>) -> Self {
        Self {
            random_password: random_password.into(),
            request_id: request_id.into(),
        }
    }
}

#[cfg(test)]
mod tests;
