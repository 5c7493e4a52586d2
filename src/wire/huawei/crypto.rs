//! The shapes of the cryptographic endpoints: `encrypt-data`,
//! `decrypt-data`, the data key endpoints, `re-encrypt`, `sign`, `verify`,
//! `get-publickey`, `generate-mac`, `verify-mac`, `gen-random`, the data
//! key pair endpoints and `derive-shared-secret`.
//!
//! Huawei's encodings differ per endpoint: `encrypt-data` takes text and
//! answers base64, the data key endpoints speak **hex**, `sign`, `verify`
//! and the MAC endpoints take base64; lengths (`datakey_length`,
//! `random_data_length`) are in **bits** and travel as strings, as does
//! `signature_valid`. Request shapes hold every field as an `Option`
//! (nothing is checked here: the server judges); response shapes write
//! every field the SDK reads.

use serde::{Deserialize, Serialize};

/// The body of `encrypt-data`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EncryptDataRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The plaintext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain_text: Option<String>,
    /// The encryption algorithm (`SYMMETRIC_DEFAULT`, `RSAES_OAEP_SHA_256`, `SM2_ENCRYPT`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_algorithm: Option<String>,
    /// Additional authenticated data bound to the ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_authenticated_data: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `encrypt-data`: `cipher_text` is base64.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EncryptDataResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The ciphertext.
    #[serde(default)]
    pub cipher_text: String,
}

/// The body of `decrypt-data`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DecryptDataRequest {
    /// The ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cipher_text: Option<String>,
    /// The encryption algorithm (`SYMMETRIC_DEFAULT`, `RSAES_OAEP_SHA_256`, `SM2_ENCRYPT`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_algorithm: Option<String>,
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Additional authenticated data bound to the ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_authenticated_data: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `decrypt-data`: the plaintext as text and as base64.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DecryptDataResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The plaintext.
    #[serde(default)]
    pub plain_text: String,
    /// The plaintext, base64.
    #[serde(default)]
    pub plain_text_base64: String,
}

/// The body of `create-datakey` and `create-datakey-without-plaintext`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateDatakeyRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key spec (`AES_256`, `SM4`, `RSA_2048`, `EC_P256`, `SM2`, `HMAC_256`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// The data key's length (a string): in bits in `create-datakey`'s body (8 to 8192, or give `key_spec`), in bytes in an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datakey_length: Option<String>,
    /// Additional authenticated data bound to the ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_authenticated_data: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
    /// The PIN (for a key store that needs one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    /// The type of the PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_type: Option<String>,
}

/// The answer to `create-datakey`: `plain_text` and `cipher_text` are hex.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateDatakeyResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The plaintext.
    #[serde(default)]
    pub plain_text: String,
    /// The ciphertext.
    #[serde(default)]
    pub cipher_text: String,
}

/// The answer to `create-datakey-without-plaintext`: `cipher_text` is hex.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateDatakeyWithoutPlaintextResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The ciphertext.
    #[serde(default)]
    pub cipher_text: String,
}

/// The body of `encrypt-datakey`: `plain_text` is hex(data key ‖ SHA-256(data key)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EncryptDatakeyRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The plaintext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain_text: Option<String>,
    /// The length in bytes of `plain_text` decoded: the data key and its 32-byte digest (a string, e.g. `64`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datakey_plain_length: Option<String>,
    /// Additional authenticated data bound to the ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_authenticated_data: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
    /// The PIN (for a key store that needs one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    /// The type of the PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_type: Option<String>,
    /// The key spec (`AES_256`, `SM4`, `RSA_2048`, `EC_P256`, `SM2`, `HMAC_256`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
}

/// The answer to `encrypt-datakey`: `cipher_text` is hex.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EncryptDatakeyResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The ciphertext.
    #[serde(default)]
    pub cipher_text: String,
    /// The data key's length (a string): in bits in `create-datakey`'s body (8 to 8192, or give `key_spec`), in bytes in an answer.
    #[serde(default)]
    pub datakey_length: String,
}

/// The body of `decrypt-datakey`: `cipher_text` is hex.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DecryptDatakeyRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cipher_text: Option<String>,
    /// The data key's length in bytes (a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datakey_cipher_length: Option<String>,
    /// Additional authenticated data bound to the ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_authenticated_data: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `decrypt-datakey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DecryptDatakeyResponse {
    /// The data key (hex).
    #[serde(default)]
    pub data_key: String,
    /// The data key's length (a string): in bits in `create-datakey`'s body (8 to 8192, or give `key_spec`), in bytes in an answer.
    #[serde(default)]
    pub datakey_length: String,
    /// The SHA-256 of the data key (hex).
    #[serde(default)]
    pub datakey_dgst: String,
}

/// The body of `re-encrypt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReEncryptRequest {
    /// The key the ciphertext was made under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_key_id: Option<String>,
    /// Additional authenticated data of the ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_additional_authenticated_data: Option<String>,
    /// The encryption algorithm of the ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_encryption_algorithm: Option<String>,
    /// The key to encrypt under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_key_id: Option<String>,
    /// Additional authenticated data for the new ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_additional_authenticated_data: Option<String>,
    /// The encryption algorithm of the new ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_encryption_algorithm: Option<String>,
    /// The data key's length in bytes (a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datakey_cipher_length: Option<String>,
    /// The ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cipher_text: Option<String>,
}

