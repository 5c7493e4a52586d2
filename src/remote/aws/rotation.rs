//! Rotation and import: `EnableKeyRotation` to `DeleteImportedKeyMaterial`.

use std::time::SystemTime;

use aws_sdk_kms::Client;
use aws_sdk_kms::types as sdk;

use super::convert::marker;
use super::convert::{
    answered_key, blob, bytes, date_time, days, from_sdk, int, key_id, limit, next_marker,
    option_time, reference, required, time, to_sdk,
};
use super::remote_error;
use crate::engine::validate::length;
use crate::error::{ErrorKind, RemoteError, Result};
use crate::spec::limits;
use crate::{
    EnableKeyRotationRequest, GetParametersForImportRequest, ImportKeyMaterialRequest,
    ImportParameters, KeyRotation, KeyRotationStatus, ListKeyRotationsPage,
    ListKeyRotationsRequest, RotationType,
};

pub(super) async fn enable_key_rotation(
    client: &Client,
    request: EnableKeyRotationRequest,
) -> Result<()> {
    let period = request
        .rotation_period_in_days
        .map(|d| int(d as usize, "rotation period in days"))
        .transpose()?;
    client
        .enable_key_rotation()
        .key_id(reference(&request.key_id)?)
        .set_rotation_period_in_days(period)
        .send()
        .await
        .map_err(|e| remote_error("EnableKeyRotation", e))?;
    Ok(())
}

pub(super) async fn disable_key_rotation(client: &Client, key: &str) -> Result<()> {
    client
        .disable_key_rotation()
        .key_id(reference(key)?)
        .send()
        .await
        .map_err(|e| remote_error("DisableKeyRotation", e))?;
    Ok(())
}

/// The status; AWS reports no versions (`current_key_version` is `None`).
pub(super) async fn get_key_rotation_status(
    client: &Client,
    key: &str,
) -> Result<KeyRotationStatus> {
    const OP: &str = "GetKeyRotationStatus";
    let out = client
        .get_key_rotation_status()
        .key_id(reference(key)?)
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    let mut status = KeyRotationStatus::new(answered_key(out.key_id(), OP)?, None);
    status.rotation_enabled = out.key_rotation_enabled();
    status.rotation_period_in_days = days(out.rotation_period_in_days());
    status.next_rotation_date = option_time(out.next_rotation_date())?;
    Ok(status)
}

fn rotation(entry: &sdk::RotationsListEntry) -> Result<KeyRotation> {
    const OP: &str = "ListKeyRotations";
    Ok(KeyRotation::new(
        answered_key(entry.key_id(), OP)?,
        None,
        time(required(entry.rotation_date(), OP, "RotationDate")?)?,
        from_sdk(required(entry.rotation_type(), OP, "RotationType")?)?,
    ))
}

pub(super) async fn list_key_rotations(
    client: &Client,
    request: ListKeyRotationsRequest,
) -> Result<ListKeyRotationsPage> {
    let out = client
        .list_key_rotations()
        .key_id(reference(&request.key_id)?)
        .set_limit(limit(request.limit)?)
        .set_marker(marker(request.marker, "list_key_rotations")?)
        .send()
        .await
        .map_err(|e| remote_error("ListKeyRotations", e))?;
    let rotations = out
        .rotations()
        .iter()
        .map(rotation)
        .collect::<Result<_>>()?;
    Ok(ListKeyRotationsPage::new(
        rotations,
        next_marker(out.truncated(), out.next_marker()),
    ))
}

