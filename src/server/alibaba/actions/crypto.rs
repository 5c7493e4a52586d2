//! The symmetric cryptographic actions: `Encrypt`, `Decrypt`, `ReEncrypt`,
//! `GenerateDataKey`, `GenerateDataKeyWithoutPlaintext`,
//! `GenerateAndExportDataKey`, `ExportDataKey`.
//!
//! Alibaba's `Plaintext` is text: `Encrypt` encrypts the parameter's bytes
//! as given (base64, as Alibaba's docs ask, or any other text) and
//! `Decrypt` gives the same text back. A data key travels as the base64
//! of its bytes, and that text is what its `CiphertextBlob` encrypts, so
//! that `Decrypt` of a data key's ciphertext answers the `Plaintext` that
//! `GenerateDataKey` answered, as Alibaba's envelope encryption expects.
//! A ciphertext made through another protocol whose plaintext is not
//! UTF-8 text decrypts to the base64 of its bytes.

use std::borrow::Cow;

use super::{
    Answer, Context, Fail, b64, context, dry_run, json, need, refuse_given, unbase64, version_id,
    vocabulary,
};
use crate::spec::{DataKeySpec, WrappingAlgorithm, WrappingKeySpec};
use crate::wire::alibaba as wire;
use crate::{DecryptRequest, EncryptRequest, GenerateRandomRequest, ReEncryptRequest};

/// The largest data key, in bytes (`NumberOfBytes` is 1 to 1024).
const MAX_DATA_KEY_BYTES: i64 = 1024;

/// The text a plaintext answers as: itself if UTF-8, else its base64.
fn plaintext_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => b64(bytes),
    }
}

pub(super) async fn encrypt(c: &Context<'_>) -> Answer {
    let r: wire::EncryptRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let plaintext = need("Plaintext", r.plaintext.as_deref())?;
    let ctx = context("EncryptionContext", r.encryption_context.as_deref())?;
    let mut request = EncryptRequest::new(&key, plaintext.as_bytes());
    request.encryption_context = ctx.map(Cow::Owned);
    let done = c.kms.encrypt(request).await?;
    dry_run(r.dry_run)?;
    let id = done.key_id.to_string();
    json(&wire::EncryptResponse::new(
        b64(&done.ciphertext_blob),
        &id,
        version_id(&id, done.key_version),
        c.request_id,
    ))
}

pub(super) async fn decrypt(c: &Context<'_>) -> Answer {
    let r: wire::DecryptRequest = c.read()?;
    refuse_recipient(r.recipient.as_deref())?;
    let blob = unbase64(
        "CiphertextBlob",
        need("CiphertextBlob", r.ciphertext_blob.as_deref())?,
    )?;
    let ctx = context("EncryptionContext", r.encryption_context.as_deref())?;
    let mut request = DecryptRequest::new(&blob);
    request.encryption_context = ctx.map(Cow::Owned);
    let done = c.kms.decrypt(request).await?;
    dry_run(r.dry_run)?;
    let id = done.key_id.to_string();
    json(&wire::DecryptResponse::new(
        plaintext_text(done.plaintext.expose_secret()),
        &id,
        version_id(&id, done.key_version),
        c.request_id,
    ))
}

pub(super) async fn re_encrypt(c: &Context<'_>) -> Answer {
    let r: wire::ReEncryptRequest = c.read()?;
    let blob = unbase64(
        "CiphertextBlob",
        need("CiphertextBlob", r.ciphertext_blob.as_deref())?,
    )?;
    let destination = c.key("DestinationKeyId", r.destination_key_id.as_deref())?;
    let source_ctx = context(
        "SourceEncryptionContext",
        r.source_encryption_context.as_deref(),
    )?;
    let destination_ctx = context(
        "DestinationEncryptionContext",
        r.destination_encryption_context.as_deref(),
    )?;
    let mut source = DecryptRequest::new(&blob);
    source.encryption_context = source_ctx.map(Cow::Owned);
    // An asymmetric source ciphertext names its key, version and algorithm.
    let source_key = match r.source_key_id.as_deref() {
        Some(reference) if !reference.is_empty() => {
            let key = c.key_reference("SourceKeyId", reference)?;
            let algorithm = vocabulary(
                "SourceEncryptionAlgorithm",
                r.source_encryption_algorithm.as_deref(),
            )?
            .ok_or(Fail::Missing("SourceEncryptionAlgorithm"))?;
            let version = need("SourceKeyVersionId", r.source_key_version_id.as_deref())?;
            c.check_version(&key, version).await?;
            source.algorithm = algorithm;
            Some(key)
        }
        _ => None,
    };
    if let Some(key) = &source_key {
        source = source.key_id(key.as_str());
    }
    let mut request = ReEncryptRequest::new(source, &destination);
    request.destination_encryption_context = destination_ctx.map(Cow::Owned);
    let done = c.kms.re_encrypt(request).await?;
    dry_run(r.dry_run)?;
    let id = done.key_id.to_string();
    json(&wire::ReEncryptResponse::new(
        b64(&done.ciphertext_blob),
        &id,
        version_id(&id, done.key_version),
        c.request_id,
    ))
}

