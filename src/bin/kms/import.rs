//! The import subcommands: get the wrapping parameters, import wrapped
//! material, delete imported material.

use std::time::{Duration, UNIX_EPOCH};

use polykms::wire::aws;
use polykms::{
    GetParametersForImportRequest, ImportKeyMaterialRequest, KeyManager, WrappingAlgorithm,
    WrappingKeySpec,
};

use crate::Outcome;
use crate::cli::{GetParametersForImport, ImportKeyMaterial};
use crate::input::{blob, vocabulary};
use crate::keys::key_arn;
use crate::output::{nothing, render};

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
    request.valid_to = args
        .valid_to
        .map(|secs| UNIX_EPOCH + Duration::from_secs(secs));
    kms.import_key_material(request)?;
    Ok(nothing())
}

pub(crate) fn delete_imported_key_material(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    kms.delete_imported_key_material(key_id)?;
    Ok(nothing())
}