/// AWS starts the rotation and answers with the key id alone. The
/// rotation's date is the start AWS reports while it runs, or, once done,
/// the date of the newest on-demand rotation it lists (not older than the
/// request); failing both, when the request was sent.
pub(super) async fn rotate_key_on_demand(client: &Client, key: &str) -> Result<KeyRotation> {
    const OP: &str = "RotateKeyOnDemand";
    let sent = SystemTime::now();
    let out = client
        .rotate_key_on_demand()
        .key_id(reference(key)?)
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    let id = answered_key(out.key_id(), OP)?;
    let status = client
        .get_key_rotation_status()
        .key_id(id.as_str())
        .send()
        .await
        .map_err(|e| remote_error("GetKeyRotationStatus", e))?;
    if let Some(started) = option_time(status.on_demand_rotation_start_date())? {
        return Ok(KeyRotation::new(id, None, started, RotationType::OnDemand));
    }
    let newest = newest_on_demand_rotation(client, &id).await?;
    let date = newest.unwrap_or(sent);
    Ok(KeyRotation::new(id, None, date, RotationType::OnDemand))
}

/// The date of the newest on-demand rotation AWS lists for `key`.
async fn newest_on_demand_rotation(
    client: &Client,
    key: &crate::KeyId,
) -> Result<Option<SystemTime>> {
    let mut pages = client
        .list_key_rotations()
        .key_id(key.as_str())
        .into_paginator()
        .send();
    let mut newest = None;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| remote_error("ListKeyRotations", e))?;
        for entry in page.rotations() {
            let listed = rotation(entry)?;
            if listed.rotation_type == RotationType::OnDemand {
                newest = newest.max(Some(listed.rotation_date));
            }
        }
    }
    Ok(newest)
}

pub(super) async fn get_parameters_for_import(
    client: &Client,
    request: GetParametersForImportRequest,
) -> Result<ImportParameters> {
    const OP: &str = "GetParametersForImport";
    let out = client
        .get_parameters_for_import()
        .key_id(reference(&request.key_id)?)
        .wrapping_algorithm(to_sdk(request.wrapping_algorithm))
        .wrapping_key_spec(to_sdk(request.wrapping_key_spec))
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    let key = key_id(required(out.key_id(), OP, "KeyId")?)?;
    Ok(ImportParameters::new(
        key,
        bytes(out.import_token(), OP, "ImportToken")?,
        bytes(out.public_key(), OP, "PublicKey")?,
        request.wrapping_algorithm,
        request.wrapping_key_spec,
        time(required(
            out.parameters_valid_to(),
            OP,
            "ParametersValidTo",
        )?)?,
    ))
}

/// Material with a `valid_to` expires (`KEY_MATERIAL_EXPIRES`); without,
/// it does not (`KEY_MATERIAL_DOES_NOT_EXPIRE`).
pub(super) async fn import_key_material(
    client: &Client,
    request: ImportKeyMaterialRequest,
) -> Result<()> {
    // AWS would answer a `ValidationException` (its tokens are 1 to 6144
    // bytes); every provider of the crate calls such a token what it is.
    let token = request.import_token.len();
    if token == 0 || token > 6144 {
        let message = format!(
            "an import token of {token} bytes for {} was never issued",
            request.key_id
        );
        return Err(RemoteError::new(ErrorKind::InvalidImportToken, message).into());
    }
    let material = request.encrypted_key_material.len();
    length(
        "encrypted key material",
        material,
        limits::MAX_WRAPPED_KEY_MATERIAL,
    )?;
    let expiration = match request.valid_to {
        Some(_) => sdk::ExpirationModelType::KeyMaterialExpires,
        None => sdk::ExpirationModelType::KeyMaterialDoesNotExpire,
    };
    client
        .import_key_material()
        .key_id(reference(&request.key_id)?)
        .import_token(blob(&request.import_token))
        .encrypted_key_material(blob(&request.encrypted_key_material))
        .expiration_model(expiration)
        .set_valid_to(request.valid_to.map(date_time))
        .send()
        .await
        .map_err(|e| remote_error("ImportKeyMaterial", e))?;
    Ok(())
}

pub(super) async fn delete_imported_key_material(client: &Client, key: &str) -> Result<()> {
    client
        .delete_imported_key_material()
        .key_id(reference(key)?)
        .send()
        .await
        .map_err(|e| remote_error("DeleteImportedKeyMaterial", e))?;
    Ok(())
}
