//! The asymmetric and MAC actions: `AsymmetricEncrypt`,
//! `AsymmetricDecrypt`, `AsymmetricSign`, `AsymmetricVerify`,
//! `GetPublicKey`, `GenerateMac`, `VerifyMac`.
//!
//! The asymmetric actions name the key's version by `KeyVersionId`, as
//! Alibaba requires; signing takes the digest (`Digest`, base64), never
//! the message (for `SM2DSA`, SM3 of Z_A and the message).

use super::{Answer, Context, Fail, b64, dry_run, json, need, unbase64, vocabulary};
use crate::spec::{EncryptionAlgorithm, MacAlgorithm, MessageType, SigningAlgorithm};
use crate::wire::alibaba as wire;
use crate::{
    DecryptRequest, EncryptRequest, ErrorKind, GenerateMacRequest, SignRequest, VerifyMacRequest,
    VerifyRequest,
};

pub(super) async fn asymmetric_encrypt(c: &Context<'_>) -> Answer {
    let r: wire::AsymmetricEncryptRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let version = need("KeyVersionId", r.key_version_id.as_deref())?;
    let (id, _) = c.check_version(&key, version).await?;
    let algorithm = required::<EncryptionAlgorithm>("Algorithm", r.algorithm.as_deref())?;
    let plaintext = unbase64("Plaintext", need("Plaintext", r.plaintext.as_deref())?)?;
    let request = EncryptRequest::new(&id, &plaintext).algorithm(algorithm);
    let done = c.kms.encrypt(request).await?;
    dry_run(r.dry_run)?;
    json(&wire::AsymmetricEncryptResponse::new(
        b64(&done.ciphertext_blob),
        &id,
        version,
        c.request_id,
    ))
}

pub(super) async fn asymmetric_decrypt(c: &Context<'_>) -> Answer {
    let r: wire::AsymmetricDecryptRequest = c.read()?;
    super::refuse_given(
        "Recipient",
        r.recipient.as_deref(),
        "there are no attested enclaves here",
    )?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let version = need("KeyVersionId", r.key_version_id.as_deref())?;
    let (id, _) = c.check_version(&key, version).await?;
    let algorithm = required::<EncryptionAlgorithm>("Algorithm", r.algorithm.as_deref())?;
    let blob = unbase64(
        "CiphertextBlob",
        need("CiphertextBlob", r.ciphertext_blob.as_deref())?,
    )?;
    let done = c
        .kms
        .decrypt(DecryptRequest::asymmetric(&id, &blob, algorithm))
        .await?;
    dry_run(r.dry_run)?;
    json(&wire::AsymmetricDecryptResponse::new(
        b64(done.plaintext.expose_secret()),
        &id,
        version,
        c.request_id,
    ))
}

pub(super) async fn asymmetric_sign(c: &Context<'_>) -> Answer {
    let r: wire::AsymmetricSignRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let version = need("KeyVersionId", r.key_version_id.as_deref())?;
    let (id, _) = c.check_version(&key, version).await?;
    let algorithm = required::<SigningAlgorithm>("Algorithm", r.algorithm.as_deref())?;
    let digest = unbase64("Digest", need("Digest", r.digest.as_deref())?)?;
    let mut request = SignRequest::new(&id, &digest, algorithm);
    request.message_type = MessageType::Digest;
    let done = c.kms.sign(request).await?;
    dry_run(r.dry_run)?;
    json(&wire::AsymmetricSignResponse::new(
        b64(&done.signature),
        &id,
        version,
        c.request_id,
    ))
}

