//! Cryptographic operations: `Encrypt` to `GenerateRandom`, and
//! `DeriveSharedSecret`.
//!
//! Inputs are checked against AWS KMS's documented size limits (the
//! crate's [`limits`]) before anything is sent: an oversized one fails as it
//! does with every provider, and megabytes never cross the network to be
//! refused.

use aws_sdk_kms::Client;

use super::convert::{
    all_from_sdk, answered_key, blob, bytes, context, from_sdk, int, reference, required, to_sdk,
};
use super::remote_error;
use crate::engine::validate::length;
use crate::error::Result;
use crate::spec::limits;
use crate::{
    DataKey, DataKeyLength, DataKeyPair, DecryptRequest, DecryptResponse,
    DeriveSharedSecretRequest, DeriveSharedSecretResponse, EncryptRequest, EncryptResponse,
    EncryptedDataKey, EncryptedDataKeyPair, EncryptionAlgorithm, GenerateDataKeyPairRequest,
    GenerateDataKeyRequest, GenerateMacRequest, GenerateRandomRequest, KeySpec, KeyUsage,
    MacResponse, PublicKeyInfo, ReEncryptRequest, ReEncryptResponse, SecretBytes, SignRequest,
    SignResponse, VerifyMacRequest, VerifyMacResponse, VerifyRequest, VerifyResponse,
};

/// The algorithm AWS answered with, or the one asked for when it left it out.
fn algorithm<T: crate::spec::Vocabulary>(
    answered: Option<&impl AsRef<str>>,
    asked: T,
) -> Result<T> {
    answered.map_or(Ok(asked), from_sdk)
}

pub(super) async fn encrypt(
    client: &Client,
    request: EncryptRequest<'_>,
) -> Result<EncryptResponse> {
    const OP: &str = "Encrypt";
    let plaintext = request.plaintext.len();
    length("plaintext", plaintext, limits::MAX_SYMMETRIC_PLAINTEXT)?;
    let out = client
        .encrypt()
        .key_id(reference(&request.key_id)?)
        .plaintext(blob(&request.plaintext))
        .set_encryption_context(context(request.encryption_context.as_deref())?)
        .encryption_algorithm(to_sdk(request.algorithm))
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    Ok(EncryptResponse::new(
        bytes(out.ciphertext_blob(), OP, "CiphertextBlob")?,
        answered_key(out.key_id(), OP)?,
        None,
        algorithm(out.encryption_algorithm(), request.algorithm)?,
    ))
}

pub(super) async fn decrypt(
    client: &Client,
    request: DecryptRequest<'_>,
) -> Result<DecryptResponse> {
    const OP: &str = "Decrypt";
    let ciphertext = request.ciphertext_blob.len();
    length("ciphertext blob", ciphertext, limits::MAX_CIPHERTEXT)?;
    let out = client
        .decrypt()
        .ciphertext_blob(blob(&request.ciphertext_blob))
        .set_key_id(request.key_id.as_deref().map(str::to_owned))
        .set_encryption_context(context(request.encryption_context.as_deref())?)
        .encryption_algorithm(to_sdk(request.algorithm))
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    Ok(DecryptResponse::new(
        SecretBytes::new(bytes(out.plaintext(), OP, "Plaintext")?),
        answered_key(out.key_id(), OP)?,
        None,
        algorithm(out.encryption_algorithm(), request.algorithm)?,
    ))
}

pub(super) async fn re_encrypt(
    client: &Client,
    request: ReEncryptRequest<'_>,
) -> Result<ReEncryptResponse> {
    const OP: &str = "ReEncrypt";
    let source = &request.source;
    let ciphertext = source.ciphertext_blob.len();
    length("ciphertext blob", ciphertext, limits::MAX_CIPHERTEXT)?;
    let out = client
        .re_encrypt()
        .ciphertext_blob(blob(&source.ciphertext_blob))
        .set_source_key_id(source.key_id.as_deref().map(str::to_owned))
        .set_source_encryption_context(context(source.encryption_context.as_deref())?)
        .source_encryption_algorithm(to_sdk(source.algorithm))
        .destination_key_id(reference(&request.destination_key_id)?)
        .set_destination_encryption_context(context(
            request.destination_encryption_context.as_deref(),
        )?)
        .destination_encryption_algorithm(to_sdk(request.destination_algorithm))
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    let source_key = required(out.source_key_id(), OP, "SourceKeyId")?;
    Ok(ReEncryptResponse::new(
        bytes(out.ciphertext_blob(), OP, "CiphertextBlob")?,
        super::convert::key_id(source_key)?,
        None,
        answered_key(out.key_id(), OP)?,
        None,
        algorithm(out.source_encryption_algorithm(), source.algorithm)?,
        algorithm(
            out.destination_encryption_algorithm(),
            request.destination_algorithm,
        )?,
    ))
}

