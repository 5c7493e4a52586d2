//! The asymmetric and MAC endpoints: `sign`, `verify`, `get-publickey`,
//! `generate-mac`, `verify-mac`, `create-ec-datakey-pair`,
//! `create-rsa-datakey-pair`, `derive-shared-secret`.
//!
//! Messages, signatures and MACs travel in base64; `message_type` is
//! `DIGEST` unless the request says `RAW`. A signature or MAC that does
//! not verify is an answer, not an error: `signature_valid` `"false"`,
//! `mac_valid` `false`. Public keys are answered as PEM
//! (`-----BEGIN PUBLIC KEY-----`); a data key pair's private key as the
//! base64 of its DER (PKCS #8) and of its ciphertext blob; the peer's
//! public key of `derive-shared-secret` is the base64 of its DER
//! SubjectPublicKeyInfo, and the secret is answered in base64.

use super::crypto::{aad_context, b64, refuse_pin, required, sequence, spelled, unbase64};
use super::{Answer, Context, Fail, answer, key_reference, need, vocabulary};
use crate::spec::{
    DataKeyPairSpec, KeyAgreementAlgorithm, MacAlgorithm, MessageType, SigningAlgorithm, limits,
};
use crate::wire::huawei as wire;
use crate::{
    DeriveSharedSecretRequest, ErrorKind, GenerateDataKeyPairRequest, GenerateMacRequest,
    SignRequest, VerifyMacRequest, VerifyRequest,
};

/// The message of a signing request (base64), within Huawei's limit.
fn message(text: Option<&str>) -> Result<Vec<u8>, Fail> {
    let message = unbase64("message", need("message", text)?)?;
    if message.len() > limits::MAX_SIGN_MESSAGE {
        return Err(Fail::Invalid {
            parameter: "message",
            reason: format!(
                "{} bytes; at most {}",
                message.len(),
                limits::MAX_SIGN_MESSAGE
            ),
        });
    }
    Ok(message)
}

/// `message_type`: `DIGEST` unless given.
fn message_type(value: Option<&str>) -> Result<MessageType, Fail> {
    Ok(vocabulary("message_type", value)?.unwrap_or(MessageType::Digest))
}

pub(super) async fn sign(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::SignRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let algorithm =
        required::<SigningAlgorithm>("signing_algorithm", r.signing_algorithm.as_deref())?;
    let kind = message_type(r.message_type.as_deref())?;
    let message = message(r.message.as_deref())?;
    let done = cx
        .kms
        .sign(SignRequest::new(&key, &message, algorithm).message_type(kind))
        .await?;
    answer(&wire::SignResponse {
        key_id: done.key_id.to_string(),
        signature: b64(&done.signature),
    })
}

pub(super) async fn verify(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::VerifyRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let algorithm =
        required::<SigningAlgorithm>("signing_algorithm", r.signing_algorithm.as_deref())?;
    let kind = message_type(r.message_type.as_deref())?;
    let message = message(r.message.as_deref())?;
    let signature = unbase64("signature", need("signature", r.signature.as_deref())?)?;
    if signature.len() > limits::MAX_SIGNATURE {
        return Err(Fail::Invalid {
            parameter: "signature",
            reason: format!(
                "{} bytes; at most {}",
                signature.len(),
                limits::MAX_SIGNATURE
            ),
        });
    }
    let request = VerifyRequest::new(&key, &message, algorithm, &signature).message_type(kind);
    let (valid, key_id) = match cx.kms.verify(request).await {
        Ok(done) => (true, done.key_id.to_string()),
        Err(e) if e.kind() == ErrorKind::InvalidSignature => {
            (false, cx.kms.describe_key(&key).await?.key_id.to_string())
        }
        Err(e) => return Err(e.into()),
    };
    answer(&wire::VerifyResponse {
        key_id,
        signature_valid: valid.to_string(),
    })
}

