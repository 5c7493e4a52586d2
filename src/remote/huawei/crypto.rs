//! Cryptographic operations: `encrypt-data` to `derive-shared-secret`.
//!
//! Inputs are checked against the crate's size limits before anything is
//! sent. Operations on asymmetric keys describe the key first and make
//! the checks every provider makes (state, usage, the algorithm against
//! the spec), so that they fail with the same error everywhere.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::Inner;
use super::convert::{aad, b64, bytes, hex, key_id, public_key_der, reference, spelled};
use super::keys::{describe_key, key_of};
use crate::engine::validate::length;
use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::remote::shared::usable;
use crate::spec::limits;
use crate::wire::huawei::{self as wire, KeyIdRequest};
use crate::{
    DataKey, DataKeyLength, DataKeyPair, DataKeyPairSpec, DecryptRequest, DecryptResponse,
    DeriveSharedSecretRequest, DeriveSharedSecretResponse, EncryptRequest, EncryptResponse,
    EncryptedDataKey, EncryptedDataKeyPair, EncryptionAlgorithm, GenerateDataKeyPairRequest,
    GenerateDataKeyRequest, GenerateMacRequest, GenerateRandomRequest, KeyMetadata, KeyUsage,
    MacResponse, MessageType, PublicKeyInfo, ReEncryptRequest, ReEncryptResponse, SecretBytes,
    SignRequest, SignResponse, SigningAlgorithm, VerifyMacRequest, VerifyMacResponse,
    VerifyRequest, VerifyResponse,
};

/// The key a request names, described and checked for `operation` with
/// an encryption algorithm.
async fn encryption_key(
    kms: &Inner,
    key: &str,
    operation: &str,
    algorithm: EncryptionAlgorithm,
) -> Result<KeyMetadata> {
    let meta = describe_key(kms, key).await?;
    let allowed = meta.key_spec.encryption_algorithms().contains(&algorithm);
    usable(
        &meta,
        operation,
        KeyUsage::EncryptDecrypt,
        allowed,
        algorithm,
    )?;
    Ok(meta)
}

/// The plaintext of `decrypt-data`: this provider encrypts the base64
/// text of the bytes (Huawei's `plain_text` is text), so it reads the
/// bytes decrypted (`plain_text_base64`) as base64 text.
fn plaintext_of(answer: &wire::DecryptDataResponse) -> Result<SecretBytes> {
    const NAME: &str = "decrypt-data";
    let decrypted = bytes(&answer.plain_text_base64, NAME, "plain_text_base64")?;
    STANDARD
        .decode(&decrypted)
        .map(SecretBytes::new)
        .map_err(|_| {
            RemoteError::new(
                ErrorKind::InvalidCiphertext,
                "Huawei Cloud KMS decrypt-data: the plaintext is not base64 text, so polykms's \
                 encrypt did not make the ciphertext (a data key's decrypts with decrypt-datakey)",
            )
            .into()
        })
}

/// The largest plaintext: Huawei's `plain_text` holds at most 4096
/// characters, and the base64 text of 3072 bytes is 4096 characters.
const MAX_PLAINTEXT: usize = 3072;

/// `encrypt-data` with the base64 text of the plaintext as `plain_text`
/// (see the [module documentation](super)), so at most [`MAX_PLAINTEXT`]
/// bytes.
pub(super) async fn encrypt(kms: &Inner, request: EncryptRequest<'_>) -> Result<EncryptResponse> {
    const NAME: &str = "encrypt-data";
    length(
        "plaintext",
        request.plaintext.len(),
        limits::MAX_SYMMETRIC_PLAINTEXT,
    )?;
    if request.plaintext.len() > MAX_PLAINTEXT {
        return Err(Error::invalid_argument(
            "plaintext",
            format!(
                "{} bytes; Huawei Cloud KMS encrypts at most {MAX_PLAINTEXT} (its plain_text \
                 holds 4096 characters, the plaintext's base64)",
                request.plaintext.len()
            ),
        ));
    }
    let symmetric = request.algorithm == EncryptionAlgorithm::SymmetricDefault;
    let key = if symmetric {
        reference(&request.key_id)?
    } else {
        if request.encryption_context.is_some() {
            return Err(Error::invalid_argument(
                "encryption context",
                "asymmetric encryption takes no encryption context",
            ));
        }
        let meta = encryption_key(kms, &request.key_id, "Encrypt", request.algorithm).await?;
        meta.key_id.to_string()
    };
    let body = wire::EncryptDataRequest {
        key_id: Some(key),
        plain_text: Some(b64(&request.plaintext)),
        encryption_algorithm: Some(spelled(request.algorithm)),
        additional_authenticated_data: aad(request.encryption_context.as_deref())?,
        ..Default::default()
    };
    let out: wire::EncryptDataResponse = kms.post(NAME, &body).await?;
    Ok(EncryptResponse::new(
        bytes(&out.cipher_text, NAME, "cipher_text")?,
        key_id(&out.key_id, NAME)?,
        None,
        request.algorithm,
    ))
}