pub(super) async fn generate_data_key(
    client: &Client,
    request: GenerateDataKeyRequest<'_>,
) -> Result<DataKey> {
    const OP: &str = "GenerateDataKey";
    let call = client
        .generate_data_key()
        .key_id(reference(&request.key_id)?)
        .set_encryption_context(context(request.encryption_context.as_deref())?);
    let call = match request.length {
        DataKeyLength::Spec(spec) => call.key_spec(to_sdk(spec)),
        DataKeyLength::Bytes(n) => call.number_of_bytes(int(n, "number of bytes")?),
    };
    let out = call.send().await.map_err(|e| remote_error(OP, e))?;
    Ok(DataKey::new(
        SecretBytes::new(bytes(out.plaintext(), OP, "Plaintext")?),
        bytes(out.ciphertext_blob(), OP, "CiphertextBlob")?,
        answered_key(out.key_id(), OP)?,
    ))
}

pub(super) async fn generate_data_key_without_plaintext(
    client: &Client,
    request: GenerateDataKeyRequest<'_>,
) -> Result<EncryptedDataKey> {
    const OP: &str = "GenerateDataKeyWithoutPlaintext";
    let call = client
        .generate_data_key_without_plaintext()
        .key_id(reference(&request.key_id)?)
        .set_encryption_context(context(request.encryption_context.as_deref())?);
    let call = match request.length {
        DataKeyLength::Spec(spec) => call.key_spec(to_sdk(spec)),
        DataKeyLength::Bytes(n) => call.number_of_bytes(int(n, "number of bytes")?),
    };
    let out = call.send().await.map_err(|e| remote_error(OP, e))?;
    Ok(EncryptedDataKey::new(
        bytes(out.ciphertext_blob(), OP, "CiphertextBlob")?,
        answered_key(out.key_id(), OP)?,
    ))
}

pub(super) async fn generate_data_key_pair(
    client: &Client,
    request: GenerateDataKeyPairRequest<'_>,
) -> Result<DataKeyPair> {
    const OP: &str = "GenerateDataKeyPair";
    let out = client
        .generate_data_key_pair()
        .key_id(reference(&request.key_id)?)
        .key_pair_spec(to_sdk(request.key_pair_spec))
        .set_encryption_context(context(request.encryption_context.as_deref())?)
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    Ok(DataKeyPair::new(
        SecretBytes::new(bytes(
            out.private_key_plaintext(),
            OP,
            "PrivateKeyPlaintext",
        )?),
        bytes(
            out.private_key_ciphertext_blob(),
            OP,
            "PrivateKeyCiphertextBlob",
        )?,
        bytes(out.public_key(), OP, "PublicKey")?,
        answered_key(out.key_id(), OP)?,
        algorithm(out.key_pair_spec(), request.key_pair_spec)?,
    ))
}

pub(super) async fn generate_data_key_pair_without_plaintext(
    client: &Client,
    request: GenerateDataKeyPairRequest<'_>,
) -> Result<EncryptedDataKeyPair> {
    const OP: &str = "GenerateDataKeyPairWithoutPlaintext";
    let out = client
        .generate_data_key_pair_without_plaintext()
        .key_id(reference(&request.key_id)?)
        .key_pair_spec(to_sdk(request.key_pair_spec))
        .set_encryption_context(context(request.encryption_context.as_deref())?)
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    Ok(EncryptedDataKeyPair::new(
        bytes(
            out.private_key_ciphertext_blob(),
            OP,
            "PrivateKeyCiphertextBlob",
        )?,
        bytes(out.public_key(), OP, "PublicKey")?,
        answered_key(out.key_id(), OP)?,
        algorithm(out.key_pair_spec(), request.key_pair_spec)?,
    ))
}

pub(super) async fn sign(client: &Client, request: SignRequest<'_>) -> Result<SignResponse> {
    const OP: &str = "Sign";
    length("message", request.message.len(), limits::MAX_SIGN_MESSAGE)?;
    let out = client
        .sign()
        .key_id(reference(&request.key_id)?)
        .message(blob(&request.message))
        .message_type(to_sdk(request.message_type))
        .signing_algorithm(to_sdk(request.algorithm))
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    Ok(SignResponse::new(
        bytes(out.signature(), OP, "Signature")?,
        answered_key(out.key_id(), OP)?,
        algorithm(out.signing_algorithm(), request.algorithm)?,
    ))
}