/// A data key made for a request: its bytes' base64 (the plaintext
/// Alibaba answers with), the ciphertext of that text, the key and its
/// version's id.
struct DataKey {
    text: String,
    ciphertext: Vec<u8>,
    key_id: String,
    key_version_id: String,
}

/// Makes a data key of the size `KeySpec` or `NumberOfBytes` asks (32
/// bytes if neither does) under `KeyId`.
async fn data_key(
    c: &Context<'_>,
    key_id: Option<&str>,
    key_spec: Option<&str>,
    number_of_bytes: Option<i64>,
    encryption_context: Option<&str>,
) -> Result<DataKey, Fail> {
    let key = c.key("KeyId", key_id)?;
    let spec = vocabulary::<DataKeySpec>("KeySpec", key_spec)?;
    let bytes = match (number_of_bytes, spec) {
        (Some(n), _) if !(1..=MAX_DATA_KEY_BYTES).contains(&n) => {
            return Err(Fail::Invalid {
                parameter: "NumberOfBytes",
                reason: format!("{n} is not between 1 and {MAX_DATA_KEY_BYTES}"),
            });
        }
        (Some(n), _) => usize::try_from(n).unwrap_or_default(),
        (None, Some(DataKeySpec::Aes128)) => 16,
        (None, Some(DataKeySpec::Aes256) | None) => 32,
        (None, Some(other)) => {
            return Err(Fail::Invalid {
                parameter: "KeySpec",
                reason: format!("{other} is neither AES_256 nor AES_128"),
            });
        }
    };
    let ctx = context("EncryptionContext", encryption_context)?;
    let secret = c
        .kms
        .generate_random(GenerateRandomRequest::new(bytes))
        .await?;
    let text = b64(secret.expose_secret());
    let mut request = EncryptRequest::new(&key, text.as_bytes());
    request.encryption_context = ctx.map(Cow::Owned);
    let done = c.kms.encrypt(request).await?;
    let key_id = done.key_id.to_string();
    Ok(DataKey {
        key_version_id: version_id(&key_id, done.key_version),
        text,
        ciphertext: done.ciphertext_blob,
        key_id,
    })
}

pub(super) async fn generate_data_key(c: &Context<'_>) -> Answer {
    let r: wire::GenerateDataKeyRequest = c.read()?;
    refuse_recipient(r.recipient.as_deref())?;
    let key = data_key(
        c,
        r.key_id.as_deref(),
        r.key_spec.as_deref(),
        r.number_of_bytes,
        r.encryption_context.as_deref(),
    )
    .await?;
    dry_run(r.dry_run)?;
    json(&wire::GenerateDataKeyResponse::new(
        key.text,
        b64(&key.ciphertext),
        &key.key_id,
        key.key_version_id,
        c.request_id,
    ))
}

pub(super) async fn generate_data_key_without_plaintext(c: &Context<'_>) -> Answer {
    let r: wire::GenerateDataKeyWithoutPlaintextRequest = c.read()?;
    let key = data_key(
        c,
        r.key_id.as_deref(),
        r.key_spec.as_deref(),
        r.number_of_bytes,
        r.encryption_context.as_deref(),
    )
    .await?;
    dry_run(r.dry_run)?;
    json(&wire::GenerateDataKeyWithoutPlaintextResponse::new(
        b64(&key.ciphertext),
        &key.key_id,
        key.key_version_id,
        c.request_id,
    ))
}