/// The answer to `re-encrypt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReEncryptResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The key the ciphertext was made under.
    #[serde(default)]
    pub source_key_id: String,
    /// The encryption algorithm of the ciphertext.
    #[serde(default)]
    pub source_encryption_algorithm: String,
    /// The encryption algorithm of the new ciphertext.
    #[serde(default)]
    pub destination_encryption_algorithm: String,
    /// The ciphertext.
    #[serde(default)]
    pub cipher_text: String,
}

/// The body of `sign`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The message or digest (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The signing algorithm (`RSASSA_PSS_SHA_256`, `ECDSA_SHA_256`, `SM2DSA_SM3`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_algorithm: Option<String>,
    /// `DIGEST` (the default) or `RAW`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_type: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `sign`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The signature (base64).
    #[serde(default)]
    pub signature: String,
}

/// The body of `verify`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifyRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The message or digest (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The signature (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The signing algorithm (`RSASSA_PSS_SHA_256`, `ECDSA_SHA_256`, `SM2DSA_SM3`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_algorithm: Option<String>,
    /// `DIGEST` (the default) or `RAW`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_type: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `verify`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifyResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// Whether the signature verified: `true` or `false` (a string).
    #[serde(default)]
    pub signature_valid: String,
}

/// The answer to `get-publickey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GetPublicKeyResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The public key.
    #[serde(default)]
    pub public_key: String,
}

/// The body of `generate-mac`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GenerateMacRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The MAC algorithm (`HMAC_SHA_256`, `HMAC_SHA_384`, `HMAC_SHA_512`, `HMAC_SM3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_algorithm: Option<String>,
    /// The message or digest (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The answer to `generate-mac`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GenerateMacResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The MAC algorithm (`HMAC_SHA_256`, `HMAC_SHA_384`, `HMAC_SHA_512`, `HMAC_SM3`).
    #[serde(default)]
    pub mac_algorithm: String,
    /// The MAC (base64).
    #[serde(default)]
    pub mac: String,
}

/// The body of `verify-mac`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifyMacRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The MAC algorithm (`HMAC_SHA_256`, `HMAC_SHA_384`, `HMAC_SHA_512`, `HMAC_SM3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_algorithm: Option<String>,
    /// The message or digest (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The MAC (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
}

/// The answer to `verify-mac`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifyMacResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The MAC algorithm (`HMAC_SHA_256`, `HMAC_SHA_384`, `HMAC_SHA_512`, `HMAC_SM3`).
    #[serde(default)]
    pub mac_algorithm: String,
    /// Whether the MAC verified.
    #[serde(default)]
    pub mac_valid: bool,
}

/// The body of `gen-random`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GenRandomRequest {
    /// How many random bits to make, a multiple of 8 from 8 to 8192 (a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_data_length: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `gen-random`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GenRandomResponse {
    /// The random bytes (hex).
    #[serde(default)]
    pub random_data: String,
}

/// The body of `create-ec-datakey-pair`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateEcDatakeyPairRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key spec (`AES_256`, `SM4`, `RSA_2048`, `EC_P256`, `SM2`, `HMAC_256`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// Whether to return the private key in plaintext too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_plain_text: Option<bool>,
    /// Additional authenticated data bound to the ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_authenticated_data: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
    /// The PIN (for a key store that needs one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    /// The type of the PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_type: Option<String>,
}

/// The body of `create-rsa-datakey-pair`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateRsaDatakeyPairRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key spec (`AES_256`, `SM4`, `RSA_2048`, `EC_P256`, `SM2`, `HMAC_256`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// Whether to return the private key in plaintext too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_plain_text: Option<bool>,
    /// Additional authenticated data bound to the ciphertext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_authenticated_data: Option<String>,
    /// A 36-byte request sequence number the caller chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The answer to `create-ec-datakey-pair` and `create-rsa-datakey-pair`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DatakeyPairResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The key spec (`AES_256`, `SM4`, `RSA_2048`, `EC_P256`, `SM2`, `HMAC_256`, …).
    #[serde(default)]
    pub key_spec: String,
    /// The public key.
    #[serde(default)]
    pub public_key: String,
    /// The private key, encrypted under the key (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key_cipher_text: Option<String>,
    /// The private key in plaintext (base64 DER), when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key_plain_text: Option<String>,
    /// The private key, wrapped for the recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapped_private_key: Option<String>,
    /// The result encrypted to the recipient (base64), in place of the plaintext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphertext_recipient: Option<String>,
}

/// The body of `derive-shared-secret`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeriveSharedSecretRequest {
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key agreement algorithm (`ECDH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_agreement_algorithm: Option<String>,
    /// The public key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// An enclave to encrypt the answer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Recipient>,
}

/// The answer to `derive-shared-secret`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeriveSharedSecretResponse {
    /// The key id.
    #[serde(default)]
    pub key_id: String,
    /// The key agreement algorithm (`ECDH`).
    #[serde(default)]
    pub key_agreement_algorithm: String,
    /// The shared secret (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_secret: Option<String>,
    /// The result encrypted to the recipient (base64), in place of the plaintext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphertext_recipient: Option<String>,
}

/// An enclave that the answer is encrypted to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Recipient {
    /// The enclave attestation document (base64) whose public key the answer is encrypted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation_document: Option<String>,
    /// How the answer is encrypted to the recipient (`RSAES_OAEP_SHA_256`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_encryption_algorithm: Option<String>,
}
