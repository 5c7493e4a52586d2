//! AWS KMS's JSON 1.1 protocol: the request and response shapes and the
//! error table.
//!
//! Each request shape is named after its operation (`EncryptRequest` is
//! what `Encrypt` takes) and reads the members of the botocore KMS model's
//! input structure, spelled as the model spells them.
//!
//! The request shapes hold the wire values as they come, leaving the
//! judgement to whoever serves them (the server's AWS front): every member
//! is optional (a member the model requires is checked by the server, which
//! answers a missing one with `ValidationException`, as AWS does),
//! vocabulary members are the names as sent (AWS's spelling, or any other
//! vendor's: the server reads them with the crate's [`spec`](crate::spec)
//! types), integers are the model's 32-bit integers before any range
//! check, blobs are decoded from standard base64 (plaintexts and messages
//! into [`SecretBytes`](crate::SecretBytes)), timestamps are seconds since
//! the Unix epoch. Members newer than the model are ignored, so a newer SDK
//! still talks to an older server.
//!
//! ```
//! use polykms::wire::aws;
//!
//! let body = r#"{"KeyId": "alias/app", "Plaintext": "c2VjcmV0", "EncryptionContext": {"tenant": "acme"}}"#;
//! let request: aws::EncryptRequest = serde_json::from_str(body).unwrap();
//! assert_eq!(request.key_id.as_deref(), Some("alias/app"));
//! assert_eq!(request.plaintext.unwrap().expose_secret(), b"secret");
//! assert_eq!(request.encryption_context.unwrap()["tenant"], "acme");
//! ```
//!
//! `PolyKms.SetMinimumDecryptionVersion` and `PolyKms.ImportPublicKey`, the
//! trait's two extensions, have shapes of the same style:
//! [`SetMinimumDecryptionVersionRequest`] and [`ImportPublicKeyRequest`].
//!
//! Each response shape is named after its operation (`EncryptResponse` is
//! what `Encrypt` returns) and serializes with the member names of the
//! botocore KMS model (`service-2.json`, API version 2014-11-01): blobs as
//! standard base64 strings, timestamps as seconds since the Unix epoch (a
//! JSON number), the vocabulary in AWS's spelling (and, for values AWS has
//! no name for, such as SM4 keys, in the crate's canonical spelling).
//! Optional members are left out when absent, as AWS leaves them out.
//!
//! Build a shape from the crate's types: [`KeyMetadata::from_metadata`],
//! [`ListKeysResponse::from_page`], [`EncryptResponse::from_response`] and
//! so on. AWS answers with the key's ARN where the crate's responses carry
//! the key id, so those constructors take the ARN too:
//!
//! ```
//! use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec, SignRequest, SigningAlgorithm};
//! use polykms::wire::aws;
//!
//! let kms = InMemory::new();
//! let key = kms.create_key(CreateKeyRequest::new(KeySpec::EccNistP256))?;
//! let created = serde_json::to_value(aws::CreateKeyResponse::from_metadata(&key)).unwrap();
//! assert_eq!(created["KeyMetadata"]["KeyUsage"], "SIGN_VERIFY");
//!
//! let signed = kms.sign(SignRequest::new(&key.key_id, b"v1", SigningAlgorithm::EcdsaSha256))?;
//! let arn = kms.describe_key(signed.key_id.as_str())?.arn;
//! let json = serde_json::to_value(aws::SignResponse::from_response(&signed, arn)).unwrap();
//! assert_eq!(json["SigningAlgorithm"], "ECDSA_SHA_256");
//! # Ok::<(), polykms::Error>(())
//! ```

mod aliases;
mod crypto;
mod data_keys;
mod encoding;
mod import;
mod keys;
mod requests;
mod rotation;
#[cfg(test)]
mod shape_tests;
mod signing;
mod tags;

pub use aliases::{AliasListEntry, ListAliasesResponse};
pub use crypto::{DecryptResponse, EncryptResponse, GenerateRandomResponse, ReEncryptResponse};
pub use data_keys::{
    GenerateDataKeyPairResponse, GenerateDataKeyPairWithoutPlaintextResponse,
    GenerateDataKeyResponse, GenerateDataKeyWithoutPlaintextResponse,
};
pub use import::{
    DeleteImportedKeyMaterialResponse, GetParametersForImportResponse, ImportKeyMaterialResponse,
    ImportPublicKeyResponse, SetMinimumDecryptionVersionResponse,
};
pub use keys::{
    CancelKeyDeletionResponse, CreateKeyResponse, DescribeKeyResponse, GetKeyLastUsageResponse,
    KeyLastUsageData, KeyListEntry, KeyMetadata, ListKeysResponse, ScheduleKeyDeletionResponse,
};
pub use requests::*;
pub use rotation::{
    GetKeyRotationStatusResponse, ListKeyRotationsResponse, RotateKeyOnDemandResponse,
    RotationsListEntry,
};
pub use signing::{
    DeriveSharedSecretResponse, GenerateMacResponse, GetPublicKeyResponse, SignResponse,
    VerifyMacResponse, VerifyResponse,
};
pub use tags::{ListResourceTagsResponse, Tag};

use super::ErrorCode;
use crate::error::ErrorKind;