/// `decrypt-data`; a key the request names is checked first (and must be
/// the key that decrypted: [`Error::IncorrectKey`] otherwise).
pub(super) async fn decrypt(kms: &Inner, request: DecryptRequest<'_>) -> Result<DecryptResponse> {
    const NAME: &str = "decrypt-data";
    length(
        "ciphertext blob",
        request.ciphertext_blob.len(),
        limits::MAX_CIPHERTEXT,
    )?;
    let named = match request.key_id.as_deref() {
        Some(key) => Some(encryption_key(kms, key, "Decrypt", request.algorithm).await?),
        None if request.algorithm != EncryptionAlgorithm::SymmetricDefault => {
            return Err(Error::invalid_argument(
                "key id",
                "Huawei Cloud KMS decrypts an asymmetric ciphertext only with its key named",
            ));
        }
        None => None,
    };
    let body = wire::DecryptDataRequest {
        cipher_text: Some(b64(&request.ciphertext_blob)),
        encryption_algorithm: Some(spelled(request.algorithm)),
        // A symmetric ciphertext names its key: the key named is compared
        // with the one that decrypted (Huawei's KMS.2201 would not say
        // which key it was).
        key_id: named
            .as_ref()
            .filter(|_| request.algorithm != EncryptionAlgorithm::SymmetricDefault)
            .map(|m| m.key_id.to_string()),
        additional_authenticated_data: aad(request.encryption_context.as_deref())?,
        ..Default::default()
    };
    let out: wire::DecryptDataResponse = kms.post(NAME, &body).await?;
    let id = key_id(&out.key_id, NAME)?;
    if let Some(meta) = &named
        && meta.key_id != id
    {
        return Err(Error::IncorrectKey {
            key_id: meta.key_id.clone(),
        });
    }
    Ok(DecryptResponse::new(
        plaintext_of(&out)?,
        id,
        None,
        request.algorithm,
    ))
}

/// `re-encrypt`: the ciphertext (base64) from its key to the destination
/// key, with both algorithms and both encryption contexts.
pub(super) async fn re_encrypt(
    kms: &Inner,
    request: ReEncryptRequest<'_>,
) -> Result<ReEncryptResponse> {
    const NAME: &str = "re-encrypt";
    let source = &request.source;
    length(
        "ciphertext blob",
        source.ciphertext_blob.len(),
        limits::MAX_CIPHERTEXT,
    )?;
    let source_key = match source.key_id.as_deref() {
        Some(key) => Some(key_of(kms, key).await?),
        None if source.algorithm != EncryptionAlgorithm::SymmetricDefault => {
            return Err(Error::invalid_argument(
                "key id",
                "Huawei Cloud KMS re-encrypts an asymmetric ciphertext only with its key named",
            ));
        }
        None => None,
    };
    let body = wire::ReEncryptRequest {
        source_key_id: source_key,
        source_additional_authenticated_data: aad(source.encryption_context.as_deref())?,
        source_encryption_algorithm: Some(spelled(source.algorithm)),
        destination_key_id: Some(key_of(kms, &request.destination_key_id).await?),
        destination_additional_authenticated_data: aad(request
            .destination_encryption_context
            .as_deref())?,
        destination_encryption_algorithm: Some(spelled(request.destination_algorithm)),
        cipher_text: Some(b64(&source.ciphertext_blob)),
        ..Default::default()
    };
    let out: wire::ReEncryptResponse = kms.post(NAME, &body).await?;
    Ok(ReEncryptResponse::new(
        bytes(&out.cipher_text, NAME, "cipher_text")?,
        key_id(&out.source_key_id, NAME)?,
        None,
        key_id(&out.key_id, NAME)?,
        None,
        source.algorithm,
        request.destination_algorithm,
    ))
}

