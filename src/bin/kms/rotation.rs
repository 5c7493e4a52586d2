//! The rotation subcommands: enable, disable, status, list, rotate now.
//!
//! Beyond AWS's members, the tool shows the material versions polykms
//! keeps: `KeyVersion` of a rotation, `CurrentKeyVersion` and
//! `MinimumDecryptionVersion` of a key. And where AWS leaves out the
//! rotation period and next rotation date of a key that does not rotate,
//! the tool shows them as `null`, as it always has.

use polykms::wire::aws;
use polykms::{EnableKeyRotationRequest, KeyManager, KeyRotation, ListKeyRotationsRequest};
use serde::Serialize;
use serde_json::Value;

use crate::Outcome;
use crate::cli::{EnableKeyRotation, ListKeyTagsOrRotations};
use crate::keys::key_arn;
use crate::output::{nothing, render, with_fields, with_nulls};
use crate::paging::{self, Page};

/// The material version a rotation made.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct KeyVersion {
    #[serde(skip_serializing_if = "Option::is_none")]
    key_version: Option<u32>,
}

/// A key's material versions.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Versions {
    current_key_version: Option<u32>,
    minimum_decryption_version: u32,
}

pub(crate) fn enable_key_rotation(kms: &dyn KeyManager, args: &EnableKeyRotation) -> Outcome {
    let mut request = EnableKeyRotationRequest::new(&args.key_id);
    request.rotation_period_in_days = args.rotation_period_in_days;
    kms.enable_key_rotation(request)?;
    Ok(nothing())
}

pub(crate) fn disable_key_rotation(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    kms.disable_key_rotation(key_id)?;
    Ok(nothing())
}

pub(crate) fn get_key_rotation_status(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    let status = kms.get_key_rotation_status(key_id)?;
    let arn = key_arn(kms, &status.key_id)?;
    let shape = aws::GetKeyRotationStatusResponse::from_status(&status, arn);
    let value = render(&shape);
    let versions = Versions {
        current_key_version: status.current_key_version,
        minimum_decryption_version: status.minimum_decryption_version,
    };
    let value = with_nulls(value, &["RotationPeriodInDays", "NextRotationDate"]);
    Ok(with_fields(value, &versions))
}

/// The rotations of the key, oldest first.
pub(crate) fn list_key_rotations(kms: &dyn KeyManager, args: &ListKeyTagsOrRotations) -> Outcome {
    let meta = kms.describe_key(&args.key_id)?;
    paging::list(
        &args.paging,
        args.limit,
        args.marker.clone(),
        "Rotations",
        |marker, limit| {
            let mut request = ListKeyRotationsRequest::new(meta.key_id.as_str());
            request.limit = limit;
            request.marker = marker;
            let page = kms.list_key_rotations(request)?;
            let mut response = render(&aws::ListKeyRotationsResponse::from_page(&page, &meta.arn));
            if let Some(entries) = response["Rotations"].as_array_mut() {
                for (entry, rotation) in entries.iter_mut().zip(&page.rotations) {
                    *entry = with_version(entry.take(), rotation);
                }
            }
            Ok(Page {
                response,
                next_marker: page.next_marker,
            })
        },
    )
}

pub(crate) fn rotate_key_on_demand(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    let rotation = kms.rotate_key_on_demand(key_id)?;
    let arn = key_arn(kms, &rotation.key_id)?;
    let value = render(&aws::RotateKeyOnDemandResponse::new(arn));
    Ok(with_version(value, &rotation))
}

fn with_version(value: Value, rotation: &KeyRotation) -> Value {
    let version = KeyVersion {
        key_version: rotation.key_version,
    };
    with_fields(value, &version)
}

pub(crate) fn set_minimum_decryption_version(
    kms: &dyn KeyManager,
    args: &crate::cli::SetMinimumDecryptionVersion,
) -> Outcome {
    kms.set_minimum_decryption_version(polykms::SetMinimumDecryptionVersionRequest::new(
        &args.key_id,
        args.minimum_version,
    ))?;
    Ok(crate::output::nothing())
}
