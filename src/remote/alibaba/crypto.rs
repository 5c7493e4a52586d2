//! Cryptographic operations: `Encrypt` to `VerifyMac`.
//!
//! Inputs are checked against the crate's size limits before anything is
//! sent. Symmetric operations map onto `Encrypt`, `Decrypt`, `ReEncrypt`
//! and `GenerateDataKey(WithoutPlaintext)`; asymmetric ones onto
//! `AsymmetricEncrypt`/`Decrypt`/`Sign`/`Verify`, which name the material
//! version: the key's `PrimaryKeyVersion`, read with `DescribeKey` first.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::Inner;
use super::convert::{b64, bytes, key_id, reference, required, spelled};
use super::digest::{self, Input};
use super::keys::describe;
use crate::engine::validate::length;
use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::remote::shared::usable;
use crate::spec::Vocabulary as _;
use crate::spec::limits;
use crate::wire::alibaba::{self as wire, format_encryption_context};
use crate::{
    DataKey, DataKeyLength, DecryptRequest, DecryptResponse, EncryptRequest, EncryptResponse,
    EncryptedDataKey, EncryptionAlgorithm, EncryptionContext, GenerateDataKeyRequest,
    GenerateMacRequest, KeyId, MacResponse, PublicKeyInfo, ReEncryptRequest, ReEncryptResponse,
    SecretBytes, SignRequest, SignResponse, VerifyMacRequest, VerifyMacResponse, VerifyRequest,
    VerifyResponse,
};

/// An encryption context as its parameter (within the limits every
/// provider applies).
fn context(context: Option<&EncryptionContext>) -> Result<Option<String>> {
    let Some(context) = context else {
        return Ok(None);
    };
    context.check()?;
    Ok(Some(format_encryption_context(context)))
}

/// The plaintext of a symmetric `Decrypt`: this provider encrypts the
/// base64 text of the bytes (Alibaba's `Plaintext` is text), and
/// Alibaba's data keys are base64 text too, so it reads base64 back.
fn symmetric_plaintext(answer: &wire::PlaintextResponse, action: &str) -> Result<SecretBytes> {
    let text = required(Some(&answer.plaintext), action, "Plaintext")?;
    STANDARD
        .decode(text.trim())
        .map(SecretBytes::new)
        .map_err(|_| {
            RemoteError::new(
                ErrorKind::InvalidCiphertext,
                format!(
                    "Alibaba Cloud KMS {action}: the plaintext is not base64 text, so it was not \
                     encrypted by polykms nor is it a data key"
                ),
            )
            .into()
        })
}

/// The `PrimaryKeyVersion` of Alibaba's metadata.
fn primary_version(wire: crate::wire::alibaba::KeyMetadata) -> Result<String> {
    wire.primary_key_version
        .filter(|v| !v.is_empty())
        .ok_or_else(|| super::convert::missing("DescribeKey", "PrimaryKeyVersion"))
}

pub(super) async fn encrypt(kms: &Inner, request: EncryptRequest<'_>) -> Result<EncryptResponse> {
    let key = reference(&request.key_id)?;
    let plaintext = request.plaintext.len();
    if request.algorithm == EncryptionAlgorithm::SymmetricDefault {
        const OP: &str = "Encrypt";
        length("plaintext", plaintext, limits::MAX_SYMMETRIC_PLAINTEXT)?;
        let params = wire::EncryptRequest {
            key_id: Some(key.to_owned()),
            plaintext: Some(b64(&request.plaintext)),
            encryption_context: context(request.encryption_context.as_deref())?,
            ..Default::default()
        };
        let out: wire::CiphertextResponse = kms.call(OP, &params).await?;
        return Ok(EncryptResponse::new(
            bytes(Some(&out.ciphertext_blob), OP, "CiphertextBlob")?,
            key_id(Some(&out.key_id), OP)?,
            None,
            request.algorithm,
        ));
    }
    const OP: &str = "AsymmetricEncrypt";
    length("plaintext", plaintext, limits::MAX_SYMMETRIC_PLAINTEXT)?;
    if request.encryption_context.is_some() {
        return Err(Error::invalid_argument(
            "encryption context",
            "asymmetric encryption takes no encryption context",
        ));
    }
    let (meta, wire) = describe(kms, key).await?;
    let allowed = meta
        .key_spec
        .encryption_algorithms()
        .contains(&request.algorithm);
    let usage = crate::KeyUsage::EncryptDecrypt;
    usable(&meta, "Encrypt", usage, allowed, request.algorithm)?;
    let version = primary_version(wire)?;
    let params = wire::AsymmetricEncryptRequest {
        key_id: Some(meta.key_id.to_string()),
        key_version_id: Some(version),
        algorithm: Some(spelled(request.algorithm)),
        plaintext: Some(b64(&request.plaintext)),
        ..Default::default()
    };
    let out: wire::CiphertextResponse = kms.call(OP, &params).await?;
    Ok(EncryptResponse::new(
        bytes(Some(&out.ciphertext_blob), OP, "CiphertextBlob")?,
        meta.key_id,
        None,
        request.algorithm,
    ))
}

