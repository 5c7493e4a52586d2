//! The rotation operations: `EnableKeyRotation`, `DisableKeyRotation`,
//! `GetKeyRotationStatus`, `ListKeyRotations`, `RotateKeyOnDemand`, and the
//! extension `PolyKms.SetMinimumDecryptionVersion`.

use super::{Answer, Check, Context, Request, empty, json, need, page_size, refuse, unsigned};
use crate::wire::aws as wire;

/// What `IncludeKeyMaterial` may be, and the one value served.
const INCLUDE_KEY_MATERIAL: &[&str] = &["ALL_KEY_MATERIAL", "ROTATIONS_ONLY"];
const ROTATIONS_ONLY: &str = "ROTATIONS_ONLY";

key_id_request!(wire::EnableKeyRotationRequest, |r, c| {
    let days = r.rotation_period_in_days;
    c.number("RotationPeriodInDays", days, 90, 2560);
});

pub(super) async fn enable_key_rotation(
    c: &Context<'_>,
    r: wire::EnableKeyRotationRequest,
) -> Answer {
    let mut request = crate::EnableKeyRotationRequest::new(need("KeyId", r.key_id)?);
    request.rotation_period_in_days = r
        .rotation_period_in_days
        .map(|days| unsigned("RotationPeriodInDays", days))
        .transpose()?;
    c.kms.enable_key_rotation(request).await?;
    empty()
}

key_id_request!([
    wire::DisableKeyRotationRequest,
    wire::GetKeyRotationStatusRequest,
    wire::RotateKeyOnDemandRequest
]);

pub(super) async fn disable_key_rotation(
    c: &Context<'_>,
    r: wire::DisableKeyRotationRequest,
) -> Answer {
    c.kms
        .disable_key_rotation(need("KeyId", r.key_id)?.as_str())
        .await?;
    empty()
}

pub(super) async fn get_key_rotation_status(
    c: &Context<'_>,
    r: wire::GetKeyRotationStatusRequest,
) -> Answer {
    let status = c
        .kms
        .get_key_rotation_status(need("KeyId", r.key_id)?.as_str())
        .await?;
    let arn = c.arn(&status.key_id);
    json(&wire::GetKeyRotationStatusResponse::from_status(
        &status, arn,
    ))
}

key_id_request!(wire::ListKeyRotationsRequest, |r, c| {
    let include = r.include_key_material.as_deref();
    c.one_of("IncludeKeyMaterial", include, INCLUDE_KEY_MATERIAL);
    c.paging(r.limit, r.marker.as_deref());
});

pub(super) async fn list_key_rotations(
    c: &Context<'_>,
    r: wire::ListKeyRotationsRequest,
) -> Answer {
    if r.include_key_material
        .as_deref()
        .is_some_and(|i| i != ROTATIONS_ONLY)
    {
        let needs = "listing the material a key was created with";
        return Err(refuse("ListKeyRotations", "IncludeKeyMaterial", needs));
    }
    let key = c.resolve(need("KeyId", r.key_id)?.as_str()).await?;
    let mut request = crate::ListKeyRotationsRequest::new(key.as_str());
    request.limit = page_size(r.limit)?;
    request.marker = r.marker;
    let page = c.kms.list_key_rotations(request).await?;
    json(&wire::ListKeyRotationsResponse::from_page(
        &page,
        &c.arn(&key),
    ))
}

pub(super) async fn rotate_key_on_demand(
    c: &Context<'_>,
    r: wire::RotateKeyOnDemandRequest,
) -> Answer {
    let rotation = c
        .kms
        .rotate_key_on_demand(need("KeyId", r.key_id)?.as_str())
        .await?;
    json(&wire::RotateKeyOnDemandResponse::new(
        c.arn(&rotation.key_id),
    ))
}

key_id_request!(wire::SetMinimumDecryptionVersionRequest, |r, c| {
    c.number("MinimumVersion", r.minimum_version, 1, i32::MAX)
});

pub(super) async fn set_minimum_decryption_version(
    c: &Context<'_>,
    r: wire::SetMinimumDecryptionVersionRequest,
) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let version = unsigned("MinimumVersion", need("MinimumVersion", r.minimum_version)?)?;
    let key = c.resolve(&key).await?;
    let request = crate::SetMinimumDecryptionVersionRequest::new(key.as_str(), version);
    c.kms.set_minimum_decryption_version(request).await?;
    json(&wire::SetMinimumDecryptionVersionResponse::new(c.arn(&key)))
}
