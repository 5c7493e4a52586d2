//! The import subcommands: get the wrapping parameters, import wrapped
//! material, delete imported material.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use polykms::wire::aws;
use polykms::{
    GetParametersForImportRequest, ImportKeyMaterialRequest, KeyManager, WrappingAlgorithm,
    WrappingKeySpec,
};

use crate::cli::{ExpirationModel, GetParametersForImport, ImportKeyMaterial};
use crate::input::{blob, vocabulary};
use crate::keys::key_arn;
use crate::output::{nothing, render};
use crate::{Failure, Outcome};

pub(crate) fn get_parameters_for_import(
    kms: &dyn KeyManager,
    args: &GetParametersForImport,
) -> Outcome {
    let algorithm = vocabulary::<WrappingAlgorithm>(&args.wrapping_algorithm)?;
    let spec = vocabulary::<WrappingKeySpec>(&args.wrapping_key_spec)?;
    let request = GetParametersForImportRequest::new(&args.key_id, algorithm, spec);
    let params = kms.get_parameters_for_import(request)?;
    let arn = key_arn(kms, &params.key_id)?;
    Ok(render(
        &aws::GetParametersForImportResponse::from_parameters(&params, arn),
    ))
}

pub(crate) fn import_key_material(kms: &dyn KeyManager, args: &ImportKeyMaterial) -> Outcome {
    let token = blob("import token", &args.import_token)?;
    let material = blob("encrypted key material", &args.encrypted_key_material)?;
    let mut request = ImportKeyMaterialRequest::new(&args.key_id, &token, &material);
    let valid_to = args.valid_to.as_deref().map(valid_to).transpose()?;
    request.valid_to = match (args.expiration_model, valid_to) {
        (Some(ExpirationModel::KeyMaterialDoesNotExpire), Some(_)) => {
            return Err(Failure(
                "--valid-to: not with --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE".into(),
            )
            .into());
        }
        (Some(ExpirationModel::KeyMaterialExpires), None) => {
            return Err(
                Failure("--expiration-model KEY_MATERIAL_EXPIRES needs --valid-to".into()).into(),
            );
        }
        (_, at) => at,
    };
    kms.import_key_material(request)?;
    Ok(nothing())
}

pub(crate) fn delete_imported_key_material(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    kms.delete_imported_key_material(key_id)?;
    Ok(nothing())
}

/// `--valid-to`: ISO 8601 (RFC 3339) or seconds since the Unix epoch.
fn valid_to(text: &str) -> Result<SystemTime, Failure> {
    if let Ok(seconds) = text.parse::<f64>()
        && seconds.is_finite()
        && seconds >= 0.0
    {
        return Ok(UNIX_EPOCH + Duration::from_secs_f64(seconds));
    }
    let at = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|e| {
            Failure(format!(
                "--valid-to: {text:?} is neither ISO 8601 nor epoch seconds: {e}"
            ))
        })?;
    let nanos = u64::try_from(at.unix_timestamp_nanos())
        .map_err(|_| Failure(format!("--valid-to: {text:?} is before 1970")))?;
    Ok(UNIX_EPOCH + Duration::from_nanos(nanos))
}

pub(crate) fn import_public_key(
    kms: &dyn KeyManager,
    args: &crate::cli::ImportPublicKey,
) -> Outcome {
    let public_key = crate::input::blob("public-key", &args.public_key)?;
    kms.import_public_key(polykms::ImportPublicKeyRequest::new(
        &args.key_id,
        public_key,
    ))?;
    let key_id = kms.describe_key(&args.key_id)?.key_id;
    let arn = crate::keys::key_arn(kms, &key_id)?;
    Ok(crate::output::render(
        &polykms::wire::aws::ImportPublicKeyResponse::new(arn),
    ))
}
