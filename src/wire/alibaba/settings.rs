//! The shapes of the actions that change a key's settings:
//! `UpdateKeyDescription` and `UpdateRotationPolicy`.
//!
//! `RotationInterval` is a number and a unit, days or seconds (`365d`,
//! `31536000s`); read it with
//! [`parse_rotation_interval`](super::parse_rotation_interval), and write
//! it as Alibaba answers it with
//! [`format_rotation_interval`](super::format_rotation_interval).

use serde::{Deserialize, Serialize};

use super::keys::RequestIdResponse;
use super::parameters::lenient;
use super::values::{RotationInterval, format_rotation_interval};

/// The parameters of `UpdateKeyDescription`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UpdateKeyDescriptionRequest {
    /// The new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

impl UpdateKeyDescriptionRequest {
    /// Gives `key_id` the description `description`.
    pub fn new(key_id: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            description: Some(description.into()),
            key_id: Some(key_id.into()),
        }
    }
}

/// The parameters of `UpdateRotationPolicy`.
///
/// ```
/// use polykms::wire::alibaba::{RotationInterval, UpdateRotationPolicyRequest, to_parameters};
///
/// let request = UpdateRotationPolicyRequest::enable("alias/app", RotationInterval::from_days(30));
/// assert_eq!(to_parameters(&request), [
///     ("EnableAutomaticRotation".to_string(), "true".to_string()),
///     ("KeyId".to_string(), "alias/app".to_string()),
///     ("RotationInterval".to_string(), "2592000s".to_string()),
/// ]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UpdateRotationPolicyRequest {
    /// Whether the key rotates automatically.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_bool"
    )]
    pub enable_automatic_rotation: Option<bool>,
    /// The key: its id, an alias or its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The interval, e.g. `365d` or `31536000s` (required when rotation is
    /// enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_interval: Option<String>,
}

impl UpdateRotationPolicyRequest {
    /// Rotates `key_id` automatically every `interval`.
    pub fn enable(key_id: impl Into<String>, interval: RotationInterval) -> Self {
        Self {
            enable_automatic_rotation: Some(true),
            key_id: Some(key_id.into()),
            rotation_interval: Some(format_rotation_interval(interval)),
        }
    }

    /// Stops rotating `key_id` automatically.
    pub fn disable(key_id: impl Into<String>) -> Self {
        Self {
            enable_automatic_rotation: Some(false),
            key_id: Some(key_id.into()),
            rotation_interval: None,
        }
    }
}

/// The answer to `UpdateKeyDescription`.
pub type UpdateKeyDescriptionResponse = RequestIdResponse;
/// The answer to `UpdateRotationPolicy`.
pub type UpdateRotationPolicyResponse = RequestIdResponse;

#[cfg(test)]
mod tests;
