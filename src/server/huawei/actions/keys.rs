//! The key lifecycle endpoints: `create-key`, `describe-key`, `list-keys`,
//! `enable-key`, `disable-key`, `schedule-key-deletion`,
//! `cancel-key-deletion`, `update-key-description`.

use super::aliases::{crate_alias, huawei_alias, oldest_alias};
use super::{
    Answer, Context, Fail, answer, default_enterprise_project, key_reference, need, refuse_given,
    vocabulary,
};
use crate::spec::{KeySpec, KeyState, KeyUsage, Origin, Vendor};
use crate::wire::huawei as wire;
use crate::{AsyncKeyManagerExt, KeyMetadata};

/// `list-keys`' page size when the request sets none, and the largest.
const PAGE_SIZE: (usize, usize) = (1000, 1000);

/// `pending_days`' range, as Huawei documents it.
const PENDING_DAYS: std::ops::RangeInclusive<u32> = 7..=1096;

pub(super) async fn create_key(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::CreateKeyRequest = cx.json()?;
    let alias = crate_alias(need("key_alias", r.key_alias.as_deref())?);
    default_enterprise_project(r.enterprise_project_id.as_deref())?;
    match r.keystore_id.as_deref().map(str::trim) {
        None | Some("" | "0") => {}
        Some(_) => refuse_given(
            "keystore_id",
            r.keystore_id.as_deref(),
            "keys live in this server's store, the default key store \"0\"",
        )?,
    }
    refuse_given(
        "vm_id",
        r.vm_id.as_deref(),
        "keys are not bound to virtual machines here",
    )?;
    let key_spec = vocabulary::<KeySpec>("key_spec", r.key_spec.as_deref())?
        .unwrap_or(KeySpec::SymmetricDefault);
    // Huawei's default: ENCRYPT_DECRYPT for symmetric keys, SIGN_VERIFY for
    // asymmetric ones.
    let key_usage = vocabulary::<KeyUsage>("key_usage", r.key_usage.as_deref())?
        .unwrap_or_else(|| key_spec.default_usage_for(Vendor::Huawei));
    let origin = vocabulary::<Origin>("origin", r.origin.as_deref())?.unwrap_or(Origin::Kms);
    let request = crate::CreateKeyRequest::new(key_spec)
        .usage(key_usage)
        .origin(origin)
        .description(r.key_description.unwrap_or_default())
        .alias(alias);
    let created = cx.kms.create_key(request).await?;
    answer(&wire::CreateKeyResponse::new(wire::CreatedKey {
        key_id: created.key_id.to_string(),
        domain_id: cx.account.to_owned(),
        region_id: cx.region.to_owned(),
    }))
}

pub(super) async fn describe_key(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::DescribeKeyRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let meta = cx.kms.describe_key(&key).await?;
    answer(&wire::DescribeKeyResponse::new(details(cx, &meta).await?))
}

/// A key's details in Huawei's words, with what the metadata lacks: its
/// alias (the oldest, without the `alias/` prefix) and whether it rotates.
pub(super) async fn details(
    cx: &Context<'_>,
    meta: &KeyMetadata,
) -> Result<wire::KeyDetails, Fail> {
    let id = meta.key_id.to_string();
    let mut details = wire::KeyDetails::from_metadata(meta, cx.account, cx.region);
    if let Some(alias) = oldest_alias(cx, &id).await? {
        details.key_alias = huawei_alias(&alias.alias_name).to_owned();
    }
    if meta.key_spec.rotates() && !meta.public_key_only {
        let status = cx.kms.get_key_rotation_status(&id).await?;
        details.key_rotation_enabled = status.rotation_enabled.to_string();
    }
    Ok(details)
}

pub(super) async fn list_keys(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::ListKeysRequest = cx.json()?;
    default_enterprise_project(r.enterprise_project_id.as_deref())?;
    let limit = count("limit", r.limit.as_deref(), PAGE_SIZE.0, 1..=PAGE_SIZE.1)?;
    let start = count("marker", r.marker.as_deref(), 0, 0..=usize::MAX)?;
    let state = vocabulary::<KeyState>("key_state", r.key_state.as_deref())?;
    // Huawei lists AES_256 keys unless key_spec names another spec, or ALL.
    let spec = match r.key_spec.as_deref().map(str::trim) {
        Some("ALL") => None,
        None | Some("") => Some(KeySpec::SymmetricDefault),
        named => vocabulary::<KeySpec>("key_spec", named)?,
    };
    let mut matching = Vec::new();
    for entry in cx.kms.list_all_keys().await? {
        let meta = cx.kms.describe_key(entry.key_id.as_str()).await?;
        if state.is_none_or(|s| s == meta.key_state) && spec.is_none_or(|s| s == meta.key_spec) {
            matching.push(meta);
        }
    }
    let total = matching.len();
    let end = start.saturating_add(limit).min(total);
    let mut key_details = Vec::new();
    for meta in matching.get(start..end).unwrap_or_default() {
        key_details.push(details(cx, meta).await?);
    }
    let truncated = end < total;
    answer(&wire::ListKeysResponse {
        keys: key_details.iter().map(|d| d.key_id.clone()).collect(),
        key_details,
        next_marker: if truncated {
            end.to_string()
        } else {
            String::new()
        },
        truncated: truncated.to_string(),
        total: i64::try_from(total).unwrap_or(i64::MAX),
    })
}