pub(super) async fn decrypt(kms: &Inner, request: DecryptRequest<'_>) -> Result<DecryptResponse> {
    length(
        "ciphertext blob",
        request.ciphertext_blob.len(),
        limits::MAX_CIPHERTEXT,
    )?;
    // Alibaba's Decrypt takes no key: a key the request names is checked
    // here first, as every provider of the crate checks it.
    let named = match request.key_id.as_deref() {
        Some(key) => Some(named_key(kms, key, request.algorithm).await?),
        None => None,
    };
    if request.algorithm == EncryptionAlgorithm::SymmetricDefault {
        const OP: &str = "Decrypt";
        let params = wire::DecryptRequest {
            ciphertext_blob: Some(b64(&request.ciphertext_blob)),
            encryption_context: context(request.encryption_context.as_deref())?,
            ..Default::default()
        };
        let out: wire::PlaintextResponse = kms.call(OP, &params).await?;
        let id = key_id(Some(&out.key_id), OP)?;
        if let Some((meta, _)) = &named
            && meta.key_id != id
        {
            return Err(Error::IncorrectKey {
                key_id: meta.key_id.clone(),
            });
        }
        return Ok(DecryptResponse::new(
            symmetric_plaintext(&out, OP)?,
            id,
            None,
            request.algorithm,
        ));
    }
    const OP: &str = "AsymmetricDecrypt";
    let (meta, wire) = named.ok_or_else(|| {
        Error::invalid_argument(
            "key id",
            "Alibaba Cloud KMS's AsymmetricDecrypt needs the key that encrypted",
        )
    })?;
    let version = primary_version(wire)?;
    let params = wire::AsymmetricDecryptRequest {
        key_id: Some(meta.key_id.to_string()),
        key_version_id: Some(version),
        algorithm: Some(spelled(request.algorithm)),
        ciphertext_blob: Some(b64(&request.ciphertext_blob)),
        ..Default::default()
    };
    let out: wire::PlaintextResponse = kms.call(OP, &params).await?;
    Ok(DecryptResponse::new(
        SecretBytes::new(bytes(Some(&out.plaintext), OP, "Plaintext")?),
        meta.key_id,
        None,
        request.algorithm,
    ))
}

/// The key a decrypting request names, described, after the checks every
/// provider makes before decrypting: its state, its usage, and the
/// algorithm against its spec.
async fn named_key(
    kms: &Inner,
    key: &str,
    algorithm: EncryptionAlgorithm,
) -> Result<(crate::KeyMetadata, crate::wire::alibaba::KeyMetadata)> {
    let (meta, wire) = describe(kms, reference(key)?).await?;
    let allowed = meta.key_spec.encryption_algorithms().contains(&algorithm);
    usable(
        &meta,
        "Decrypt",
        crate::KeyUsage::EncryptDecrypt,
        allowed,
        algorithm,
    )?;
    Ok((meta, wire))
}