pub(super) async fn get_publickey(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::KeyIdRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let info = cx.kms.get_public_key(&key).await?;
    answer(&wire::GetPublicKeyResponse {
        key_id: info.key_id.to_string(),
        public_key: info.public_key_pem(),
    })
}

/// The MAC algorithm a request names, or the key's only one.
async fn mac_algorithm(
    cx: &Context<'_>,
    key: &str,
    algorithm: Option<&str>,
) -> Result<MacAlgorithm, Fail> {
    if let Some(algorithm) = vocabulary::<MacAlgorithm>("mac_algorithm", algorithm)? {
        return Ok(algorithm);
    }
    let meta = cx.kms.describe_key(key).await?;
    let mut algorithms = meta.mac_algorithms.into_iter();
    match (algorithms.next(), algorithms.next()) {
        (Some(only), None) => Ok(only),
        _ => Err(Fail::Missing("mac_algorithm")),
    }
}

/// The message of a MAC request (base64): 1 to 4096 bytes.
fn mac_message(text: Option<&str>) -> Result<Vec<u8>, Fail> {
    let message = unbase64("message", need("message", text)?)?;
    if message.is_empty() || message.len() > limits::MAX_MAC_MESSAGE {
        return Err(Fail::Invalid {
            parameter: "message",
            reason: format!(
                "{} bytes; from 1 to {}",
                message.len(),
                limits::MAX_MAC_MESSAGE
            ),
        });
    }
    Ok(message)
}

pub(super) async fn generate_mac(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::GenerateMacRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let message = mac_message(r.message.as_deref())?;
    let algorithm = mac_algorithm(cx, &key, r.mac_algorithm.as_deref()).await?;
    let done = cx
        .kms
        .generate_mac(GenerateMacRequest::new(&key, &message, algorithm))
        .await?;
    answer(&wire::GenerateMacResponse {
        key_id: done.key_id.to_string(),
        mac_algorithm: spelled(done.mac_algorithm).to_owned(),
        mac: b64(&done.mac),
    })
}

pub(super) async fn verify_mac(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::VerifyMacRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let message = mac_message(r.message.as_deref())?;
    let mac = unbase64("mac", need("mac", r.mac.as_deref())?)?;
    let algorithm = mac_algorithm(cx, &key, r.mac_algorithm.as_deref()).await?;
    let request = VerifyMacRequest::new(&key, &message, algorithm, &mac);
    let (valid, key_id) = match cx.kms.verify_mac(request).await {
        Ok(done) => (true, done.key_id.to_string()),
        Err(e) if e.kind() == ErrorKind::InvalidMac => {
            (false, cx.kms.describe_key(&key).await?.key_id.to_string())
        }
        Err(e) => return Err(e.into()),
    };
    answer(&wire::VerifyMacResponse {
        key_id,
        mac_algorithm: spelled(algorithm).to_owned(),
        mac_valid: valid,
    })
}

/// The parts of a data key pair request both endpoints share.
struct PairRequest<'a> {
    key_id: Option<&'a str>,
    key_spec: Option<&'a str>,
    with_plain_text: Option<bool>,
    additional_authenticated_data: Option<&'a str>,
}

