//! Rotation and import: `enable-key-rotation`,
//! `update-key-rotation-interval`, `disable-key-rotation`,
//! `get-key-rotation-status`, `rotate-on-demand`,
//! `get-parameters-for-import`, `import-key-material`,
//! `delete-imported-key-material`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::Inner;
use super::convert::{b64, key_id, local_page, millis, offset, page_size};
use super::keys::key_of;
use crate::engine::validate::length;
use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::spec::limits;
use crate::wire::huawei::{self as wire, EmptyResponse, KeyIdRequest};
use crate::{
    EnableKeyRotationRequest, GetParametersForImportRequest, ImportKeyMaterialRequest,
    ImportParameters, KeyRotation, KeyRotationStatus, ListKeyRotationsPage,
    ListKeyRotationsRequest, RotationType, WrappingAlgorithm, WrappingKeySpec,
};

/// Huawei's rotation intervals: 30 to 365 days.
const MIN_INTERVAL_DAYS: u32 = 30;
const MAX_INTERVAL_DAYS: u32 = 365;

/// `enable-key-rotation`, then `update-key-rotation-interval` with
/// `rotation_period_in_days` (365 by default; Huawei takes 30 to 365, and
/// a period outside is refused here, before anything is sent).
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
                "{days}; Huawei Cloud KMS rotates every {MIN_INTERVAL_DAYS} to {MAX_INTERVAL_DAYS} days"
            ),
        ));
    }
    let id = key_of(kms, &request.key_id).await?;
    let _: EmptyResponse = kms
        .post("enable-key-rotation", &KeyIdRequest::new(id.clone()))
        .await?;
    let body = wire::UpdateKeyRotationIntervalRequest {
        key_id: Some(id),
        rotation_interval: Some(i64::from(days)),
        ..Default::default()
    };
    let _: EmptyResponse = kms.post("update-key-rotation-interval", &body).await?;
    Ok(())
}

pub(super) async fn disable_key_rotation(kms: &Inner, key: &str) -> Result<()> {
    let id = key_of(kms, key).await?;
    let _: EmptyResponse = kms
        .post("disable-key-rotation", &KeyIdRequest::new(id))
        .await?;
    Ok(())
}

/// `get-key-rotation-status` of a key id.
async fn status_of(kms: &Inner, id: &str) -> Result<wire::KeyRotationStatusResponse> {
    kms.post("get-key-rotation-status", &KeyIdRequest::new(id))
        .await
}

/// Huawei's epoch time in a string: milliseconds, or seconds for a
/// number too small to be milliseconds after 2001.
fn epoch(value: &str, member: &str) -> Result<Option<SystemTime>> {
    const NAME: &str = "get-key-rotation-status";
    match value.trim().parse::<u64>() {
        Ok(n) if n > 0 && n < 1_000_000_000_000 => Ok(Some(UNIX_EPOCH + Duration::from_secs(n))),
        _ => millis(value, NAME, member),
    }
}

/// The status: whether rotation is on, its interval, and the next
/// rotation (the last rotation, else the key's creation, plus the
/// interval). Huawei's key details name no material versions, so neither
/// does the status (`current_key_version` is `None`, as in the metadata).
pub(super) async fn get_key_rotation_status(kms: &Inner, key: &str) -> Result<KeyRotationStatus> {
    let meta = super::keys::describe_key(kms, key).await?;
    let out = status_of(kms, meta.key_id.as_str()).await?;
    let mut status = KeyRotationStatus::new(meta.key_id, None);
    status.rotation_enabled = out.key_rotation_enabled;
    if status.rotation_enabled {
        let days = u32::try_from(out.rotation_interval).ok().filter(|&d| d > 0);
        status.rotation_period_in_days = days;
        let since =
            epoch(&out.last_rotation_time, "last_rotation_time")?.unwrap_or(meta.creation_date);
        status.next_rotation_date =
            days.map(|d| since + Duration::from_secs(u64::from(d) * 86_400));
    }
    Ok(status)
}

/// `rotate-on-demand`, then `get-key-rotation-status` for its date (its
/// `last_rotation_time`).
pub(super) async fn rotate_key_on_demand(kms: &Inner, key: &str) -> Result<KeyRotation> {
    const NAME: &str = "rotate-on-demand";
    let id = key_of(kms, key).await?;
    let body = wire::RotateOnDemandRequest {
        key_id: Some(id.clone()),
    };
    let out: wire::RotateOnDemandResponse = kms.post(NAME, &body).await?;
    let rotated = match out.key_id.as_str() {
        "" => key_id(&id, NAME)?,
        other => key_id(other, NAME)?,
    };
    let status = status_of(kms, rotated.as_str()).await?;
    let date =
        epoch(&status.last_rotation_time, "last_rotation_time")?.unwrap_or_else(SystemTime::now);
    Ok(KeyRotation::new(
        rotated,
        None,
        date,
        RotationType::OnDemand,
    ))
}