/// A count Huawei sends as a string (`limit`, `marker`): a whole number in
/// `range`; `default` when absent.
pub(super) fn count(
    parameter: &'static str,
    value: Option<&str>,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, Fail> {
    let Some(text) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(default);
    };
    match text.parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(Fail::Invalid {
            parameter,
            reason: format!(
                "{text:?} is not a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        }),
    }
}

/// The id and state of `key`, as the state endpoints answer.
async fn status(cx: &Context<'_>, key: &str) -> Result<wire::KeyStatus, Fail> {
    let meta = cx.kms.describe_key(key).await?;
    Ok(wire::KeyStatus::new(
        meta.key_id.to_string(),
        meta.key_state,
    ))
}

/// Refuses a state change from any state but `from`, as Huawei does
/// (enabling an enabled key is an error there, not a no-op).
async fn require_state(
    cx: &Context<'_>,
    key: &str,
    from: KeyState,
    code: &'static str,
    message: &str,
) -> Result<(), Fail> {
    let meta = cx.kms.describe_key(key).await?;
    if meta.key_state == from {
        Ok(())
    } else {
        Err(Fail::Coded {
            code,
            message: format!("{message} (key {}, state {})", meta.key_id, meta.key_state),
        })
    }
}

pub(super) async fn enable_key(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::EnableKeyRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let message = "The key is not disabled.";
    require_state(cx, &key, KeyState::Disabled, "KMS.1201", message).await?;
    cx.kms.enable_key(&key).await?;
    answer(&wire::EnableKeyResponse::new(status(cx, &key).await?))
}

pub(super) async fn disable_key(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::DisableKeyRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let message = "The key is not enabled.";
    require_state(cx, &key, KeyState::Enabled, "KMS.1301", message).await?;
    cx.kms.disable_key(&key).await?;
    answer(&wire::DisableKeyResponse::new(status(cx, &key).await?))
}

pub(super) async fn schedule_key_deletion(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::ScheduleKeyDeletionRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let text = need("pending_days", r.pending_days.as_deref())?.trim();
    let days = text
        .parse::<u32>()
        .ok()
        .filter(|d| PENDING_DAYS.contains(d))
        .ok_or_else(|| Fail::Coded {
            code: "KMS.1401",
            message: format!("Invalid pending_days {text:?}: it must be from 7 to 1096."),
        })?;
    let request = crate::ScheduleKeyDeletionRequest::new(key).pending_window_in_days(days);
    let meta = cx.kms.schedule_key_deletion(request).await.map_err(|e| {
        // The providers keep a key at most 30 days before deleting it.
        if days > 30 && e.kind() == crate::ErrorKind::InvalidArgument {
            Fail::Unsupported(format!(
                "pending_days {days} is not supported by this server: its keys wait 7 to 30 \
                 days for deletion"
            ))
        } else {
            Fail::Kms(e)
        }
    })?;
    answer(&wire::KeyStatus::new(
        meta.key_id.to_string(),
        meta.key_state,
    ))
}

pub(super) async fn cancel_key_deletion(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::CancelKeyDeletionRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let meta = cx.kms.cancel_key_deletion(&key).await?;
    answer(&wire::KeyStatus::new(
        meta.key_id.to_string(),
        meta.key_state,
    ))
}

pub(super) async fn update_key_description(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::UpdateKeyDescriptionRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    // Huawei requires the parameter; an empty description clears it.
    let description = r.key_description.ok_or(Fail::Missing("key_description"))?;
    let id = cx.kms.describe_key(&key).await?.key_id.to_string();
    let request = crate::UpdateKeyDescriptionRequest::new(&id, description.clone());
    cx.kms.update_key_description(request).await?;
    answer(&wire::UpdateKeyDescriptionResponse::new(
        wire::KeyDescriptionInfo {
            key_id: id,
            key_description: description,
        },
    ))
}
