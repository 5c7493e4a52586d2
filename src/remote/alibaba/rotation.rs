//! Rotation and import: `UpdateRotationPolicy`, `CreateKeyVersion`,
//! `ListKeyVersions`, `GetParametersForImport`, `ImportKeyMaterial`,
//! `DeleteKeyMaterial`.

use std::time::UNIX_EPOCH;

use super::Inner;
use super::convert::{
    MAX_PAGE_SIZE, b64, bytes, key_id, option_time, reference, required, spelled, time,
};
use super::keys::describe;
use crate::engine::validate::length;
use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::spec::limits;
use crate::wire::alibaba::{
    self as wire, RequestIdResponse, RotationInterval, format_rotation_interval,
    parse_rotation_interval,
};
use crate::{
    EnableKeyRotationRequest, GetParametersForImportRequest, ImportKeyMaterialRequest,
    ImportParameters, KeyRotation, KeyRotationStatus, ListKeyRotationsPage,
    ListKeyRotationsRequest, RotationType,
};

/// Alibaba's rotation intervals: 7 to 730 days.
const MIN_INTERVAL_DAYS: u32 = 7;
const MAX_INTERVAL_DAYS: u32 = 730;

/// `UpdateRotationPolicy` with automatic rotation on, every
/// `rotation_period_in_days` days (365 by default; Alibaba takes 7 to 730,
/// and a period outside is refused here).
pub(super) async fn enable_key_rotation(
    kms: &Inner,
    request: EnableKeyRotationRequest,
) -> Result<()> {
    let days = request
        .rotation_period_in_days
        .unwrap_or(limits::DEFAULT_ROTATION_PERIOD_DAYS);
    if !(MIN_INTERVAL_DAYS..=MAX_INTERVAL_DAYS).contains(&days) {
        return Err(Error::invalid_argument(
            "rotation period in days",
            format!(
                "{days}; Alibaba Cloud KMS rotates every {MIN_INTERVAL_DAYS} to {MAX_INTERVAL_DAYS} days"
            ),
        ));
    }
    let params = wire::UpdateRotationPolicyRequest {
        key_id: Some(reference(&request.key_id)?.to_owned()),
        enable_automatic_rotation: Some(true),
        rotation_interval: Some(format_rotation_interval(RotationInterval::from_days(days))),
    };
    let _: RequestIdResponse = kms.call("UpdateRotationPolicy", &params).await?;
    Ok(())
}

pub(super) async fn disable_key_rotation(kms: &Inner, key: &str) -> Result<()> {
    let params = wire::UpdateRotationPolicyRequest {
        key_id: Some(reference(key)?.to_owned()),
        enable_automatic_rotation: Some(false),
        rotation_interval: None,
    };
    let _: RequestIdResponse = kms.call("UpdateRotationPolicy", &params).await?;
    Ok(())
}

/// The rotation members of `DescribeKey`: `AutomaticRotation` (`Enabled`;
/// `Disabled` and `Suspended` are off), `RotationInterval`,
/// `NextRotationDate`. No version numbers (`current_key_version` is
/// `None`).
pub(super) async fn get_key_rotation_status(kms: &Inner, key: &str) -> Result<KeyRotationStatus> {
    const OP: &str = "DescribeKey";
    let (meta, wire) = describe(kms, reference(key)?).await?;
    let mut status = KeyRotationStatus::new(meta.key_id, None);
    status.rotation_enabled = wire.automatic_rotation.as_deref() == Some("Enabled");
    if status.rotation_enabled {
        status.rotation_period_in_days = match wire.rotation_interval.as_deref() {
            Some(text) if !text.is_empty() => Some(
                parse_rotation_interval(text)
                    .map_err(|e| {
                        Error::from(RemoteError::new(
                            ErrorKind::Transport,
                            format!("Alibaba Cloud KMS answered {OP} with {e}"),
                        ))
                    })?
                    .days(),
            ),
            _ => None,
        };
        status.next_rotation_date =
            option_time(wire.next_rotation_date.as_deref(), OP, "NextRotationDate")?;
    }
    Ok(status)
}

/// `CreateKeyVersion`: a new primary version, now. The rotation's date is
/// the version's creation date.
pub(super) async fn rotate_key_on_demand(kms: &Inner, key: &str) -> Result<KeyRotation> {
    const OP: &str = "CreateKeyVersion";
    let id = super::keys::key_of(kms, key).await?;
    let params = wire::CreateKeyVersionRequest::new(id);
    let out: wire::KeyVersionResponse = kms.call(OP, &params).await?;
    let version = out.key_version;
    let date = required(Some(&version.creation_date), OP, "CreationDate")?;
    Ok(KeyRotation::new(
        key_id(Some(&version.key_id), OP)?,
        None,
        time(date, OP, "CreationDate")?,
        RotationType::OnDemand,
    ))
}

