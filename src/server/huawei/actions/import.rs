//! The import endpoints: `get-parameters-for-import`,
//! `import-key-material`, `delete-imported-key-material`.
//!
//! Material is wrapped as Huawei wraps it: `RSAES_OAEP_SHA_256` under a
//! 4096-bit RSA public key, or `SM2_ENCRYPT` under an SM2 one; tokens and
//! keys travel in base64, times in epoch seconds.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{Answer, Context, Fail, answer, key_reference, need, refuse_given, vocabulary};
use crate::spec::{KeyState, WrappingAlgorithm, WrappingKeySpec};
use crate::wire::huawei as wire;

/// Bytes as base64.
fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A base64 parameter's bytes.
fn unbase64(parameter: &'static str, text: &str) -> Result<Vec<u8>, Fail> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| Fail::Invalid {
            parameter,
            reason: format!("not base64: {e}"),
        })
}

/// A time as epoch seconds (a time before 1970 as 0).
fn epoch_seconds(time: SystemTime) -> i64 {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    i64::try_from(secs).unwrap_or(i64::MAX)
}

pub(super) async fn get_parameters_for_import(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::GetParametersForImportRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let algorithm =
        vocabulary::<WrappingAlgorithm>("wrapping_algorithm", r.wrapping_algorithm.as_deref())?
            .ok_or(Fail::Missing("wrapping_algorithm"))?;
    let spec = match algorithm {
        WrappingAlgorithm::RsaesOaepSha256 => WrappingKeySpec::Rsa4096,
        WrappingAlgorithm::Sm2Pke => WrappingKeySpec::Sm2,
        other => {
            return Err(Fail::Invalid {
                parameter: "wrapping_algorithm",
                reason: format!(
                    "{} is not one of Huawei's: RSAES_OAEP_SHA_256, SM2_ENCRYPT",
                    wire::spelling(other)
                ),
            });
        }
    };
    let request = crate::GetParametersForImportRequest::new(key, algorithm, spec);
    let parameters = cx.kms.get_parameters_for_import(request).await?;
    answer(&wire::GetParametersForImportResponse {
        key_id: parameters.key_id.to_string(),
        import_token: b64(&parameters.import_token),
        expiration_time: epoch_seconds(parameters.parameters_valid_to),
        public_key: b64(&parameters.public_key),
    })
}

pub(super) async fn import_key_material(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::ImportKeyMaterialRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    refuse_given(
        "encrypted_privatekey",
        r.encrypted_privatekey.as_deref(),
        "only symmetric key material is imported here",
    )?;
    let token_text = need("import_token", r.import_token.as_deref())?;
    let Ok(token) = unbase64("import_token", token_text) else {
        // A token that is not even base64 is no token of this key's.
        let key_id = cx.kms.describe_key(&key).await?.key_id;
        return Err(Fail::Kms(crate::Error::InvalidImportToken {
            key_id,
            reason: "the import token is not base64".to_owned(),
        }));
    };
    let material = unbase64(
        "encrypted_key_material",
        need(
            "encrypted_key_material",
            r.encrypted_key_material.as_deref(),
        )?,
    )?;
    let mut request = crate::ImportKeyMaterialRequest::new(key, token, material);
    match r.expiration_time {
        None | Some(0) => {}
        Some(seconds) => {
            let seconds = u64::try_from(seconds).map_err(|_| Fail::Invalid {
                parameter: "expiration_time",
                reason: format!("{seconds} is not a time in epoch seconds"),
            })?;
            request = request.valid_to(UNIX_EPOCH + Duration::from_secs(seconds));
        }
    }
    // Huawei imports only into a key awaiting material (state "5"), where
    // the providers also take the same material again into a key that has it.
    let meta = cx.kms.describe_key(&request.key_id).await?;
    if meta.key_state != KeyState::PendingImport {
        return Err(Fail::Coded {
            code: "KMS.0310",
            message: format!(
                "The key {} is not in the pending import state (its state is {}).",
                meta.key_id,
                wire::spelling(meta.key_state)
            ),
        });
    }
    cx.kms.import_key_material(request).await?;
    answer(&wire::EmptyResponse::default())
}

pub(super) async fn delete_imported_key_material(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::DeleteImportedKeyMaterialRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    cx.kms.delete_imported_key_material(&key).await?;
    answer(&wire::EmptyResponse::default())
}