/// Makes a data key pair of a spec the endpoint serves (`rsa`: the RSA
/// specs, else the elliptic-curve ones).
async fn datakey_pair(cx: &Context<'_>, r: PairRequest<'_>, rsa: bool) -> Result<Answer, Fail> {
    let key = key_reference("key_id", r.key_id)?;
    let spec = required::<DataKeyPairSpec>("key_spec", r.key_spec)?;
    let is_rsa = matches!(
        spec,
        DataKeyPairSpec::Rsa2048 | DataKeyPairSpec::Rsa3072 | DataKeyPairSpec::Rsa4096
    );
    if is_rsa != rsa {
        return Err(Fail::Invalid {
            parameter: "key_spec",
            reason: format!(
                "{} is not an {} key pair spec",
                spelled(spec),
                if rsa { "RSA" } else { "elliptic-curve" }
            ),
        });
    }
    let context = aad_context(
        "additional_authenticated_data",
        r.additional_authenticated_data,
    )?;
    let mut request = GenerateDataKeyPairRequest::new(&key, spec);
    if let Some(context) = context {
        request = request.context(context);
    }
    let pem = |der: &[u8]| {
        der::pem::encode_string("PUBLIC KEY", der::pem::LineEnding::LF, der)
            .map_err(|e| Fail::Internal(format!("PEM encoding: {e}")))
    };
    let response = if r.with_plain_text.unwrap_or(true) {
        let pair = cx.kms.generate_data_key_pair(request).await?;
        wire::DatakeyPairResponse {
            key_id: pair.key_id.to_string(),
            key_spec: spelled(pair.key_pair_spec).to_owned(),
            public_key: pem(&pair.public_key)?,
            private_key_cipher_text: Some(b64(&pair.private_key_ciphertext_blob)),
            private_key_plain_text: Some(b64(pair.private_key_plaintext.expose_secret())),
            ..Default::default()
        }
    } else {
        let pair = cx
            .kms
            .generate_data_key_pair_without_plaintext(request)
            .await?;
        wire::DatakeyPairResponse {
            key_id: pair.key_id.to_string(),
            key_spec: spelled(pair.key_pair_spec).to_owned(),
            public_key: pem(&pair.public_key)?,
            private_key_cipher_text: Some(b64(&pair.private_key_ciphertext_blob)),
            ..Default::default()
        }
    };
    answer(&response)
}

pub(super) async fn create_ec_datakey_pair(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::CreateEcDatakeyPairRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    refuse_pin(r.pin.as_deref(), r.pin_type.as_deref())?;
    let request = PairRequest {
        key_id: r.key_id.as_deref(),
        key_spec: r.key_spec.as_deref(),
        with_plain_text: r.with_plain_text,
        additional_authenticated_data: r.additional_authenticated_data.as_deref(),
    };
    datakey_pair(cx, request, false).await
}

pub(super) async fn create_rsa_datakey_pair(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::CreateRsaDatakeyPairRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    let request = PairRequest {
        key_id: r.key_id.as_deref(),
        key_spec: r.key_spec.as_deref(),
        with_plain_text: r.with_plain_text,
        additional_authenticated_data: r.additional_authenticated_data.as_deref(),
    };
    datakey_pair(cx, request, true).await
}

pub(super) async fn derive_shared_secret(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::DeriveSharedSecretRequest = cx.json()?;
    if r.recipient.is_some() {
        return Err(Fail::Unsupported(
            "recipient is not supported by this server: there are no attested enclaves here"
                .to_owned(),
        ));
    }
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let algorithm = vocabulary::<KeyAgreementAlgorithm>(
        "key_agreement_algorithm",
        r.key_agreement_algorithm.as_deref(),
    )?
    .unwrap_or(KeyAgreementAlgorithm::Ecdh);
    let public_key = unbase64("public_key", need("public_key", r.public_key.as_deref())?)?;
    if public_key.len() > limits::MAX_PUBLIC_KEY {
        return Err(Fail::Invalid {
            parameter: "public_key",
            reason: format!(
                "{} bytes; at most {}",
                public_key.len(),
                limits::MAX_PUBLIC_KEY
            ),
        });
    }
    let mut request = DeriveSharedSecretRequest::new(&key, &public_key);
    request.algorithm = algorithm;
    let done = cx.kms.derive_shared_secret(request).await?;
    answer(&wire::DeriveSharedSecretResponse {
        key_id: done.key_id.to_string(),
        key_agreement_algorithm: spelled(done.key_agreement_algorithm).to_owned(),
        shared_secret: Some(b64(done.shared_secret.expose_secret())),
        ciphertext_recipient: None,
    })
}