/// Alibaba's `ReEncrypt` answers with the destination key alone: the
/// source key is the one the request names (an alias costs a
/// `DescribeKey`), else a `Decrypt` of the source finds it (its plaintext
/// dropped at once). The destination must be symmetric (Alibaba
/// re-encrypts to symmetric keys only).
pub(super) async fn re_encrypt(
    kms: &Inner,
    request: ReEncryptRequest<'_>,
) -> Result<ReEncryptResponse> {
    const OP: &str = "ReEncrypt";
    let source = &request.source;
    length(
        "ciphertext blob",
        source.ciphertext_blob.len(),
        limits::MAX_CIPHERTEXT,
    )?;
    if request.destination_algorithm != EncryptionAlgorithm::SymmetricDefault {
        return Err(super::unsupported_with(
            OP,
            &format!("ReEncrypt to {}", request.destination_algorithm),
            "Alibaba Cloud KMS re-encrypts to symmetric keys only",
        ));
    }
    let destination = reference(&request.destination_key_id)?;
    let mut params = wire::ReEncryptRequest {
        ciphertext_blob: Some(b64(&source.ciphertext_blob)),
        destination_key_id: Some(destination.to_owned()),
        source_encryption_context: context(source.encryption_context.as_deref())?,
        destination_encryption_context: context(request.destination_encryption_context.as_deref())?,
        ..Default::default()
    };
    let source_key = if source.algorithm == EncryptionAlgorithm::SymmetricDefault {
        match source.key_id.as_deref() {
            Some(key) => {
                let id = super::keys::key_of(kms, key).await?;
                KeyId::parse(id.rsplit_once(":key/").map_or(id.as_str(), |(_, id)| id))?
            }
            None => {
                let decrypted = decrypt(kms, source.clone()).await?;
                decrypted.key_id
            }
        }
    } else {
        let key = source.key_id.as_deref().ok_or_else(|| {
            Error::invalid_argument(
                "key id",
                "Alibaba Cloud KMS re-encrypts an asymmetric ciphertext only with its key named",
            )
        })?;
        let (meta, described) = named_key(kms, key, source.algorithm).await?;
        params.source_key_id = Some(meta.key_id.to_string());
        params.source_key_version_id = Some(primary_version(described)?);
        params.source_encryption_algorithm = Some(spelled(source.algorithm));
        meta.key_id
    };
    let out: wire::CiphertextResponse = kms.call(OP, &params).await?;
    Ok(ReEncryptResponse::new(
        bytes(Some(&out.ciphertext_blob), OP, "CiphertextBlob")?,
        source_key,
        None,
        key_id(Some(&out.key_id), OP)?,
        None,
        source.algorithm,
        request.destination_algorithm,
    ))
}

fn data_key_params(request: &GenerateDataKeyRequest<'_>) -> Result<wire::GenerateDataKeyRequest> {
    let mut params = wire::GenerateDataKeyRequest {
        key_id: Some(reference(&request.key_id)?.to_owned()),
        encryption_context: context(request.encryption_context.as_deref())?,
        ..Default::default()
    };
    match request.length {
        // A spec Alibaba does not name (SM4, HMAC keys) is its length in
        // bytes: a data key is that many random bytes.
        DataKeyLength::Spec(spec) => match spec.spelling(crate::spec::Vendor::Alibaba) {
            Some(name) => params.key_spec = Some(name.to_owned()),
            None => params.number_of_bytes = Some(spec.byte_len() as i64),
        },
        DataKeyLength::Bytes(n) => {
            if n == 0 || n > limits::MAX_RANDOM_BYTES {
                return Err(Error::invalid_argument(
                    "number of bytes",
                    format!("{n}; from 1 to {}", limits::MAX_RANDOM_BYTES),
                ));
            }
            params.number_of_bytes = Some(n as i64);
        }
    }
    Ok(params)
}

pub(super) async fn generate_data_key(
    kms: &Inner,
    request: GenerateDataKeyRequest<'_>,
) -> Result<DataKey> {
    const OP: &str = "GenerateDataKey";
    let out: wire::GenerateDataKeyResponse = kms.call(OP, &data_key_params(&request)?).await?;
    Ok(DataKey::new(
        SecretBytes::new(bytes(Some(&out.plaintext), OP, "Plaintext")?),
        bytes(Some(&out.ciphertext_blob), OP, "CiphertextBlob")?,
        key_id(Some(&out.key_id), OP)?,
    ))
}

