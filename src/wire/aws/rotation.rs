//! The shapes of the rotation operations: `GetKeyRotationStatus`,
//! `ListKeyRotations`, `RotateKeyOnDemand`.
//!
//! The constructors take the key's ARN, which the tool and a server front
//! return as the `KeyId`.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::encoding::{epoch_seconds, option_epoch_seconds, spelling};
use crate::response;

/// The response to `GetKeyRotationStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetKeyRotationStatusResponse {
    /// Whether automatic rotation is enabled.
    pub key_rotation_enabled: bool,
    /// The key's ARN.
    pub key_id: String,
    /// The automatic rotation period, when enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_period_in_days: Option<u32>,
    /// When the key next rotates automatically, when enabled.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "option_epoch_seconds"
    )]
    pub next_rotation_date: Option<SystemTime>,
    /// When an on-demand rotation in progress started.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "option_epoch_seconds"
    )]
    pub on_demand_rotation_start_date: Option<SystemTime>,
}

impl GetKeyRotationStatusResponse {
    /// The response for `status`, the rotation settings of the key `key_arn`.
    /// (Rotations happen at once here: no on-demand rotation is ever in
    /// progress.)
    pub fn from_status(status: &response::KeyRotationStatus, key_arn: impl Into<String>) -> Self {
        Self {
            key_rotation_enabled: status.rotation_enabled,
            key_id: key_arn.into(),
            rotation_period_in_days: status.rotation_period_in_days,
            next_rotation_date: status.next_rotation_date,
            on_demand_rotation_start_date: None,
        }
    }
}

/// One rotation of a `ListKeyRotations` page (the `RotationsListEntry`
/// structure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RotationsListEntry {
    /// The key's ARN.
    pub key_id: String,
    /// When the rotation happened.
    #[serde(with = "epoch_seconds")]
    pub rotation_date: SystemTime,
    /// `AUTOMATIC` or `ON_DEMAND`.
    pub rotation_type: String,
}

impl RotationsListEntry {
    /// The entry of `rotation`, a rotation of the key `key_arn`.
    pub fn from_rotation(rotation: &response::KeyRotation, key_arn: impl Into<String>) -> Self {
        Self {
            key_id: key_arn.into(),
            rotation_date: rotation.rotation_date,
            rotation_type: spelling(rotation.rotation_type),
        }
    }
}

/// The response to `ListKeyRotations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListKeyRotationsResponse {
    /// The rotations, oldest first.
    #[serde(default)]
    pub rotations: Vec<RotationsListEntry>,
    /// The marker of the next page, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    /// Whether there is a next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

impl ListKeyRotationsResponse {
    /// The response carrying `page`, the rotations of the key `key_arn`:
    /// `Truncated` says whether a next page follows.
    pub fn from_page(page: &response::ListKeyRotationsPage, key_arn: &str) -> Self {
        Self {
            next_marker: page.next_marker.clone(),
            truncated: Some(page.next_marker.is_some()),
            ..Self::from_rotations(&page.rotations, key_arn)
        }
    }

    /// Every rotation of the key `key_arn` at once, the way the AWS CLI
    /// prints a listing it paged through: no `NextMarker`, no `Truncated`.
    pub fn from_rotations(rotations: &[response::KeyRotation], key_arn: &str) -> Self {
        Self {
            rotations: rotations
                .iter()
                .map(|rotation| RotationsListEntry::from_rotation(rotation, key_arn))
                .collect(),
            next_marker: None,
            truncated: None,
        }
    }
}

/// The response to `RotateKeyOnDemand`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RotateKeyOnDemandResponse {
    /// The key's ARN.
    pub key_id: String,
}

impl RotateKeyOnDemandResponse {
    /// The response for a rotation of the key `key_arn`.
    pub fn new(key_arn: impl Into<String>) -> Self {
        Self {
            key_id: key_arn.into(),
        }
    }
}
