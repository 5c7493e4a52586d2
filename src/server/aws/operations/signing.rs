//! The signing, MAC and key agreement operations: `Sign`, `Verify`,
//! `GetPublicKey`, `GenerateMac`, `VerifyMac`, `DeriveSharedSecret`.

use super::{
    Answer, CallError, Check, Context, Request, dry_run, json, need, need_vocabulary, refuse_given,
    vocabulary,
};
use crate::secret::SecretBytes;
use crate::spec::{KeyAgreementAlgorithm, MacAlgorithm, MessageType, SigningAlgorithm, limits};
use crate::wire::aws as wire;

/// The longest message (`PlaintextType`) and signature or MAC
/// (`CiphertextType`).
const MESSAGE_MAX: usize = 4096;
const SIGNATURE_MAX: usize = 6144;

/// `Message`: 1 to [`MESSAGE_MAX`] bytes.
fn check_message(c: &mut Check, message: Option<&SecretBytes>) {
    let message = message.map(|m| m.expose_secret());
    c.bytes("Message", message, 1, MESSAGE_MAX);
}

/// The message type (`RAW` when absent).
fn message_type(value: Option<&str>) -> Result<MessageType, CallError> {
    Ok(vocabulary("MessageType", value)?.unwrap_or(MessageType::Raw))
}

key_id_request!([wire::SignRequest, wire::GenerateMacRequest], |r, c| {
    check_message(c, r.message.as_ref());
    c.grant_tokens(r.grant_tokens.as_deref());
});

pub(super) async fn sign(c: &Context<'_>, r: wire::SignRequest) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let message = need("Message", r.message)?;
    let algorithm: SigningAlgorithm =
        need_vocabulary("SigningAlgorithm", r.signing_algorithm.as_deref())?;
    let request = crate::SignRequest::new(&key, message.expose_secret(), algorithm)
        .message_type(message_type(r.message_type.as_deref())?);
    let signed = c.kms.sign(request).await?;
    dry_run(r.dry_run)?;
    json(&wire::SignResponse::from_response(
        &signed,
        c.arn(&signed.key_id),
    ))
}

key_id_request!(wire::VerifyRequest, |r, c| {
    check_message(c, r.message.as_ref());
    c.bytes("Signature", r.signature.as_deref(), 1, SIGNATURE_MAX);
    c.grant_tokens(r.grant_tokens.as_deref());
});

pub(super) async fn verify(c: &Context<'_>, r: wire::VerifyRequest) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let message = need("Message", r.message)?;
    let signature = need("Signature", r.signature)?;
    let algorithm: SigningAlgorithm =
        need_vocabulary("SigningAlgorithm", r.signing_algorithm.as_deref())?;
    let request = crate::VerifyRequest::new(&key, message.expose_secret(), algorithm, &signature)
        .message_type(message_type(r.message_type.as_deref())?);
    let verified = c.kms.verify(request).await?;
    dry_run(r.dry_run)?;
    json(&wire::VerifyResponse::from_response(
        &verified,
        c.arn(&verified.key_id),
    ))
}

key_id_request!(wire::GetPublicKeyRequest, |r, c| {
    c.grant_tokens(r.grant_tokens.as_deref())
});

pub(super) async fn get_public_key(c: &Context<'_>, r: wire::GetPublicKeyRequest) -> Answer {
    let info = c
        .kms
        .get_public_key(need("KeyId", r.key_id)?.as_str())
        .await?;
    json(&wire::GetPublicKeyResponse::from_public_key(
        &info,
        c.arn(&info.key_id),
    ))
}

key_id_request!(wire::DeriveSharedSecretRequest, |r, c| {
    c.bytes(
        "PublicKey",
        r.public_key.as_deref(),
        1,
        limits::MAX_PUBLIC_KEY,
    );
    c.grant_tokens(r.grant_tokens.as_deref());
});

pub(super) async fn derive_shared_secret(
    c: &Context<'_>,
    r: wire::DeriveSharedSecretRequest,
) -> Answer {
    let op = "DeriveSharedSecret";
    refuse_given(op, "Recipient", &r.recipient, "Nitro Enclaves attestation")?;
    let key = need("KeyId", r.key_id)?;
    let public_key = need("PublicKey", r.public_key)?;
    let algorithm: KeyAgreementAlgorithm = need_vocabulary(
        "KeyAgreementAlgorithm",
        r.key_agreement_algorithm.as_deref(),
    )?;
    let mut request = crate::DeriveSharedSecretRequest::new(&key, &public_key);
    request.algorithm = algorithm;
    let derived = c.kms.derive_shared_secret(request).await?;
    dry_run(r.dry_run)?;
    json(&wire::DeriveSharedSecretResponse::from_response(
        &derived,
        c.arn(&derived.key_id),
    ))
}

pub(super) async fn generate_mac(c: &Context<'_>, r: wire::GenerateMacRequest) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let message = need("Message", r.message)?;
    let algorithm: MacAlgorithm = need_vocabulary("MacAlgorithm", r.mac_algorithm.as_deref())?;
    let request = crate::GenerateMacRequest::new(&key, message.expose_secret(), algorithm);
    let mac = c.kms.generate_mac(request).await?;
    dry_run(r.dry_run)?;
    json(&wire::GenerateMacResponse::from_response(
        &mac,
        c.arn(&mac.key_id),
    ))
}

key_id_request!(wire::VerifyMacRequest, |r, c| {
    check_message(c, r.message.as_ref());
    c.bytes("Mac", r.mac.as_deref(), 1, SIGNATURE_MAX);
    c.grant_tokens(r.grant_tokens.as_deref());
});

pub(super) async fn verify_mac(c: &Context<'_>, r: wire::VerifyMacRequest) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let message = need("Message", r.message)?;
    let mac = need("Mac", r.mac)?;
    let algorithm: MacAlgorithm = need_vocabulary("MacAlgorithm", r.mac_algorithm.as_deref())?;
    let request = crate::VerifyMacRequest::new(&key, message.expose_secret(), algorithm, &mac);
    let verified = c.kms.verify_mac(request).await?;
    dry_run(r.dry_run)?;
    json(&wire::VerifyMacResponse::from_response(
        &verified,
        c.arn(&verified.key_id),
    ))
}
