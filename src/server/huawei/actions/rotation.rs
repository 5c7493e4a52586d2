//! The rotation endpoints: `enable-key-rotation`, `disable-key-rotation`,
//! `get-key-rotation-status`, `update-key-rotation-interval`,
//! `rotate-on-demand`.
//!
//! A key's material versions are numbered from 1 (made with the key), each
//! rotation making the next; `key_materials` lists them by that number.

use super::{Answer, Context, Fail, answer, key_reference};
use crate::AsyncKeyManagerExt;
use crate::wire::huawei::{self as wire, epoch_millis};

/// The interval Huawei rotates at when rotation is enabled without one.
const DEFAULT_INTERVAL_DAYS: u32 = 365;

/// `rotation_interval`'s range, in days.
const INTERVAL_DAYS: std::ops::RangeInclusive<i64> = 30..=365;

/// The state Huawei gives a material version in use.
const MATERIAL_ENABLED: i64 = 2;

pub(super) async fn enable_key_rotation(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::EnableKeyRotationRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    // An interval set before is kept; a first enabling takes Huawei's default.
    let status = cx.kms.get_key_rotation_status(&key).await?;
    let days = status
        .rotation_period_in_days
        .unwrap_or(DEFAULT_INTERVAL_DAYS);
    let request = crate::EnableKeyRotationRequest::new(key).rotation_period_in_days(days);
    cx.kms.enable_key_rotation(request).await?;
    answer(&wire::EmptyResponse::default())
}

pub(super) async fn disable_key_rotation(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::DisableKeyRotationRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    cx.kms.disable_key_rotation(&key).await?;
    answer(&wire::EmptyResponse::default())
}

pub(super) async fn get_key_rotation_status(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::GetKeyRotationStatusRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let meta = cx.kms.describe_key(&key).await?;
    let id = meta.key_id.to_string();
    let status = cx.kms.get_key_rotation_status(&id).await?;
    let rotations = if meta.key_spec.rotates() {
        cx.kms.list_all_key_rotations(&id).await?
    } else {
        Vec::new()
    };
    let last = rotations.iter().map(|r| r.rotation_date).max();
    let mut versions = Vec::new();
    if let Some(current) = status.current_key_version {
        versions.push((1, meta.creation_date));
        versions.extend(
            rotations
                .iter()
                .filter_map(|r| r.key_version.map(|v| (v, r.rotation_date))),
        );
        versions.retain(|(v, _)| (status.minimum_decryption_version..=current).contains(v));
        versions.sort_unstable_by_key(|(v, _)| *v);
        versions.dedup_by_key(|(v, _)| *v);
    }
    let key_materials = versions
        .into_iter()
        .map(|(version, created)| wire::KeyMaterialVersion {
            material_id: version.to_string(),
            charge_id: String::new(),
            create_time: epoch_millis(created),
            expiration_time: meta.valid_to.map(epoch_millis).unwrap_or_default(),
            state: MATERIAL_ENABLED,
        })
        .collect();
    let interval = status
        .rotation_period_in_days
        .unwrap_or(DEFAULT_INTERVAL_DAYS);
    answer(&wire::KeyRotationStatusResponse {
        key_rotation_enabled: status.rotation_enabled,
        rotation_interval: i64::from(interval),
        last_rotation_time: last.map(epoch_millis).unwrap_or_default(),
        number_of_rotations: i64::try_from(rotations.len()).unwrap_or(i64::MAX),
        key_materials,
    })
}

pub(super) async fn update_key_rotation_interval(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::UpdateKeyRotationIntervalRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let days = r
        .rotation_interval
        .ok_or(Fail::Missing("rotation_interval"))?;
    let days = u32::try_from(days)
        .ok()
        .filter(|_| INTERVAL_DAYS.contains(&days))
        .ok_or_else(|| Fail::Invalid {
            parameter: "rotation_interval",
            reason: format!("{days} is not from 30 to 365 days"),
        })?;
    let status = cx.kms.get_key_rotation_status(&key).await?;
    if !status.rotation_enabled {
        return Err(Fail::Invalid {
            parameter: "key_id",
            reason: "the key's rotation is not enabled; enable it before setting its interval"
                .to_owned(),
        });
    }
    let request = crate::EnableKeyRotationRequest::new(key).rotation_period_in_days(days);
    cx.kms.enable_key_rotation(request).await?;
    answer(&wire::EmptyResponse::default())
}

pub(super) async fn rotate_on_demand(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::RotateOnDemandRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let rotation = cx.kms.rotate_key_on_demand(&key).await?;
    answer(&wire::RotateOnDemandResponse {
        key_id: rotation.key_id.to_string(),
    })
}