/// `ListKeyVersions`, every page, oldest first: the first version is the
/// key's own material, each later one a rotation. Alibaba does not say
/// whether automatic rotation or `CreateKeyVersion` made a version: the
/// rotations are listed as [`RotationType::OnDemand`]. The pages here are
/// cut from the whole list (the marker is the offset of the next page's
/// first rotation).
pub(super) async fn list_key_rotations(
    kms: &Inner,
    request: ListKeyRotationsRequest,
) -> Result<ListKeyRotationsPage> {
    const OP: &str = "ListKeyVersions";
    const LISTING: &str = "list_key_rotations";
    let start = match request.marker.as_deref() {
        None => 0,
        Some(m) => m
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 1 && !m.starts_with('0'))
            .ok_or_else(|| Error::InvalidMarker {
                listing: LISTING.into(),
            })?,
    };
    let size = super::convert::page_size(request.limit)? as usize;
    let id = super::keys::key_of(kms, &request.key_id).await?;
    let mut versions = Vec::new();
    for page in 1i64.. {
        let params = wire::ListKeyVersionsRequest {
            key_id: Some(id.clone()),
            page_number: Some(page),
            page_size: Some(MAX_PAGE_SIZE as i64),
        };
        let out: wire::ListKeyVersionsResponse = kms.call(OP, &params).await?;
        let got = out.key_versions.key_version.len();
        for version in out.key_versions.key_version {
            let date = required(Some(&version.creation_date), OP, "CreationDate")?;
            let key = match version.key_id.as_str() {
                "" => key_id(Some(&id), OP)?,
                k => key_id(Some(k), OP)?,
            };
            versions.push((time(date, OP, "CreationDate")?, key));
        }
        let total = usize::try_from(out.total_count).unwrap_or(0);
        if got == 0 || versions.len() >= total || page >= 10_000 {
            break;
        }
    }
    versions.sort_by_key(|(date, _)| *date);
    let rotations: Vec<KeyRotation> = versions
        .into_iter()
        .skip(1)
        .map(|(date, key)| KeyRotation::new(key, None, date, RotationType::OnDemand))
        .collect();
    if start > rotations.len() {
        return Err(Error::InvalidMarker {
            listing: LISTING.into(),
        });
    }
    let end = (start + size).min(rotations.len());
    let next = (end < rotations.len()).then(|| end.to_string());
    Ok(ListKeyRotationsPage::new(
        rotations[start..end].to_vec(),
        next,
    ))
}

/// The import token is Alibaba's text, kept as its UTF-8 bytes.
pub(super) async fn get_parameters_for_import(
    kms: &Inner,
    request: GetParametersForImportRequest,
) -> Result<ImportParameters> {
    const OP: &str = "GetParametersForImport";
    let params = wire::GetParametersForImportRequest {
        key_id: Some(reference(&request.key_id)?.to_owned()),
        wrapping_algorithm: Some(spelled(request.wrapping_algorithm)),
        wrapping_key_spec: Some(spelled(request.wrapping_key_spec)),
    };
    let out: wire::GetParametersForImportResponse = kms.call(OP, &params).await?;
    let token = required(Some(&out.import_token), OP, "ImportToken")?;
    let expires = required(Some(&out.token_expire_time), OP, "TokenExpireTime")?;
    Ok(ImportParameters::new(
        key_id(Some(&out.key_id), OP)?,
        token.as_bytes().to_vec(),
        bytes(Some(&out.public_key), OP, "PublicKey")?,
        request.wrapping_algorithm,
        request.wrapping_key_spec,
        time(expires, OP, "TokenExpireTime")?,
    ))
}

/// `KeyMaterialExpireUnix` is the material's `valid_to` in seconds, 0 for
/// material that does not expire.
pub(super) async fn import_key_material(
    kms: &Inner,
    request: ImportKeyMaterialRequest,
) -> Result<()> {
    let token = std::str::from_utf8(&request.import_token)
        .ok()
        .filter(|t| !t.is_empty() && t.len() <= 8192)
        .ok_or_else(|| {
            Error::from(RemoteError::new(
                ErrorKind::InvalidImportToken,
                format!(
                    "an import token of {} bytes that is not Alibaba's text for {} was never issued",
                    request.import_token.len(),
                    request.key_id
                ),
            ))
        })?;
    length(
        "encrypted key material",
        request.encrypted_key_material.len(),
        limits::MAX_WRAPPED_KEY_MATERIAL,
    )?;
    let expire = match request.valid_to {
        Some(at) => at
            .duration_since(UNIX_EPOCH)
            .map_err(|_| Error::invalid_argument("valid to", "before 1970"))?
            .as_secs()
            .max(1),
        None => 0,
    };
    let params = wire::ImportKeyMaterialRequest {
        key_id: Some(reference(&request.key_id)?.to_owned()),
        import_token: Some(token.to_owned()),
        encrypted_key_material: Some(b64(&request.encrypted_key_material)),
        key_material_expire_unix: Some(i64::try_from(expire).unwrap_or(i64::MAX)),
    };
    let _: RequestIdResponse = kms.call("ImportKeyMaterial", &params).await?;
    Ok(())
}

pub(super) async fn delete_imported_key_material(kms: &Inner, key: &str) -> Result<()> {
    let params = wire::DeleteKeyMaterialRequest::new(reference(key)?);
    let _: RequestIdResponse = kms.call("DeleteKeyMaterial", &params).await?;
    Ok(())
}
