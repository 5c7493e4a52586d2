//! The key lifecycle actions: `CreateKey`, `DescribeKey`, `ListKeys`,
//! `EnableKey`, `DisableKey`, `ScheduleKeyDeletion`, `CancelKeyDeletion`.

use super::{
    Answer, Context, Fail, done, invalid_parameter, json, page, page_parameter, refuse_given,
    vocabulary,
};
use crate::spec::{KeySpec, KeyUsage, Origin, Vendor};
use crate::wire::alibaba as wire;
use crate::{AsyncKeyManagerExt, KeyMetadata};

/// `ListKeys`' default and largest page sizes.
const PAGE_SIZE: (usize, usize) = (10, 100);

pub(super) async fn create_key(c: &Context<'_>) -> Answer {
    let r: wire::CreateKeyRequest = c.read()?;
    refuse_given(
        "DKMSInstanceId",
        r.dkms_instance_id.as_deref(),
        "keys live in this server's store, not in a KMS instance",
    )?;
    refuse_given(
        "Policy",
        r.policy.as_deref(),
        "there are no key policies here",
    )?;
    refuse_given(
        "KeyStorageMechanism",
        r.key_storage_mechanism.as_deref(),
        "keys live in this server's store",
    )?;
    match r.protection_level.as_deref() {
        None | Some("" | "SOFTWARE") => {}
        Some("HSM") => {
            return Err(Fail::Unsupported(
                "ProtectionLevel HSM is not supported by this server: its keys are software keys"
                    .to_owned(),
            ));
        }
        Some(other) => {
            return Err(Fail::Invalid {
                parameter: "ProtectionLevel",
                reason: format!("{other:?} is neither SOFTWARE nor HSM"),
            });
        }
    }
    let key_spec = vocabulary::<KeySpec>("KeySpec", r.key_spec.as_deref())?
        .unwrap_or(KeySpec::SymmetricDefault);
    // Alibaba's default: signing where the spec can sign.
    let key_usage = vocabulary::<KeyUsage>("KeyUsage", r.key_usage.as_deref())?
        .unwrap_or_else(|| key_spec.default_usage_for(Vendor::Alibaba));
    let origin = vocabulary::<Origin>("Origin", r.origin.as_deref())?.unwrap_or(Origin::Kms);
    let tags = wire::parse_tags("Tags", r.tags.as_deref()).map_err(invalid_parameter)?;
    let rotation = match r.enable_automatic_rotation {
        Some(true) => Some(
            r.rotation_interval
                .as_deref()
                .map(|i| wire::parse_rotation_interval(i).map_err(invalid_parameter))
                .transpose()?,
        ),
        _ => None,
    };
    let request = crate::CreateKeyRequest::new(key_spec)
        .usage(key_usage)
        .origin(origin)
        .tags(tags)
        .description(r.description.unwrap_or_default());
    let created = c.kms.create_key(request).await?;
    if let Some(interval) = rotation {
        let id = created.key_id.as_str();
        let mut enable = crate::EnableKeyRotationRequest::new(id);
        if let Some(interval) = interval {
            enable = enable.rotation_period_in_days(interval.days());
        }
        if let Err(e) = c.kms.enable_key_rotation(enable).await {
            // The key is no use to a caller told it failed: take it back.
            let window = crate::ScheduleKeyDeletionRequest::new(id).pending_window_in_days(7);
            let _ = c.kms.schedule_key_deletion(window).await;
            return Err(e.into());
        }
    }
    let meta = describe(c, created).await?;
    json(&wire::CreateKeyResponse::new(meta, c.request_id))
}

pub(super) async fn describe_key(c: &Context<'_>) -> Answer {
    let r: wire::DescribeKeyRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let meta = describe(c, c.kms.describe_key(&key).await?).await?;
    json(&wire::DescribeKeyResponse::new(meta, c.request_id))
}

/// A key's metadata in Alibaba's words, with what Alibaba adds: the
/// creator, the primary version's id, and rotation where the key rotates.
async fn describe(c: &Context<'_>, meta: KeyMetadata) -> Result<wire::KeyMetadata, Fail> {
    let id = meta.key_id.to_string();
    let mut described = wire::KeyMetadata::from_metadata(&meta, c.key_arn(&id));
    described.creator = Some(c.account.to_owned());
    described.primary_key_version = meta
        .current_key_version
        .map(|version| wire::key_version_id(&id, version));
    described.deletion_protection = Some("Disabled".to_owned());
    if meta.key_spec.rotates() && !meta.public_key_only {
        let status = c.kms.get_key_rotation_status(&id).await?;
        let enabled = status.rotation_enabled;
        described.automatic_rotation = Some(if enabled { "Enabled" } else { "Disabled" }.into());
        if enabled {
            let days = status.rotation_period_in_days.unwrap_or_default();
            described.rotation_interval = Some(wire::format_rotation_interval(
                wire::RotationInterval::from_days(days),
            ));
            described.next_rotation_date = status.next_rotation_date.map(wire::format_timestamp);
        }
        let rotations = c.kms.list_all_key_rotations(&id).await?;
        let last = rotations.iter().map(|r| r.rotation_date).max();
        described.last_rotation_date =
            Some(wire::format_timestamp(last.unwrap_or(meta.creation_date)));
    }
    Ok(described)
}