pub(super) async fn generate_data_key_without_plaintext(
    kms: &Inner,
    request: GenerateDataKeyRequest<'_>,
) -> Result<EncryptedDataKey> {
    const OP: &str = "GenerateDataKeyWithoutPlaintext";
    let params = data_key_params(&request)?;
    let params = wire::GenerateDataKeyWithoutPlaintextRequest {
        key_id: params.key_id,
        encryption_context: params.encryption_context,
        key_spec: params.key_spec,
        number_of_bytes: params.number_of_bytes,
        ..Default::default()
    };
    let out: wire::CiphertextResponse = kms.call(OP, &params).await?;
    Ok(EncryptedDataKey::new(
        bytes(Some(&out.ciphertext_blob), OP, "CiphertextBlob")?,
        key_id(Some(&out.key_id), OP)?,
    ))
}

/// The `Digest` to send for a signing request, with the key and version.
async fn signing_input(
    kms: &Inner,
    operation: &str,
    key: &str,
    algorithm: crate::SigningAlgorithm,
    kind: crate::MessageType,
    message: &[u8],
) -> Result<(KeyId, String, Vec<u8>)> {
    // The key first, as every provider checks it (state, usage, the
    // algorithm against its spec); then the message.
    let (meta, wire) = describe(kms, reference(key)?).await?;
    let allowed = meta.key_spec.signing_algorithms().contains(&algorithm);
    let usage = crate::KeyUsage::SignVerify;
    usable(&meta, operation, usage, allowed, algorithm)?;
    if !algorithm.message_types().contains(&kind) {
        return Err(Error::AlgorithmNotAllowed {
            key_id: meta.key_id,
            spec: meta.key_spec,
            algorithm: format!("{algorithm} with message type {kind}"),
        });
    }
    let input = digest::input(operation, algorithm, kind, message)?;
    let version = primary_version(wire)?;
    let digest = match input {
        Input::Digest(d) => d.to_vec(),
        Input::Hash(m) => digest::hash(algorithm, m),
        Input::Sm2(m) => {
            let public = public_key_of(kms, meta.key_id.as_str(), &version).await?;
            digest::sm2_digest(&public, m)?
        }
    };
    Ok((meta.key_id, version, digest))
}

/// `AsymmetricSign` over the digest (RAW messages hashed here: see the
/// [module documentation](super)).
pub(super) async fn sign(kms: &Inner, request: SignRequest<'_>) -> Result<SignResponse> {
    const OP: &str = "AsymmetricSign";
    let (id, version, digest) = signing_input(
        kms,
        "Sign",
        &request.key_id,
        request.algorithm,
        request.message_type,
        &request.message,
    )
    .await?;
    let params = wire::AsymmetricSignRequest {
        key_id: Some(id.to_string()),
        key_version_id: Some(version),
        algorithm: Some(spelled(request.algorithm)),
        digest: Some(b64(&digest)),
        ..Default::default()
    };
    let out: wire::AsymmetricSignResponse = kms.call(OP, &params).await?;
    let signature = bytes(Some(&out.value), OP, "Value")?;
    Ok(SignResponse::new(signature, id, request.algorithm))
}

/// `AsymmetricVerify`; Alibaba answers `Value: false` for a signature that
/// does not verify, an error of kind
/// [`InvalidSignature`](crate::ErrorKind::InvalidSignature) here.
pub(super) async fn verify(kms: &Inner, request: VerifyRequest<'_>) -> Result<VerifyResponse> {
    const OP: &str = "AsymmetricVerify";
    length("signature", request.signature.len(), limits::MAX_SIGNATURE)?;
    let (id, version, digest) = signing_input(
        kms,
        "Verify",
        &request.key_id,
        request.algorithm,
        request.message_type,
        &request.message,
    )
    .await?;
    let params = wire::AsymmetricVerifyRequest {
        key_id: Some(id.to_string()),
        key_version_id: Some(version),
        algorithm: Some(spelled(request.algorithm)),
        digest: Some(b64(&digest)),
        value: Some(b64(&request.signature)),
        ..Default::default()
    };
    let out: wire::AsymmetricVerifyResponse = kms.call(OP, &params).await?;
    if !out.value {
        return Err(Error::InvalidSignature);
    }
    Ok(VerifyResponse::new(id, request.algorithm))
}