/// The body of `create-datakey(-without-plaintext)`: the length always in
/// bits (`datakey_length`; a spec is its length).
fn datakey_body(request: &GenerateDataKeyRequest<'_>) -> Result<wire::CreateDatakeyRequest> {
    let bytes = match request.length {
        DataKeyLength::Spec(spec) => spec.byte_len(),
        DataKeyLength::Bytes(n) => n,
    };
    if bytes == 0 || bytes > limits::MAX_RANDOM_BYTES {
        return Err(Error::invalid_argument(
            "number of bytes",
            format!("{bytes}; from 1 to {}", limits::MAX_RANDOM_BYTES),
        ));
    }
    Ok(wire::CreateDatakeyRequest {
        key_id: Some(reference(&request.key_id)?),
        datakey_length: Some((bytes * 8).to_string()),
        additional_authenticated_data: aad(request.encryption_context.as_deref())?,
        ..Default::default()
    })
}

/// `create-datakey`: plaintext and ciphertext in hex, the ciphertext
/// blob its bytes.
pub(super) async fn generate_data_key(
    kms: &Inner,
    request: GenerateDataKeyRequest<'_>,
) -> Result<DataKey> {
    const NAME: &str = "create-datakey";
    let out: wire::CreateDatakeyResponse = kms.post(NAME, &datakey_body(&request)?).await?;
    Ok(DataKey::new(
        SecretBytes::new(hex(&out.plain_text, NAME, "plain_text")?),
        hex(&out.cipher_text, NAME, "cipher_text")?,
        key_id(&out.key_id, NAME)?,
    ))
}

pub(super) async fn generate_data_key_without_plaintext(
    kms: &Inner,
    request: GenerateDataKeyRequest<'_>,
) -> Result<EncryptedDataKey> {
    const NAME: &str = "create-datakey-without-plaintext";
    let out: wire::CreateDatakeyWithoutPlaintextResponse =
        kms.post(NAME, &datakey_body(&request)?).await?;
    Ok(EncryptedDataKey::new(
        hex(&out.cipher_text, NAME, "cipher_text")?,
        key_id(&out.key_id, NAME)?,
    ))
}

/// The endpoint for a data key pair spec: RSA pairs and the others (EC,
/// SM2).
fn pair_endpoint(spec: DataKeyPairSpec) -> &'static str {
    if spelled(spec).starts_with("RSA") {
        "create-rsa-datakey-pair"
    } else {
        "create-ec-datakey-pair"
    }
}

/// `create-rsa-datakey-pair` or `create-ec-datakey-pair`.
async fn datakey_pair(
    kms: &Inner,
    request: &GenerateDataKeyPairRequest<'_>,
    with_plain_text: bool,
) -> Result<(&'static str, wire::DatakeyPairResponse)> {
    let name = pair_endpoint(request.key_pair_spec);
    let key = reference(&request.key_id)?;
    let context = aad(request.encryption_context.as_deref())?;
    let spec = spelled(request.key_pair_spec);
    let out: wire::DatakeyPairResponse = if name == "create-rsa-datakey-pair" {
        let body = wire::CreateRsaDatakeyPairRequest {
            key_id: Some(key),
            key_spec: Some(spec),
            with_plain_text: Some(with_plain_text),
            additional_authenticated_data: context,
            ..Default::default()
        };
        kms.post(name, &body).await?
    } else {
        let body = wire::CreateEcDatakeyPairRequest {
            key_id: Some(key),
            key_spec: Some(spec),
            with_plain_text: Some(with_plain_text),
            additional_authenticated_data: context,
            ..Default::default()
        };
        kms.post(name, &body).await?
    };
    Ok((name, out))
}

pub(super) async fn generate_data_key_pair(
    kms: &Inner,
    request: GenerateDataKeyPairRequest<'_>,
) -> Result<DataKeyPair> {
    let (name, out) = datakey_pair(kms, &request, true).await?;
    let private = out.private_key_plain_text.as_deref().unwrap_or_default();
    let cipher = out.private_key_cipher_text.as_deref().unwrap_or_default();
    Ok(DataKeyPair::new(
        SecretBytes::new(bytes(private, name, "private_key_plain_text")?),
        bytes(cipher, name, "private_key_cipher_text")?,
        public_key_der(&out.public_key, name)?,
        key_id(&out.key_id, name)?,
        request.key_pair_spec,
    ))
}