/// Encrypts the data key whose base64 is `text` to a caller's public key
/// (`PublicKeyBlob`, base64 DER SubjectPublicKeyInfo) with
/// `WrappingAlgorithm`; `WrappingKeySpec` must name that key's spec.
fn export(
    text: &str,
    public_key_blob: Option<&str>,
    wrapping_algorithm: Option<&str>,
    wrapping_key_spec: Option<&str>,
) -> Result<String, Fail> {
    let public_key = unbase64("PublicKeyBlob", need("PublicKeyBlob", public_key_blob)?)?;
    let algorithm = vocabulary::<WrappingAlgorithm>("WrappingAlgorithm", wrapping_algorithm)?
        .ok_or(Fail::Missing("WrappingAlgorithm"))?;
    let spec = vocabulary::<WrappingKeySpec>("WrappingKeySpec", wrapping_key_spec)?
        .ok_or(Fail::Missing("WrappingKeySpec"))?;
    let fits = match spec {
        WrappingKeySpec::Sm2 => algorithm == WrappingAlgorithm::Sm2Pke,
        _ => matches!(
            algorithm,
            WrappingAlgorithm::RsaesOaepSha1 | WrappingAlgorithm::RsaesOaepSha256
        ),
    };
    if !fits {
        return Err(Fail::Invalid {
            parameter: "WrappingAlgorithm",
            reason: format!("{algorithm} does not wrap to a {spec} key"),
        });
    }
    let data_key = unbase64("CiphertextBlob", text).map_err(|_| Fail::Invalid {
        parameter: "CiphertextBlob",
        reason: "it is not the ciphertext of a data key".to_owned(),
    })?;
    let actual =
        crate::crypto::wrap::wrapping_key_spec(&public_key).map_err(|reason| Fail::Invalid {
            parameter: "PublicKeyBlob",
            reason,
        })?;
    if actual != spec {
        return Err(Fail::Invalid {
            parameter: "WrappingKeySpec",
            reason: format!("the public key is a {actual} key, not {spec}"),
        });
    }
    let wrapped =
        crate::wrap_key_material(&public_key, algorithm, &data_key).map_err(|e| Fail::Invalid {
            parameter: "PublicKeyBlob",
            reason: e.to_string(),
        })?;
    Ok(b64(&wrapped))
}

pub(super) async fn generate_and_export_data_key(c: &Context<'_>) -> Answer {
    let r: wire::GenerateAndExportDataKeyRequest = c.read()?;
    // Check the export first: a bad public key makes no data key.
    need("PublicKeyBlob", r.public_key_blob.as_deref())?;
    let key = data_key(
        c,
        r.key_id.as_deref(),
        r.key_spec.as_deref(),
        r.number_of_bytes,
        r.encryption_context.as_deref(),
    )
    .await?;
    let exported = export(
        &key.text,
        r.public_key_blob.as_deref(),
        r.wrapping_algorithm.as_deref(),
        r.wrapping_key_spec.as_deref(),
    )?;
    dry_run(r.dry_run)?;
    json(&wire::GenerateAndExportDataKeyResponse::new(
        b64(&key.ciphertext),
        exported,
        &key.key_id,
        key.key_version_id,
        c.request_id,
    ))
}

pub(super) async fn export_data_key(c: &Context<'_>) -> Answer {
    let r: wire::ExportDataKeyRequest = c.read()?;
    let blob = unbase64(
        "CiphertextBlob",
        need("CiphertextBlob", r.ciphertext_blob.as_deref())?,
    )?;
    let ctx = context("EncryptionContext", r.encryption_context.as_deref())?;
    let mut request = DecryptRequest::new(&blob);
    request.encryption_context = ctx.map(Cow::Owned);
    let done = c.kms.decrypt(request).await?;
    let text = std::str::from_utf8(done.plaintext.expose_secret()).map_err(|_| Fail::Invalid {
        parameter: "CiphertextBlob",
        reason: "it is not the ciphertext of a data key".to_owned(),
    })?;
    let exported = export(
        text,
        r.public_key_blob.as_deref(),
        r.wrapping_algorithm.as_deref(),
        r.wrapping_key_spec.as_deref(),
    )?;
    dry_run(r.dry_run)?;
    let id = done.key_id.to_string();
    json(&wire::ExportDataKeyResponse::new(
        exported,
        &id,
        version_id(&id, done.key_version),
        c.request_id,
    ))
}

/// `Recipient` asks for the answer encrypted to an enclave's attested key.
fn refuse_recipient(recipient: Option<&str>) -> Result<(), Fail> {
    refuse_given(
        "Recipient",
        recipient,
        "there are no attested enclaves here",
    )
}