/// The rotations, from the status's `key_materials` (every version after
/// the first, oldest first, without version numbers, as the metadata has
/// none). Huawei does not say whether
/// a version came from automatic rotation or `rotate-on-demand`: the
/// rotations are listed as [`RotationType::OnDemand`]. When the status
/// lists fewer materials than `number_of_rotations` needs, the rotations
/// cannot be listed: an error of kind
/// [`ErrorKind::UnsupportedOperation`].
pub(super) async fn list_key_rotations(
    kms: &Inner,
    request: ListKeyRotationsRequest,
) -> Result<ListKeyRotationsPage> {
    const NAME: &str = "get-key-rotation-status";
    const LISTING: &str = "list_key_rotations";
    let start = offset(request.marker.as_deref(), LISTING)?;
    let size = page_size(request.limit, limits::MAX_LIST_LIMIT, 100)?;
    let id = key_id(&key_of(kms, &request.key_id).await?, NAME)?;
    let status = status_of(kms, id.as_str()).await?;
    let rotations = usize::try_from(status.number_of_rotations.max(0)).unwrap_or(0);
    if status.key_materials.len() < rotations + 1 && rotations > 0 {
        return Err(super::unsupported_with(
            "ListKeyRotations",
            "a status that lists no key materials",
            "get-key-rotation-status counts the rotations without dating them",
        ));
    }
    let mut dates = status
        .key_materials
        .iter()
        .map(|m| millis(&m.create_time, NAME, "create_time").map(|t| t.unwrap_or(UNIX_EPOCH)))
        .collect::<Result<Vec<_>>>()?;
    dates.sort();
    let all: Vec<KeyRotation> = dates
        .into_iter()
        .skip(1)
        .map(|date| KeyRotation::new(id.clone(), None, date, RotationType::OnDemand))
        .collect();
    let (page, next) = local_page(&all, start, size, LISTING)?;
    Ok(ListKeyRotationsPage::new(page, next))
}

/// Huawei's wrapping: an RSA 2048 key with `RSAES_OAEP_SHA_256`, or an
/// SM2 key with `SM2_ENCRYPT`. Other pairs are refused here.
fn wrapping_supported(algorithm: WrappingAlgorithm, spec: WrappingKeySpec) -> Result<()> {
    let ok = matches!(
        (spec, algorithm),
        (WrappingKeySpec::Rsa2048, WrappingAlgorithm::RsaesOaepSha256)
            | (WrappingKeySpec::Sm2, WrappingAlgorithm::Sm2Pke)
    );
    if ok {
        return Ok(());
    }
    Err(super::unsupported_with(
        "GetParametersForImport",
        &format!("a {spec} wrapping key and {algorithm}"),
        "Huawei Cloud KMS wraps with RSA 2048 keys and RSAES_OAEP_SHA_256, or SM2 keys and SM2_ENCRYPT",
    ))
}

/// `get-parameters-for-import`: the token is Huawei's base64 text, kept
/// as its UTF-8 bytes; the public key base64 DER; `expiration_time` epoch
/// seconds.
pub(super) async fn get_parameters_for_import(
    kms: &Inner,
    request: GetParametersForImportRequest,
) -> Result<ImportParameters> {
    const NAME: &str = "get-parameters-for-import";
    wrapping_supported(request.wrapping_algorithm, request.wrapping_key_spec)?;
    let body = wire::GetParametersForImportRequest {
        key_id: Some(key_of(kms, &request.key_id).await?),
        wrapping_algorithm: Some(super::convert::spelled(request.wrapping_algorithm)),
        ..Default::default()
    };
    let out: wire::GetParametersForImportResponse = kms.post(NAME, &body).await?;
    let token = super::convert::required(&out.import_token, NAME, "import_token")?;
    let expires = u64::try_from(out.expiration_time)
        .ok()
        .filter(|&s| s > 0)
        .ok_or_else(|| super::convert::malformed(NAME, "no expiration_time"))?;
    Ok(ImportParameters::new(
        key_id(&out.key_id, NAME)?,
        token.as_bytes().to_vec(),
        super::convert::public_key_der(&out.public_key, NAME)?,
        request.wrapping_algorithm,
        request.wrapping_key_spec,
        UNIX_EPOCH + Duration::from_secs(expires),
    ))
}

/// `import-key-material`: the wrapped material as `encrypted_key_material`
/// (base64), `expiration_time` the material's `valid_to` in epoch seconds
/// (absent for material that does not expire).
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
                    "an import token of {} bytes that is not Huawei's text for {} was never issued",
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
    let expiration = match request.valid_to {
        Some(at) => Some(
            at.duration_since(UNIX_EPOCH)
                .map_err(|_| Error::invalid_argument("valid to", "before 1970"))?
                .as_secs()
                .max(1),
        ),
        None => None,
    };
    let body = wire::ImportKeyMaterialRequest {
        key_id: Some(key_of(kms, &request.key_id).await?),
        import_token: Some(token.to_owned()),
        encrypted_key_material: Some(b64(&request.encrypted_key_material)),
        expiration_time: expiration.map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
        ..Default::default()
    };
    let _: EmptyResponse = kms.post("import-key-material", &body).await?;
    Ok(())
}

pub(super) async fn delete_imported_key_material(kms: &Inner, key: &str) -> Result<()> {
    let id = key_of(kms, key).await?;
    let _: EmptyResponse = kms
        .post("delete-imported-key-material", &KeyIdRequest::new(id))
        .await?;
    Ok(())
}

#[cfg(test)]
pub(super) fn check_wrapping(algorithm: WrappingAlgorithm, spec: WrappingKeySpec) -> Result<()> {
    wrapping_supported(algorithm, spec)
}

#[cfg(test)]
pub(super) fn epoch_of(value: &str) -> Result<Option<SystemTime>> {
    epoch(value, "last_rotation_time")
}