/// The DER SubjectPublicKeyInfo of a version of a key, from
/// `GetPublicKey`'s PEM.
async fn public_key_of(kms: &Inner, key: &str, version: &str) -> Result<Vec<u8>> {
    const OP: &str = "GetPublicKey";
    let params = wire::GetPublicKeyRequest {
        key_id: Some(key.to_owned()),
        key_version_id: Some(version.to_owned()),
        ..Default::default()
    };
    let out: wire::GetPublicKeyResponse = kms.call(OP, &params).await?;
    let pem = required(Some(&out.public_key), OP, "PublicKey")?;
    let (label, der) = spki::der::pem::decode_vec(pem.trim().as_bytes()).map_err(|e| {
        Error::from(RemoteError::new(
            ErrorKind::Transport,
            format!("Alibaba Cloud KMS answered {OP} with a PublicKey that is not PEM: {e}"),
        ))
    })?;
    if label != "PUBLIC KEY" {
        return Err(RemoteError::new(
            ErrorKind::Transport,
            format!("Alibaba Cloud KMS answered {OP} with a PEM {label:?}, not a PUBLIC KEY"),
        )
        .into());
    }
    Ok(der)
}

/// The primary version's public key, as DER (Alibaba answers PEM).
pub(super) async fn get_public_key(kms: &Inner, key: &str) -> Result<PublicKeyInfo> {
    let (meta, wire) = describe(kms, reference(key)?).await?;
    usable(&meta, "GetPublicKey", meta.key_usage, true, "")?;
    let version = primary_version(wire)?;
    let der = public_key_of(kms, meta.key_id.as_str(), &version).await?;
    Ok(PublicKeyInfo::new(
        meta.key_id,
        der,
        meta.key_spec,
        meta.key_usage,
    ))
}

pub(super) async fn generate_mac(
    kms: &Inner,
    request: GenerateMacRequest<'_>,
) -> Result<MacResponse> {
    const OP: &str = "GenerateMac";
    length("message", request.message.len(), limits::MAX_MAC_MESSAGE)?;
    let params = wire::GenerateMacRequest {
        key_id: Some(reference(&request.key_id)?.to_owned()),
        algorithm: Some(spelled(request.algorithm)),
        message: Some(b64(&request.message)),
        ..Default::default()
    };
    let out: wire::GenerateMacResponse = kms.call(OP, &params).await?;
    Ok(MacResponse::new(
        bytes(Some(&out.mac), OP, "Mac")?,
        key_id(Some(&out.key_id), OP)?,
        request.algorithm,
    ))
}

/// `VerifyMac`; Alibaba answers `Value: false` for a MAC that does not
/// verify, an error of kind [`InvalidMac`](crate::ErrorKind::InvalidMac)
/// here.
pub(super) async fn verify_mac(
    kms: &Inner,
    request: VerifyMacRequest<'_>,
) -> Result<VerifyMacResponse> {
    const OP: &str = "VerifyMac";
    length("message", request.message.len(), limits::MAX_MAC_MESSAGE)?;
    length("MAC", request.mac.len(), limits::MAX_MAC)?;
    let params = wire::VerifyMacRequest {
        key_id: Some(reference(&request.key_id)?.to_owned()),
        algorithm: Some(spelled(request.algorithm)),
        message: Some(b64(&request.message)),
        mac: Some(b64(&request.mac)),
        ..Default::default()
    };
    let out: wire::VerifyMacResponse = kms.call(OP, &params).await?;
    if !out.value {
        return Err(Error::InvalidMac);
    }
    Ok(VerifyMacResponse::new(
        key_id(Some(&out.key_id), OP)?,
        request.algorithm,
    ))
}
