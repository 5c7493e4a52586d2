//! Rotation: material versions, automatic and on-demand rotation, and the
//! retirement of old versions.
//!
//! Automatic rotation needs no background thread: each key's next rotation
//! date is one of the table's events, and the first read or write at or
//! after that date (by the engine's clock) adds the version and persists it
//! before anything uses the key. A disabled key does not rotate; once
//! enabled again, an overdue rotation happens at its next use.

use super::lifecycle::invalid_state;
use super::{Engine, KeyMeta, RotationSchedule, Storage, days};
use crate::response::{KeyRotation, KeyRotationStatus};
use crate::spec::{KeyState, Origin, RotationType, limits};
use crate::{Error, Result};

/// Checks that the key's spec and origin allow rotation.
fn check_rotatable(meta: &KeyMeta, operation: &'static str) -> Result<()> {
    if !meta.spec.rotates() {
        return Err(Error::UnsupportedOperation {
            key_id: meta.key_id,
            spec: meta.spec,
            operation,
        });
    }
    if meta.origin == Origin::External {
        return Err(Error::UnsupportedOperation {
            key_id: meta.key_id,
            spec: meta.spec,
            operation: "rotation of imported key material",
        });
    }
    Ok(())
}

/// Turning rotation off and retiring versions are allowed on enabled and
/// disabled keys.
fn check_state(meta: &KeyMeta, operation: &'static str) -> Result<()> {
    match meta.state {
        KeyState::Enabled | KeyState::Disabled => Ok(()),
        state => Err(invalid_state(meta, state, operation)),
    }
}

/// Rotating, or turning automatic rotation on, makes new key material the
/// key will use: the key must be enabled (a disabled key refuses, as
/// Alibaba Cloud's `UpdateRotationPolicy` and AWS's key state table do).
fn check_enabled(meta: &KeyMeta, operation: &'static str) -> Result<()> {
    match meta.state {
        KeyState::Enabled => Ok(()),
        KeyState::Disabled => Err(Error::Disabled {
            key_id: meta.key_id,
        }),
        state => Err(invalid_state(meta, state, operation)),
    }
}

impl<S: Storage> Engine<S> {
    pub(crate) fn enable_key_rotation(&self, key: &str, period_days: Option<u32>) -> Result<()> {
        let period = period_days.unwrap_or(limits::DEFAULT_ROTATION_PERIOD_DAYS);
        let range = limits::MIN_ROTATION_PERIOD_DAYS..=limits::MAX_ROTATION_PERIOD_DAYS;
        if !range.contains(&period) {
            return Err(Error::invalid_argument(
                "rotation period in days",
                format!("{period}; must be {} to {}", range.start(), range.end()),
            ));
        }
        self.update_meta(key, |meta, now| {
            check_rotatable(meta, "EnableKeyRotation")?;
            check_enabled(meta, "EnableKeyRotation")?;
            if meta
                .rotation
                .as_ref()
                .is_some_and(|r| r.period_days == period)
            {
                return Ok(());
            }
            meta.rotation = Some(RotationSchedule {
                period_days: period,
                next_rotation: now + days(period),
            });
            Ok(())
        })
    }

    pub(crate) fn disable_key_rotation(&self, key: &str) -> Result<()> {
        self.update_meta(key, |meta, _| {
            check_rotatable(meta, "DisableKeyRotation")?;
            check_state(meta, "DisableKeyRotation")?;
            meta.rotation = None;
            Ok(())
        })
    }

    pub(crate) fn get_key_rotation_status(&self, key: &str) -> Result<KeyRotationStatus> {
        self.read(|table, now| {
            let record = self.resolve(table, key, now)?;
            let meta = &record.meta;
            Ok(KeyRotationStatus {
                key_id: meta.key_id,
                rotation_enabled: meta.rotation.is_some(),
                rotation_period_in_days: meta.rotation.as_ref().map(|r| r.period_days),
                next_rotation_date: meta.rotation.as_ref().map(|r| r.next_rotation),
                current_key_version: record.current_version(),
                minimum_decryption_version: meta.min_decryption_version,
            })
        })
    }

    pub(crate) fn list_key_rotations(&self, key: &str) -> Result<Vec<KeyRotation>> {
        self.read(|table, now| {
            let meta = &self.resolve(table, key, now)?.meta;
            Ok(meta
                .rotations
                .iter()
                .zip(2u32..)
                .map(|(rotation, version)| KeyRotation {
                    key_id: meta.key_id,
                    key_version: version,
                    rotation_date: rotation.date,
                    rotation_type: rotation.kind,
                })
                .collect())
        })
    }

    pub(crate) fn rotate_key_on_demand(&self, key: &str) -> Result<KeyRotation> {
        self.update_record(key, |record, now| {
            check_rotatable(&record.meta, "RotateKeyOnDemand")?;
            check_enabled(&record.meta, "RotateKeyOnDemand")?;
            let rotated = record.rotated(now, RotationType::OnDemand)?;
            let rotation = KeyRotation {
                key_id: record.meta.key_id,
                key_version: rotated.current()?.0,
                rotation_date: now,
                rotation_type: RotationType::OnDemand,
            };
            Ok((rotation, Some(rotated)))
        })
    }

    pub(crate) fn set_minimum_decryption_version(&self, key: &str, version: u32) -> Result<()> {
        self.update_record(key, |record, _| {
            let meta = &record.meta;
            check_rotatable(meta, "SetMinimumDecryptionVersion")?;
            check_state(meta, "SetMinimumDecryptionVersion")?;
            let current = record.current_version().unwrap_or(0);
            if !(1..=current).contains(&version) {
                return Err(Error::invalid_argument(
                    "minimum decryption version",
                    format!("{version}; the key has versions 1 to {current}"),
                ));
            }
            let mut updated = record.clone();
            updated.meta.min_decryption_version = version;
            Ok(((), (updated.meta != record.meta).then_some(updated)))
        })
    }
}