pub(super) async fn generate_data_key_pair_without_plaintext(
    kms: &Inner,
    request: GenerateDataKeyPairRequest<'_>,
) -> Result<EncryptedDataKeyPair> {
    let (name, out) = datakey_pair(kms, &request, false).await?;
    let cipher = out.private_key_cipher_text.as_deref().unwrap_or_default();
    Ok(EncryptedDataKeyPair::new(
        bytes(cipher, name, "private_key_cipher_text")?,
        public_key_der(&out.public_key, name)?,
        key_id(&out.key_id, name)?,
        request.key_pair_spec,
    ))
}

/// The key of a signing request, described and checked; then the
/// message against its type (a digest's length for the algorithm).
async fn signing_key(
    kms: &Inner,
    operation: &str,
    key: &str,
    algorithm: SigningAlgorithm,
    kind: MessageType,
    message: &[u8],
) -> Result<KeyMetadata> {
    let meta = describe_key(kms, key).await?;
    let allowed = meta.key_spec.signing_algorithms().contains(&algorithm);
    usable(&meta, operation, KeyUsage::SignVerify, allowed, algorithm)?;
    if !algorithm.message_types().contains(&kind) {
        return Err(Error::AlgorithmNotAllowed {
            key_id: meta.key_id,
            spec: meta.key_spec,
            algorithm: format!("{algorithm} with message type {kind}"),
        });
    }
    match kind {
        MessageType::Raw => length("message", message.len(), limits::MAX_SIGN_MESSAGE)?,
        MessageType::Digest if message.len() != algorithm.digest_len() => {
            return Err(Error::invalid_argument(
                "message",
                format!(
                    "a {algorithm} digest is {} bytes, not {}",
                    algorithm.digest_len(),
                    message.len()
                ),
            ));
        }
        MessageType::Digest => {}
        other => {
            return Err(super::unsupported_with(
                operation,
                &format!("message type {other}"),
                "Huawei Cloud KMS signs DIGEST and RAW messages",
            ));
        }
    }
    Ok(meta)
}

/// `sign`, the message (base64) with its `message_type`, `DIGEST` or
/// `RAW`, as the request gives it.
pub(super) async fn sign(kms: &Inner, request: SignRequest<'_>) -> Result<SignResponse> {
    const NAME: &str = "sign";
    let meta = signing_key(
        kms,
        "Sign",
        &request.key_id,
        request.algorithm,
        request.message_type,
        &request.message,
    )
    .await?;
    let body = wire::SignRequest {
        key_id: Some(meta.key_id.to_string()),
        message: Some(b64(&request.message)),
        signing_algorithm: Some(spelled(request.algorithm)),
        message_type: Some(spelled(request.message_type)),
        ..Default::default()
    };
    let out: wire::SignResponse = kms.post(NAME, &body).await?;
    Ok(SignResponse::new(
        bytes(&out.signature, NAME, "signature")?,
        meta.key_id,
        request.algorithm,
    ))
}

/// `verify`; `signature_valid` `"false"` is [`Error::InvalidSignature`].
pub(super) async fn verify(kms: &Inner, request: VerifyRequest<'_>) -> Result<VerifyResponse> {
    const NAME: &str = "verify";
    length("signature", request.signature.len(), limits::MAX_SIGNATURE)?;
    let meta = signing_key(
        kms,
        "Verify",
        &request.key_id,
        request.algorithm,
        request.message_type,
        &request.message,
    )
    .await?;
    let body = wire::VerifyRequest {
        key_id: Some(meta.key_id.to_string()),
        message: Some(b64(&request.message)),
        signature: Some(b64(&request.signature)),
        signing_algorithm: Some(spelled(request.algorithm)),
        message_type: Some(spelled(request.message_type)),
        ..Default::default()
    };
    let out: wire::VerifyResponse = kms.post(NAME, &body).await?;
    if !out.signature_valid.eq_ignore_ascii_case("true") {
        return Err(Error::InvalidSignature);
    }
    Ok(VerifyResponse::new(meta.key_id, request.algorithm))
}

/// `get-publickey`, PEM (or base64 DER) read as DER.
pub(super) async fn get_public_key(kms: &Inner, key: &str) -> Result<PublicKeyInfo> {
    const NAME: &str = "get-publickey";
    let meta = describe_key(kms, key).await?;
    usable(&meta, "GetPublicKey", meta.key_usage, true, "")?;
    let body = KeyIdRequest::new(meta.key_id.to_string());
    let out: wire::GetPublicKeyResponse = kms.post(NAME, &body).await?;
    Ok(PublicKeyInfo::new(
        meta.key_id,
        public_key_der(&out.public_key, NAME)?,
        meta.key_spec,
        meta.key_usage,
    ))
}