/// Every [`ErrorKind`] as AWS KMS spells it: the exception name (the
/// `__type` of an error body) and the HTTP status. Where several kinds share
/// an exception, the row to read the exception back as comes first.
///
/// ```
/// use polykms::ErrorKind;
/// use polykms::wire::{ErrorCode, aws};
///
/// let row = ErrorCode::for_kind(aws::ERROR_CODES, ErrorKind::Disabled).unwrap();
/// assert_eq!((row.code, row.http_status), ("DisabledException", 400));
/// assert_eq!(ErrorCode::kind_of(aws::ERROR_CODES, "ThrottlingException"), Some(ErrorKind::Throttled));
/// ```
pub const ERROR_CODES: &[ErrorCode] = &[
    row(ErrorKind::NotFound, "NotFoundException", 400),
    row(ErrorKind::AlreadyExists, "AlreadyExistsException", 400),
    row(ErrorKind::Disabled, "DisabledException", 400),
    row(ErrorKind::InvalidState, "KMSInvalidStateException", 400),
    row(ErrorKind::InvalidKeyUsage, "InvalidKeyUsageException", 400),
    // AWS reports an algorithm that does not fit the key's spec as a key
    // usage error.
    row(
        ErrorKind::AlgorithmNotAllowed,
        "InvalidKeyUsageException",
        400,
    ),
    row(
        ErrorKind::UnsupportedOperation,
        "UnsupportedOperationException",
        400,
    ),
    row(
        ErrorKind::NotImplemented,
        "UnsupportedOperationException",
        400,
    ),
    row(ErrorKind::InvalidArgument, "ValidationException", 400),
    row(ErrorKind::InvalidMarker, "InvalidMarkerException", 400),
    row(
        ErrorKind::InvalidAliasName,
        "InvalidAliasNameException",
        400,
    ),
    row(ErrorKind::LimitExceeded, "LimitExceededException", 400),
    row(ErrorKind::IncorrectKey, "IncorrectKeyException", 400),
    row(
        ErrorKind::InvalidCiphertext,
        "InvalidCiphertextException",
        400,
    ),
    // AWS has no retired versions; a ciphertext of one does not decrypt.
    row(ErrorKind::VersionRetired, "InvalidCiphertextException", 400),
    row(
        ErrorKind::InvalidSignature,
        "KMSInvalidSignatureException",
        400,
    ),
    row(ErrorKind::InvalidMac, "KMSInvalidMacException", 400),
    row(
        ErrorKind::InvalidImportToken,
        "InvalidImportTokenException",
        400,
    ),
    row(
        ErrorKind::ExpiredImportToken,
        "ExpiredImportTokenException",
        400,
    ),
    row(
        ErrorKind::IncorrectKeyMaterial,
        "IncorrectKeyMaterialException",
        400,
    ),
    row(
        ErrorKind::InvalidKeyMaterial,
        "IncorrectKeyMaterialException",
        400,
    ),
    row(ErrorKind::AccessDenied, "AccessDeniedException", 400),
    row(ErrorKind::Throttled, "ThrottlingException", 400),
    row(ErrorKind::Unavailable, "KeyUnavailableException", 500),
    row(ErrorKind::Timeout, "DependencyTimeoutException", 503),
    row(ErrorKind::Internal, "KMSInternalException", 500),
    row(ErrorKind::Storage, "KMSInternalException", 500),
    // A transport failure happens on the client's side; a server never
    // sends it, and reports it as internal if it forwards one.
    row(ErrorKind::Transport, "KMSInternalException", 500),
];

const fn row(kind: ErrorKind, code: &'static str, http_status: u16) -> ErrorCode {
    ErrorCode {
        kind,
        code,
        http_status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_exactly_one_row() {
        crate::wire::assert_one_row_per_kind(ERROR_CODES);
    }

    /// Every code of the table is an exception of the botocore KMS model or
    /// one of the generic errors every AWS JSON service sends.
    #[test]
    fn every_code_is_one_aws_sends() {
        const GENERIC: &[&str] = &[
            "ValidationException",
            "AccessDeniedException",
            "ThrottlingException",
        ];
        const MODEL: &[&str] = &[
            "NotFoundException",
            "AlreadyExistsException",
            "DisabledException",
            "KMSInvalidStateException",
            "InvalidKeyUsageException",
            "UnsupportedOperationException",
            "InvalidAliasNameException",
            "InvalidMarkerException",
            "LimitExceededException",
            "IncorrectKeyException",
            "InvalidCiphertextException",
            "KMSInvalidSignatureException",
            "KMSInvalidMacException",
            "InvalidImportTokenException",
            "ExpiredImportTokenException",
            "IncorrectKeyMaterialException",
            "KeyUnavailableException",
            "DependencyTimeoutException",
            "KMSInternalException",
        ];
        for row in ERROR_CODES {
            assert!(
                GENERIC.contains(&row.code) || MODEL.contains(&row.code),
                "{}",
                row.code
            );
        }
    }

    #[test]
    fn shared_codes_read_back_as_their_first_kind() {
        let kind = |code| ErrorCode::kind_of(ERROR_CODES, code);
        assert_eq!(
            kind("InvalidKeyUsageException"),
            Some(ErrorKind::InvalidKeyUsage)
        );
        assert_eq!(
            kind("UnsupportedOperationException"),
            Some(ErrorKind::UnsupportedOperation)
        );
        assert_eq!(
            kind("InvalidCiphertextException"),
            Some(ErrorKind::InvalidCiphertext)
        );
        assert_eq!(kind("KMSInternalException"), Some(ErrorKind::Internal));
        assert_eq!(kind("NoSuchThing"), None);
    }
}
