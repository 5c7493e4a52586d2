//! The requests of the encryption operations: `Encrypt`, `Decrypt`,
//! `ReEncrypt`, `GenerateDataKey`, `GenerateDataKeyWithoutPlaintext`,
//! `GenerateDataKeyPair`, `GenerateDataKeyPairWithoutPlaintext`,
//! `GenerateRandom`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::secret::SecretBytes;
use crate::wire::aws::encoding::{option_blob, option_secret_blob};

/// An encryption context as the wire carries it: a JSON object of strings.
type Context = Option<BTreeMap<String, String>>;

/// The request of `Encrypt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct EncryptRequest {
    /// The key: key id, key ARN, alias name or alias ARN (required).
    pub key_id: Option<String>,
    /// The plaintext, 1–4096 bytes (required).
    #[serde(deserialize_with = "option_secret_blob::deserialize")]
    pub plaintext: Option<SecretBytes>,
    /// The encryption context.
    pub encryption_context: Context,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
    /// The algorithm (`SYMMETRIC_DEFAULT` when absent).
    pub encryption_algorithm: Option<String>,
    /// Only check that the request would succeed.
    pub dry_run: Option<bool>,
}

/// The request of `Decrypt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct DecryptRequest {
    /// The ciphertext, 1–6144 bytes (required unless a dry run ignores it).
    #[serde(deserialize_with = "option_blob::deserialize")]
    pub ciphertext_blob: Option<Vec<u8>>,
    /// The encryption context the ciphertext was made with.
    pub encryption_context: Context,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
    /// The key (required for asymmetric ciphertexts).
    pub key_id: Option<String>,
    /// The algorithm (`SYMMETRIC_DEFAULT` when absent).
    pub encryption_algorithm: Option<String>,
    /// An attested enclave to encrypt the plaintext to.
    pub recipient: Option<RecipientInfo>,
    /// Only check that the request would succeed.
    pub dry_run: Option<bool>,
    /// How to check it (`IGNORE_CIPHERTEXT`).
    pub dry_run_modifiers: Option<Vec<String>>,
}

/// The request of `ReEncrypt`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct ReEncryptRequest {
    /// The ciphertext, 1–6144 bytes (required unless a dry run ignores it).
    #[serde(deserialize_with = "option_blob::deserialize")]
    pub ciphertext_blob: Option<Vec<u8>>,
    /// The encryption context the ciphertext was made with.
    pub source_encryption_context: Context,
    /// The key that made the ciphertext (required for asymmetric ones).
    pub source_key_id: Option<String>,
    /// The key to encrypt under (required).
    pub destination_key_id: Option<String>,
    /// The encryption context of the new ciphertext.
    pub destination_encryption_context: Context,
    /// The algorithm that made the ciphertext (`SYMMETRIC_DEFAULT` when absent).
    pub source_encryption_algorithm: Option<String>,
    /// The algorithm to encrypt with (`SYMMETRIC_DEFAULT` when absent).
    pub destination_encryption_algorithm: Option<String>,
    /// Grant tokens (0–10).
    pub grant_tokens: Option<Vec<String>>,
    /// Only check that the request would succeed.
    pub dry_run: Option<bool>,
    /// How to check it (`IGNORE_CIPHERTEXT`).
    pub dry_run_modifiers: Option<Vec<String>>,
}

/// Declares the two requests of a data key operation from one list of
/// members: `$with` (the plaintext answered too) also takes `Recipient`,
/// `$without` (`…WithoutPlaintext`) does not; both end with `DryRun`.
macro_rules! with_and_without_plaintext {
    (
        $(#[$with_doc:meta])* $with:ident,
        $(#[$without_doc:meta])* $without:ident,
        { $($(#[$member_doc:meta])* $member:ident: $type:ty,)+ }
    ) => {
        $(#[$with_doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
        #[serde(rename_all = "PascalCase", default)]
        #[non_exhaustive]
        pub struct $with {
            $($(#[$member_doc])* pub $member: $type,)+
            /// An attested enclave to encrypt the plaintext to.
            pub recipient: Option<RecipientInfo>,
            /// Only check that the request would succeed.
            pub dry_run: Option<bool>,
        }

        $(#[$without_doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
        #[serde(rename_all = "PascalCase", default)]
        #[non_exhaustive]
        pub struct $without {
            $($(#[$member_doc])* pub $member: $type,)+
            /// Only check that the request would succeed.
            pub dry_run: Option<bool>,
        }
    };
}

with_and_without_plaintext!(
    /// The request of `GenerateDataKey`.
    GenerateDataKeyRequest,
    /// The request of `GenerateDataKeyWithoutPlaintext`.
    GenerateDataKeyWithoutPlaintextRequest,
    {
        /// The symmetric key to encrypt the data key under (required).
        key_id: Option<String>,
        /// The encryption context of the encrypted copy.
        encryption_context: Context,
        /// The data key's length in bytes, 1–1024 (this or `KeySpec`).
        number_of_bytes: Option<i32>,
        /// The data key's spec, `AES_256` or `AES_128` (this or `NumberOfBytes`).
        key_spec: Option<String>,
        /// Grant tokens (0–10).
        grant_tokens: Option<Vec<String>>,
    }
);

with_and_without_plaintext!(
    /// The request of `GenerateDataKeyPair`.
    GenerateDataKeyPairRequest,
    /// The request of `GenerateDataKeyPairWithoutPlaintext`.
    GenerateDataKeyPairWithoutPlaintextRequest,
    {
        /// The encryption context of the encrypted private key.
        encryption_context: Context,
        /// The symmetric key to encrypt the private key under (required).
        key_id: Option<String>,
        /// The kind of pair (`RSA_2048`, `ECC_NIST_P256`, …; required).
        key_pair_spec: Option<String>,
        /// Grant tokens (0–10).
        grant_tokens: Option<Vec<String>>,
    }
);

/// The request of `GenerateRandom`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct GenerateRandomRequest {
    /// How many bytes, 1–1024.
    pub number_of_bytes: Option<i32>,
    /// A CloudHSM key store to generate them in (1–64 characters).
    pub custom_key_store_id: Option<String>,
    /// An attested enclave to encrypt the bytes to.
    pub recipient: Option<RecipientInfo>,
}

/// An attested enclave (the `RecipientInfo` structure): a result meant for
/// it is encrypted to the public key in its attestation document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct RecipientInfo {
    /// How to encrypt to the enclave (`RSAES_OAEP_SHA_256`).
    pub key_encryption_algorithm: Option<String>,
    /// The signed attestation document.
    #[serde(deserialize_with = "option_blob::deserialize")]
    pub attestation_document: Option<Vec<u8>>,
}
