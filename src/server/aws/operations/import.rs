//! The import operations: `GetParametersForImport`, `ImportKeyMaterial`,
//! `DeleteImportedKeyMaterial`, and the extension `PolyKms.ImportPublicKey`.

use std::time::SystemTime;

use super::{
    Answer, CallError, Check, Context, Request, json, need, need_vocabulary, refuse_given,
};
use crate::spec::{WrappingAlgorithm, WrappingKeySpec};
use crate::wire::aws as wire;

/// The longest import token and wrapped material (`CiphertextType`).
const CIPHERTEXT_MAX: usize = 6144;
/// The expiration models.
const EXPIRES: &str = "KEY_MATERIAL_EXPIRES";
const DOES_NOT_EXPIRE: &str = "KEY_MATERIAL_DOES_NOT_EXPIRE";
/// The import types.
const IMPORT_TYPES: &[&str] = &["NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL"];
/// What a key material id or description would need.
const MATERIAL_IDS: &str = "key material ids";
const MATERIAL_DESCRIPTIONS: &str = "key material descriptions";

key_id_request!(wire::GetParametersForImportRequest);

pub(super) async fn get_parameters_for_import(
    c: &Context<'_>,
    r: wire::GetParametersForImportRequest,
) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let algorithm: WrappingAlgorithm =
        need_vocabulary("WrappingAlgorithm", r.wrapping_algorithm.as_deref())?;
    let spec: WrappingKeySpec = need_vocabulary("WrappingKeySpec", r.wrapping_key_spec.as_deref())?;
    let request = crate::GetParametersForImportRequest::new(key, algorithm, spec);
    let params = c.kms.get_parameters_for_import(request).await?;
    let arn = c.arn(&params.key_id);
    json(&wire::GetParametersForImportResponse::from_parameters(
        &params, arn,
    ))
}

key_id_request!(wire::ImportKeyMaterialRequest, |r, c| {
    let token = r.import_token.as_deref();
    c.bytes("ImportToken", token, 1, CIPHERTEXT_MAX);
    let material = r.encrypted_key_material.as_deref();
    c.bytes("EncryptedKeyMaterial", material, 1, CIPHERTEXT_MAX);
    let model = r.expiration_model.as_deref();
    c.one_of("ExpirationModel", model, &[EXPIRES, DOES_NOT_EXPIRE]);
    c.one_of("ImportType", r.import_type.as_deref(), IMPORT_TYPES);
    let description = r.key_material_description.as_deref();
    c.text("KeyMaterialDescription", description, 0, 256);
    let allowed =
        |ch: char| ch.is_ascii_alphanumeric() || ch.is_whitespace() || ":/_.-".contains(ch);
    c.pattern(
        "KeyMaterialDescription",
        description,
        allowed,
        "^[a-zA-Z0-9:/_\\s.-]+$",
    );
    c.key_material_id(r.key_material_id.as_deref());
});

pub(super) async fn import_key_material(
    c: &Context<'_>,
    r: wire::ImportKeyMaterialRequest,
) -> Answer {
    const OP: &str = "ImportKeyMaterial";
    refuse_given(OP, "KeyMaterialId", &r.key_material_id, MATERIAL_IDS)?;
    refuse_given(
        OP,
        "KeyMaterialDescription",
        &r.key_material_description,
        MATERIAL_DESCRIPTIONS,
    )?;
    let valid_to = valid_to(r.expiration_model.as_deref(), r.valid_to)?;
    let key = need("KeyId", r.key_id)?;
    let token = need("ImportToken", r.import_token)?;
    let material = need("EncryptedKeyMaterial", r.encrypted_key_material)?;
    let key = c.resolve(&key).await?;
    let mut request = crate::ImportKeyMaterialRequest::new(key.as_str(), token, material);
    request.valid_to = valid_to;
    c.kms.import_key_material(request).await?;
    json(&wire::ImportKeyMaterialResponse::new(c.arn(&key)))
}

/// When the material expires: `ValidTo` goes with `KEY_MATERIAL_EXPIRES`
/// (AWS's default model) and only with it.
fn valid_to(
    model: Option<&str>,
    valid_to: Option<SystemTime>,
) -> Result<Option<SystemTime>, CallError> {
    match (model.unwrap_or(EXPIRES), valid_to) {
        (EXPIRES, Some(time)) => Ok(Some(time)),
        (EXPIRES, None) => Err(CallError::Invalid(format!(
            "ValidTo is required when ExpirationModel is {EXPIRES} (the default); \
             for material that does not expire, set ExpirationModel to {DOES_NOT_EXPIRE}"
        ))),
        (_, Some(_)) => Err(CallError::Invalid(format!(
            "ValidTo must be omitted when ExpirationModel is {DOES_NOT_EXPIRE}"
        ))),
        (_, None) => Ok(None),
    }
}

key_id_request!(wire::DeleteImportedKeyMaterialRequest, |r, c| {
    c.key_material_id(r.key_material_id.as_deref())
});

pub(super) async fn delete_imported_key_material(
    c: &Context<'_>,
    r: wire::DeleteImportedKeyMaterialRequest,
) -> Answer {
    let op = "DeleteImportedKeyMaterial";
    refuse_given(op, "KeyMaterialId", &r.key_material_id, MATERIAL_IDS)?;
    let key = c.resolve(need("KeyId", r.key_id)?.as_str()).await?;
    c.kms.delete_imported_key_material(key.as_str()).await?;
    json(&wire::DeleteImportedKeyMaterialResponse::new(c.arn(&key)))
}

key_id_request!(wire::ImportPublicKeyRequest, |r, c| {
    let max = crate::spec::limits::MAX_PUBLIC_KEY;
    c.bytes("PublicKey", r.public_key.as_deref(), 1, max);
});

pub(super) async fn import_public_key(c: &Context<'_>, r: wire::ImportPublicKeyRequest) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let public_key = need("PublicKey", r.public_key)?;
    let key = c.resolve(&key).await?;
    let request = crate::ImportPublicKeyRequest::new(key.as_str(), public_key);
    c.kms.import_public_key(request).await?;
    json(&wire::ImportPublicKeyResponse::new(c.arn(&key)))
}
