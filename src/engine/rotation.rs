//! Rotation: material versions, automatic and on-demand rotation, and the
//! retirement of old versions.
//!
//! Automatic rotation needs no background thread: each key's next rotation
//! date is one of the table's events, and the first read or write at or
//! after that date (by the engine's clock) adds the version and persists it
//! before anything uses the key. A disabled key does not rotate; once
//! enabled again, an overdue rotation happens at its next use.

use super::lifecycle::invalid_state;
use super::{Engine, KeyMeta, Persist, RotationSchedule, days, paging};
use crate::request::{
    EnableKeyRotationRequest, ListKeyRotationsRequest, SetMinimumDecryptionVersionRequest,
};
use crate::response::{KeyRotation, KeyRotationStatus, ListKeyRotationsPage};
use crate::spec::{KeyState, Origin, RotationType, limits};
use crate::{Error, Result};

/// Checks that the key's spec and origin allow rotation.
fn check_rotatable(meta: &KeyMeta, operation: &str) -> Result<()> {
    if !meta.spec.rotates() {
        return Err(Error::UnsupportedOperation {
            key_id: meta.key_id.clone(),
            spec: meta.spec,
            operation: operation.into(),
        });
    }
    if meta.origin == Origin::External {
        return Err(Error::UnsupportedOperation {
            key_id: meta.key_id.clone(),
            spec: meta.spec,
            operation: "rotation of imported key material".into(),
        });
    }
    Ok(())
}

/// Turning rotation off and retiring versions are allowed on enabled and
/// disabled keys.
fn check_state(meta: &KeyMeta, operation: &str) -> Result<()> {
    match meta.state {
        KeyState::Enabled | KeyState::Disabled => Ok(()),
        state => Err(invalid_state(meta, state, operation)),
    }
}

/// Rotating, or turning automatic rotation on, makes new key material the
/// key will use: the key must be enabled (a disabled key refuses, as
/// Alibaba Cloud's `UpdateRotationPolicy` and AWS's key state table do).
fn check_enabled(meta: &KeyMeta, operation: &str) -> Result<()> {
    match meta.state {
        KeyState::Enabled => Ok(()),
        KeyState::Disabled => Err(Error::Disabled {
            key_id: meta.key_id.clone(),
        }),
        state => Err(invalid_state(meta, state, operation)),
    }
}

impl<S: Persist> Engine<S> {
    pub(crate) fn enable_key_rotation(&self, request: EnableKeyRotationRequest) -> Result<()> {
        let key = request.key_id.as_str();
        let period = request
            .rotation_period_in_days
            .unwrap_or(limits::DEFAULT_ROTATION_PERIOD_DAYS);
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
            let mut status = KeyRotationStatus::new(meta.key_id.clone(), record.current_version());
            status.rotation_enabled = meta.rotation.is_some();
            status.rotation_period_in_days = meta.rotation.as_ref().map(|r| r.period_days);
            status.next_rotation_date = meta.rotation.as_ref().map(|r| r.next_rotation);
            status.minimum_decryption_version = meta.min_decryption_version;
            Ok(status)
        })
    }

    pub(crate) fn list_key_rotations(
        &self,
        request: ListKeyRotationsRequest,
    ) -> Result<ListKeyRotationsPage> {
        let size = paging::page_size(request.limit, 100, limits::MAX_LIST_LIMIT)?;
        // The marker is the last version listed; versions start at 2.
        let after: u32 = match &request.marker {
            Some(marker) => marker
                .parse()
                .map_err(|_| paging::bad_marker("list_key_rotations"))?,
            None => 1,
        };
        self.read(|table, now| {
            let meta = &self.resolve(table, &request.key_id, now)?.meta;
            let versions = (2u32..).zip(&meta.rotations);
            let after = versions.filter(|(version, _)| *version > after);
            let (page, next) = paging::page(after, size, |(version, _)| version.to_string());
            let rotations = page
                .into_iter()
                .map(|(version, rotation)| {
                    let id = meta.key_id.clone();
                    KeyRotation::new(id, Some(version), rotation.date, rotation.kind)
                })
                .collect();
            Ok(ListKeyRotationsPage::new(rotations, next))
        })
    }

    pub(crate) fn rotate_key_on_demand(&self, key: &str) -> Result<KeyRotation> {
        self.update_record(key, |record, now| {
            check_rotatable(&record.meta, "RotateKeyOnDemand")?;
            check_enabled(&record.meta, "RotateKeyOnDemand")?;
            let rotated = record.rotated(now, RotationType::OnDemand)?;
            let rotation = KeyRotation::new(
                record.meta.key_id.clone(),
                Some(rotated.current()?.0),
                now,
                RotationType::OnDemand,
            );
            Ok((rotation, Some(rotated)))
        })
    }

    pub(crate) fn set_minimum_decryption_version(
        &self,
        request: SetMinimumDecryptionVersionRequest,
    ) -> Result<()> {
        let version = request.minimum_version;
        self.update_record(&request.key_id, |record, _| {
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