/// `derive-shared-secret`, the peer's key as base64 DER.
pub(super) async fn derive_shared_secret(
    kms: &Inner,
    request: DeriveSharedSecretRequest<'_>,
) -> Result<DeriveSharedSecretResponse> {
    const NAME: &str = "derive-shared-secret";
    length(
        "public key",
        request.public_key.len(),
        limits::MAX_PUBLIC_KEY,
    )?;
    let meta = describe_key(kms, &request.key_id).await?;
    let allowed = meta
        .key_spec
        .key_agreement_algorithms()
        .contains(&request.algorithm);
    usable(
        &meta,
        "DeriveSharedSecret",
        KeyUsage::KeyAgreement,
        allowed,
        request.algorithm,
    )?;
    let body = wire::DeriveSharedSecretRequest {
        key_id: Some(meta.key_id.to_string()),
        key_agreement_algorithm: Some(spelled(request.algorithm)),
        public_key: Some(b64(&request.public_key)),
        ..Default::default()
    };
    let out: wire::DeriveSharedSecretResponse = kms.post(NAME, &body).await?;
    let secret = out.shared_secret.as_deref().unwrap_or_default();
    Ok(DeriveSharedSecretResponse::new(
        SecretBytes::new(bytes(secret, NAME, "shared_secret")?),
        meta.key_id,
        request.algorithm,
        meta.origin,
    ))
}

pub(super) async fn generate_mac(
    kms: &Inner,
    request: GenerateMacRequest<'_>,
) -> Result<MacResponse> {
    const NAME: &str = "generate-mac";
    length("message", request.message.len(), limits::MAX_MAC_MESSAGE)?;
    let body = wire::GenerateMacRequest {
        key_id: Some(reference(&request.key_id)?),
        mac_algorithm: Some(spelled(request.algorithm)),
        message: Some(b64(&request.message)),
    };
    let out: wire::GenerateMacResponse = kms.post(NAME, &body).await?;
    Ok(MacResponse::new(
        bytes(&out.mac, NAME, "mac")?,
        key_id(&out.key_id, NAME)?,
        request.algorithm,
    ))
}

/// `verify-mac`; `mac_valid` `false` is [`Error::InvalidMac`].
pub(super) async fn verify_mac(
    kms: &Inner,
    request: VerifyMacRequest<'_>,
) -> Result<VerifyMacResponse> {
    const NAME: &str = "verify-mac";
    length("message", request.message.len(), limits::MAX_MAC_MESSAGE)?;
    length("MAC", request.mac.len(), limits::MAX_MAC)?;
    let body = wire::VerifyMacRequest {
        key_id: Some(reference(&request.key_id)?),
        mac_algorithm: Some(spelled(request.algorithm)),
        message: Some(b64(&request.message)),
        mac: Some(b64(&request.mac)),
    };
    let out: wire::VerifyMacResponse = kms.post(NAME, &body).await?;
    if !out.mac_valid {
        return Err(Error::InvalidMac);
    }
    Ok(VerifyMacResponse::new(
        key_id(&out.key_id, NAME)?,
        request.algorithm,
    ))
}

/// `gen-random`: the length in bits, the answer in hex.
pub(super) async fn generate_random(
    kms: &Inner,
    request: GenerateRandomRequest,
) -> Result<SecretBytes> {
    const NAME: &str = "gen-random";
    let n = request.number_of_bytes;
    if n == 0 || n > limits::MAX_RANDOM_BYTES {
        return Err(Error::invalid_argument(
            "number of bytes",
            format!("{n}; from 1 to {}", limits::MAX_RANDOM_BYTES),
        ));
    }
    let body = wire::GenRandomRequest {
        random_data_length: Some((n * 8).to_string()),
        ..Default::default()
    };
    let out: wire::GenRandomResponse = kms.post(NAME, &body).await?;
    let random = hex(&out.random_data, NAME, "random_data")?;
    if random.len() != n {
        return Err(super::convert::malformed(
            NAME,
            format_args!("{} random bytes, not {n}", random.len()),
        ));
    }
    Ok(SecretBytes::new(random))
}