pub(super) async fn asymmetric_verify(c: &Context<'_>) -> Answer {
    let r: wire::AsymmetricVerifyRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let version = need("KeyVersionId", r.key_version_id.as_deref())?;
    let (id, _) = c.check_version(&key, version).await?;
    let algorithm = required::<SigningAlgorithm>("Algorithm", r.algorithm.as_deref())?;
    let digest = unbase64("Digest", need("Digest", r.digest.as_deref())?)?;
    let signature = unbase64("Value", need("Value", r.value.as_deref())?)?;
    let mut request = VerifyRequest::new(&id, &digest, algorithm, &signature);
    request.message_type = MessageType::Digest;
    // Alibaba answers a signature that does not verify with `Value: false`.
    let valid = match c.kms.verify(request).await {
        Ok(_) => true,
        Err(e) if e.kind() == ErrorKind::InvalidSignature => false,
        Err(e) => return Err(e.into()),
    };
    dry_run(r.dry_run)?;
    json(&wire::AsymmetricVerifyResponse::new(
        valid,
        &id,
        version,
        c.request_id,
    ))
}

pub(super) async fn get_public_key(c: &Context<'_>) -> Answer {
    let r: wire::GetPublicKeyRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let version = need("KeyVersionId", r.key_version_id.as_deref())?;
    let (id, _) = c.check_version(&key, version).await?;
    let info = c.kms.get_public_key(&id).await?;
    dry_run(r.dry_run)?;
    let pem = der::pem::encode_string("PUBLIC KEY", der::pem::LineEnding::LF, &info.public_key)
        .map_err(|e| Fail::Internal(format!("PEM encoding: {e}")))?;
    json(&wire::GetPublicKeyResponse::new(
        pem,
        &id,
        version,
        c.request_id,
    ))
}

/// The MAC algorithm a request names, or the key's only one.
async fn mac_algorithm(
    c: &Context<'_>,
    key: &str,
    algorithm: Option<&str>,
) -> Result<MacAlgorithm, Fail> {
    if let Some(algorithm) = vocabulary::<MacAlgorithm>("Algorithm", algorithm)? {
        return Ok(algorithm);
    }
    let meta = c.kms.describe_key(key).await?;
    let mut algorithms = meta.mac_algorithms.into_iter();
    match (algorithms.next(), algorithms.next()) {
        (Some(only), None) => Ok(only),
        _ => Err(Fail::Missing("Algorithm")),
    }
}

pub(super) async fn generate_mac(c: &Context<'_>) -> Answer {
    let r: wire::GenerateMacRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let message = unbase64("Message", need("Message", r.message.as_deref())?)?;
    let algorithm = mac_algorithm(c, &key, r.algorithm.as_deref()).await?;
    let done = c
        .kms
        .generate_mac(GenerateMacRequest::new(&key, &message, algorithm))
        .await?;
    dry_run(r.dry_run)?;
    json(&wire::GenerateMacResponse::new(
        b64(&done.mac),
        done.key_id.as_str(),
        spelled(done.mac_algorithm),
        c.request_id,
    ))
}

pub(super) async fn verify_mac(c: &Context<'_>) -> Answer {
    let r: wire::VerifyMacRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let message = unbase64("Message", need("Message", r.message.as_deref())?)?;
    let mac = unbase64("Mac", need("Mac", r.mac.as_deref())?)?;
    let algorithm = mac_algorithm(c, &key, r.algorithm.as_deref()).await?;
    let request = VerifyMacRequest::new(&key, &message, algorithm, &mac);
    let (valid, id) = match c.kms.verify_mac(request).await {
        Ok(done) => (true, done.key_id.to_string()),
        Err(e) if e.kind() == ErrorKind::InvalidMac => (false, key.clone()),
        Err(e) => return Err(e.into()),
    };
    dry_run(r.dry_run)?;
    json(&wire::VerifyMacResponse::new(
        valid,
        &id,
        spelled(algorithm),
        c.request_id,
    ))
}

/// A required vocabulary parameter.
fn required<T: crate::spec::Vocabulary>(
    parameter: &'static str,
    value: Option<&str>,
) -> Result<T, Fail> {
    vocabulary(parameter, value)?.ok_or(Fail::Missing(parameter))
}

/// A value in Alibaba's spelling (the canonical one where it has none).
fn spelled<T: crate::spec::Vocabulary>(value: T) -> &'static str {
    value
        .spelling(crate::spec::Vendor::Alibaba)
        .unwrap_or(value.as_str())
}