/// A signature that does not verify is AWS's `KMSInvalidSignatureException`,
/// an error of kind [`InvalidSignature`](crate::ErrorKind::InvalidSignature).
pub(super) async fn verify(client: &Client, request: VerifyRequest<'_>) -> Result<VerifyResponse> {
    const OP: &str = "Verify";
    length("message", request.message.len(), limits::MAX_SIGN_MESSAGE)?;
    length("signature", request.signature.len(), limits::MAX_SIGNATURE)?;
    let out = client
        .verify()
        .key_id(reference(&request.key_id)?)
        .message(blob(&request.message))
        .message_type(to_sdk(request.message_type))
        .signing_algorithm(to_sdk(request.algorithm))
        .signature(blob(&request.signature))
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    if !out.signature_valid() {
        // AWS answers an invalid signature with an exception; a `false` it
        // never sends is not taken as a success.
        return Err(crate::Error::InvalidSignature);
    }
    Ok(VerifyResponse::new(
        answered_key(out.key_id(), OP)?,
        algorithm(out.signing_algorithm(), request.algorithm)?,
    ))
}

pub(super) async fn get_public_key(client: &Client, key: &str) -> Result<PublicKeyInfo> {
    const OP: &str = "GetPublicKey";
    let out = client
        .get_public_key()
        .key_id(reference(key)?)
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    let spec: KeySpec = from_sdk(required(out.key_spec(), OP, "KeySpec")?)?;
    let usage: KeyUsage = from_sdk(required(out.key_usage(), OP, "KeyUsage")?)?;
    let mut info = PublicKeyInfo::new(
        answered_key(out.key_id(), OP)?,
        bytes(out.public_key(), OP, "PublicKey")?,
        spec,
        usage,
    );
    info.encryption_algorithms = all_from_sdk::<EncryptionAlgorithm>(out.encryption_algorithms())?;
    info.signing_algorithms = all_from_sdk(out.signing_algorithms())?;
    info.key_agreement_algorithms = all_from_sdk(out.key_agreement_algorithms())?;
    Ok(info)
}

/// The raw shared secret; AWS's `Recipient` (the secret encrypted to a
/// Nitro enclave) is not modelled.
pub(super) async fn derive_shared_secret(
    client: &Client,
    request: DeriveSharedSecretRequest<'_>,
) -> Result<DeriveSharedSecretResponse> {
    const OP: &str = "DeriveSharedSecret";
    length(
        "public key",
        request.public_key.len(),
        limits::MAX_PUBLIC_KEY,
    )?;
    let out = client
        .derive_shared_secret()
        .key_id(reference(&request.key_id)?)
        .key_agreement_algorithm(to_sdk(request.algorithm))
        .public_key(blob(&request.public_key))
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    let origin = match out.key_origin() {
        Some(origin) => from_sdk(origin)?,
        None => crate::Origin::Kms,
    };
    Ok(DeriveSharedSecretResponse::new(
        SecretBytes::new(bytes(out.shared_secret(), OP, "SharedSecret")?),
        answered_key(out.key_id(), OP)?,
        algorithm(out.key_agreement_algorithm(), request.algorithm)?,
        origin,
    ))
}

pub(super) async fn generate_mac(
    client: &Client,
    request: GenerateMacRequest<'_>,
) -> Result<MacResponse> {
    const OP: &str = "GenerateMac";
    length("message", request.message.len(), limits::MAX_MAC_MESSAGE)?;
    let out = client
        .generate_mac()
        .key_id(reference(&request.key_id)?)
        .message(blob(&request.message))
        .mac_algorithm(to_sdk(request.algorithm))
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    Ok(MacResponse::new(
        bytes(out.mac(), OP, "Mac")?,
        answered_key(out.key_id(), OP)?,
        algorithm(out.mac_algorithm(), request.algorithm)?,
    ))
}

/// A MAC that does not verify is AWS's `KMSInvalidMacException`, an error
/// of kind [`InvalidMac`](crate::ErrorKind::InvalidMac).
pub(super) async fn verify_mac(
    client: &Client,
    request: VerifyMacRequest<'_>,
) -> Result<VerifyMacResponse> {
    const OP: &str = "VerifyMac";
    length("message", request.message.len(), limits::MAX_MAC_MESSAGE)?;
    length("MAC", request.mac.len(), limits::MAX_MAC)?;
    let out = client
        .verify_mac()
        .key_id(reference(&request.key_id)?)
        .message(blob(&request.message))
        .mac_algorithm(to_sdk(request.algorithm))
        .mac(blob(&request.mac))
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    if !out.mac_valid() {
        return Err(crate::Error::InvalidMac);
    }
    Ok(VerifyMacResponse::new(
        answered_key(out.key_id(), OP)?,
        algorithm(out.mac_algorithm(), request.algorithm)?,
    ))
}

pub(super) async fn generate_random(
    client: &Client,
    request: GenerateRandomRequest,
) -> Result<SecretBytes> {
    const OP: &str = "GenerateRandom";
    let out = client
        .generate_random()
        .number_of_bytes(int(request.number_of_bytes, "number of bytes")?)
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    Ok(SecretBytes::new(bytes(out.plaintext(), OP, "Plaintext")?))
}