pub(super) async fn list_keys(c: &Context<'_>) -> Answer {
    let r: wire::ListKeysRequest = c.read()?;
    let number = page_parameter("PageNumber", r.page_number, 1, usize::MAX)?;
    let size = page_parameter("PageSize", r.page_size, PAGE_SIZE.0, PAGE_SIZE.1)?;
    let filters = Filters::parse(r.filters.as_deref())?;
    let mut keys = Vec::new();
    for entry in c.kms.list_all_keys().await? {
        if filters.is_empty() || filters.admit(&c.kms.describe_key(entry.key_id.as_str()).await?) {
            let id = entry.key_id.to_string();
            keys.push(wire::KeyListEntry::new(&id, c.key_arn(&id)));
        }
    }
    let (keys, total) = page(keys, number, size);
    let (number, size) = (i64::try_from(number), i64::try_from(size));
    json(&wire::ListKeysResponse::new(
        keys,
        total,
        number.unwrap_or(i64::MAX),
        size.unwrap_or_default(),
        c.request_id,
    ))
}

/// `ListKeys`' `Filters`: a JSON array of `{"Key": …, "Values": […]}`; a
/// key is listed if, for every filter, its value is one of the values.
#[derive(Debug, Default)]
struct Filters(Vec<(String, Vec<String>)>);

impl Filters {
    fn parse(text: Option<&str>) -> Result<Self, Fail> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Filter {
            key: String,
            values: Vec<String>,
        }
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            return Ok(Self::default());
        };
        let invalid = |reason: String| Fail::Invalid {
            parameter: "Filters",
            reason,
        };
        let filters: Vec<Filter> =
            serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let known = [
            "KeyState",
            "KeySpec",
            "KeyUsage",
            "ProtectionLevel",
            "CreatorType",
        ];
        let mut parsed = Vec::with_capacity(filters.len());
        for filter in filters {
            if !known.contains(&filter.key.as_str()) {
                return Err(invalid(format!(
                    "unknown filter {:?}; filters are {}",
                    filter.key,
                    known.join(", ")
                )));
            }
            parsed.push((filter.key, filter.values));
        }
        Ok(Self(parsed))
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn admit(&self, meta: &KeyMetadata) -> bool {
        use crate::spec::{Vendor, Vocabulary};
        fn spelled<T: Vocabulary>(value: T) -> &'static str {
            value.spelling(Vendor::Alibaba).unwrap_or(value.as_str())
        }
        self.0.iter().all(|(key, values)| {
            let value = match key.as_str() {
                "KeyState" => spelled(meta.key_state),
                "KeySpec" => spelled(meta.key_spec),
                "KeyUsage" => spelled(meta.key_usage),
                "ProtectionLevel" => "SOFTWARE",
                // Every key here was made by a user, none by a cloud service.
                _ => "User",
            };
            values.iter().any(|v| v == value)
        })
    }
}

pub(super) async fn enable_key(c: &Context<'_>) -> Answer {
    let r: wire::EnableKeyRequest = c.read()?;
    c.kms
        .enable_key(&c.key("KeyId", r.key_id.as_deref())?)
        .await?;
    done(c)
}

pub(super) async fn disable_key(c: &Context<'_>) -> Answer {
    let r: wire::DisableKeyRequest = c.read()?;
    c.kms
        .disable_key(&c.key("KeyId", r.key_id.as_deref())?)
        .await?;
    done(c)
}

pub(super) async fn schedule_key_deletion(c: &Context<'_>) -> Answer {
    let r: wire::ScheduleKeyDeletionRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    // Alibaba has no default window.
    let days = r
        .pending_window_in_days
        .ok_or(Fail::Missing("PendingWindowInDays"))?;
    let days = u32::try_from(days).map_err(|_| Fail::Invalid {
        parameter: "PendingWindowInDays",
        reason: format!("{days} is not a number of days"),
    })?;
    let request = crate::ScheduleKeyDeletionRequest::new(key).pending_window_in_days(days);
    c.kms.schedule_key_deletion(request).await?;
    done(c)
}

pub(super) async fn cancel_key_deletion(c: &Context<'_>) -> Answer {
    let r: wire::CancelKeyDeletionRequest = c.read()?;
    c.kms
        .cancel_key_deletion(&c.key("KeyId", r.key_id.as_deref())?)
        .await?;
    done(c)
}
