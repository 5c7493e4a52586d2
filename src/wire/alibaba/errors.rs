//! Alibaba Cloud KMS's error codes and error body.
//!
//! Sources: the KMS API reference's common errors (`Forbidden.KeyNotFound`
//! 404, `Rejected.Disabled` 409, …), its table of the key states' effect on
//! each action (`Rejected.PendingDeletion`, `Rejected.PendingImport`,
//! `Rejected.StateModifiedFailed`, all 409), the per-action error lists
//! (`UnsupportedOperation` 400), KMS's throttling answer
//! (`Rejected.Throttling` 429, retried by Alibaba's own KMS clients with
//! `ServiceUnavailableTemporary` 503 and `InternalFailure` 500), and the
//! API gateway's signature errors, which every RPC API shares
//! (`SignatureDoesNotMatch`, which `aliyun-python-sdk-core` reads).

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::spec::KeyState;
use crate::wire::ErrorCode;

/// Every [`ErrorKind`] as Alibaba Cloud KMS spells it: the `Code` of an
/// error body and the HTTP status. Where several kinds share a code, the
/// row to read the code back as comes first. Alibaba's codes that are
/// not any kind's first choice (`Forbidden.AliasNotFound`,
/// `MissingParameter`, the signature errors, …) are in
/// [`OTHER_ERROR_CODES`]; [`kind_of`] reads both tables and
/// [`error_code`] picks the most specific code for an [`Error`].
///
/// Where Alibaba has no code of its own for a kind, the row says which it
/// borrows and why.
///
/// ```
/// use polykms::ErrorKind;
/// use polykms::wire::{ErrorCode, alibaba};
///
/// let row = ErrorCode::for_kind(alibaba::ERROR_CODES, ErrorKind::NotFound).unwrap();
/// assert_eq!((row.code, row.http_status), ("Forbidden.KeyNotFound", 404));
/// assert_eq!(alibaba::kind_of("Rejected.PendingImport"), Some(ErrorKind::InvalidState));
/// ```
pub const ERROR_CODES: &[ErrorCode] = &[
    row(ErrorKind::NotFound, "Forbidden.KeyNotFound", 404),
    // Aliases are the only unique names of Alibaba's API.
    row(ErrorKind::AlreadyExists, "AliasAlreadyExists", 400),
    row(ErrorKind::Disabled, "Rejected.Disabled", 409),
    // One code per state: this is a key pending deletion's (the state most
    // operations meet); `error_code` picks `Rejected.PendingImport` and
    // `Rejected.StateModifiedFailed` (a lifecycle action the state does not
    // allow) from the error's state and action.
    row(ErrorKind::InvalidState, "Rejected.PendingDeletion", 409),
    // "The key cannot do this" is Rejected.UnsupportedOperation; Alibaba
    // gives a wrong usage no code of its own.
    row(
        ErrorKind::UnsupportedOperation,
        "Rejected.UnsupportedOperation",
        400,
    ),
    row(
        ErrorKind::InvalidKeyUsage,
        "Rejected.UnsupportedOperation",
        400,
    ),
    row(ErrorKind::InvalidArgument, "InvalidParameter", 400),
    // An `Algorithm` the key does not take is an invalid parameter.
    row(ErrorKind::AlgorithmNotAllowed, "InvalidParameter", 400),
    // Listings page by `PageNumber`: a bad one is an invalid parameter.
    row(ErrorKind::InvalidMarker, "InvalidParameter", 400),
    row(ErrorKind::InvalidAliasName, "InvalidParameter", 400),
    // Alibaba has no incorrect-key code (its Decrypt takes no key id): the
    // key named is an invalid parameter for that ciphertext.
    row(ErrorKind::IncorrectKey, "InvalidParameter", 400),
    // Alibaba documents no ciphertext code: a CiphertextBlob that does not
    // decrypt is an invalid parameter. A retired version's ciphertext
    // fails the same way (Alibaba has no retired versions).
    row(ErrorKind::InvalidCiphertext, "InvalidParameter", 400),
    row(ErrorKind::VersionRetired, "InvalidParameter", 400),
    // AsymmetricVerify and VerifyMac answer `Value: false`, not an error;
    // where an error is needed, the signature or MAC is an invalid parameter.
    row(ErrorKind::InvalidSignature, "InvalidParameter", 400),
    row(ErrorKind::InvalidMac, "InvalidParameter", 400),
    // "This action is not supported": the per-action lists' code.
    row(ErrorKind::NotImplemented, "UnsupportedOperation", 400),
    row(ErrorKind::LimitExceeded, "Rejected.LimitExceeded", 400),
    row(ErrorKind::InvalidImportToken, "InvalidImportToken", 400),
    row(ErrorKind::ExpiredImportToken, "ExpiredImportToken", 400),
    row(ErrorKind::InvalidKeyMaterial, "InvalidKeyMaterial", 400),
    // One key-material code for both: the material is not this key's.
    row(ErrorKind::IncorrectKeyMaterial, "InvalidKeyMaterial", 400),
    row(ErrorKind::AccessDenied, "Forbidden.NoPermission", 403),
    row(ErrorKind::Throttled, "Rejected.Throttling", 429),
    row(ErrorKind::Unavailable, "ServiceUnavailableTemporary", 503),
    // No timeout code: a dependency that did not answer makes the service
    // unavailable for now (and retryable, as Alibaba's clients treat it).
    row(ErrorKind::Timeout, "ServiceUnavailableTemporary", 503),
    row(ErrorKind::Internal, "InternalFailure", 500),
    row(ErrorKind::Storage, "InternalFailure", 500),
    // A transport failure happens on the client's side; a server never
    // sends it, and reports it as internal if it forwards one.
    row(ErrorKind::Transport, "InternalFailure", 500),
];

/// Alibaba's other codes, each with the kind it reads back as and its
/// HTTP status: the more specific codes of a kind (an alias or key
/// version not found, a state), the parameter and signature errors every
/// RPC API shares, and codes of the same meaning that Alibaba's gateways
/// or older docs use.
pub const OTHER_ERROR_CODES: &[ErrorCode] = &[
    row(ErrorKind::NotFound, "Forbidden.AliasNotFound", 404),
    row(ErrorKind::NotFound, "Forbidden.KeyVersionNotFound", 404),
    row(ErrorKind::InvalidState, "Rejected.PendingImport", 409),
    row(ErrorKind::InvalidState, "Rejected.Enabled", 409),
    row(ErrorKind::InvalidState, "Rejected.StateModifiedFailed", 409),
    row(ErrorKind::Unavailable, "Rejected.Unavailable", 409),
    row(ErrorKind::InvalidArgument, "MissingParameter", 400),
    row(
        ErrorKind::InvalidArgument,
        "ParseRequestParameterException",
        400,
    ),
    row(ErrorKind::UnsupportedOperation, "Unsupported.Origin", 400),
    row(ErrorKind::UnsupportedOperation, "Unsupported.Alias", 400),
    row(
        ErrorKind::UnsupportedOperation,
        "Unsupported.ProtectionLevel",
        400,
    ),
    row(ErrorKind::NotImplemented, "InvalidAction.NotFound", 404),
    row(ErrorKind::Throttled, "Throttling", 400),
    row(ErrorKind::Throttled, "Throttling.User", 400),
    row(ErrorKind::Throttled, "Throttling.Api", 400),
    // The signature refusals (`SignatureError::code`).
    row(ErrorKind::AccessDenied, "IncompleteSignature", 400),
    row(ErrorKind::AccessDenied, "InvalidSignatureMethod", 400),
    row(ErrorKind::AccessDenied, "IllegalTimestamp", 400),
    row(ErrorKind::AccessDenied, "InvalidTimeStamp.Expired", 400),
    row(ErrorKind::AccessDenied, "InvalidAccessKeyId.NotFound", 404),
    row(ErrorKind::AccessDenied, "SignatureDoesNotMatch", 400),
    row(ErrorKind::AccessDenied, "SignatureNonceUsed", 400),
    row(ErrorKind::AccessDenied, "Forbidden.AccessKey", 403),
    row(
        ErrorKind::AccessDenied,
        "Forbidden.KmsServiceNotEnabled",
        403,
    ),
];

const fn row(kind: ErrorKind, code: &'static str, http_status: u16) -> ErrorCode {
    ErrorCode {
        kind,
        code,
        http_status,
    }
}

/// The kind of an Alibaba error code: from [`ERROR_CODES`], else from
/// [`OTHER_ERROR_CODES`]; `None` for a code neither knows.
pub fn kind_of(code: &str) -> Option<ErrorKind> {
    ErrorCode::kind_of(ERROR_CODES, code).or_else(|| ErrorCode::kind_of(OTHER_ERROR_CODES, code))
}

/// The row of either table for `code`.
fn row_of(code: &str) -> Option<&'static ErrorCode> {
    ERROR_CODES
        .iter()
        .chain(OTHER_ERROR_CODES)
        .find(|row| row.code == code)
}

/// The code and status to answer `error` with: the most specific one
/// Alibaba has (`Forbidden.AliasNotFound` for a missing alias,
/// `Rejected.PendingImport` for a key awaiting material,
/// `Rejected.StateModifiedFailed` for a lifecycle action the key's state
/// does not allow, a remote Alibaba service's own code), else the kind's
/// row of [`ERROR_CODES`].
///
/// ```
/// use polykms::{InMemory, KeyManager};
/// use polykms::wire::alibaba;
///
/// let error = InMemory::new().describe_key("alias/missing").unwrap_err();
/// assert_eq!(alibaba::error_code(&error).code, "Forbidden.AliasNotFound");
/// ```
pub fn error_code(error: &Error) -> &'static ErrorCode {
    specific_code(error)
        .and_then(row_of)
        .or_else(|| ErrorCode::for_kind(ERROR_CODES, error.kind()))
        .unwrap_or(&ERROR_CODES[ERROR_CODES.len() - 1])
}

/// The specific code for `error`, where it has one.
fn specific_code(error: &Error) -> Option<&str> {
    match error {
        Error::NotFound { resource } if resource.starts_with("alias ") => {
            Some("Forbidden.AliasNotFound")
        }
        Error::InvalidState {
            state, operation, ..
        } => Some(state_code(*state, operation)),
        Error::Remote(remote) => remote.code.as_deref().filter(|code| row_of(code).is_some()),
        _ => None,
    }
}

/// The code for a key in `state` refusing `operation` (an AWS operation
/// name, as the engine reports it), after Alibaba's table of the key
/// states' effect on each action.
fn state_code(state: KeyState, operation: &str) -> &'static str {
    const LIFECYCLE: &[&str] = &[
        "EnableKey",
        "DisableKey",
        "ScheduleKeyDeletion",
        "CancelKeyDeletion",
        "ImportKeyMaterial",
    ];
    match state {
        _ if LIFECYCLE.contains(&operation) => "Rejected.StateModifiedFailed",
        KeyState::PendingImport => "Rejected.PendingImport",
        KeyState::Enabled => "Rejected.Enabled",
        _ => "Rejected.PendingDeletion",
    }
}

/// An error response's body. KMS answers
/// `{"HttpStatus":404,"Code":"Forbidden.KeyNotFound","Message":"…","RequestId":"…"}`;
/// Alibaba's API gateway adds `HostId` and `Recommend` (a diagnosis link).
/// Both SDKs read `Code` and `Message` (the V3 SDK also `code`,
/// `message`, `requestId`), so the lower-case spellings are read too.
///
/// ```
/// use polykms::wire::alibaba::ErrorBody;
///
/// let body = ErrorBody::new("Forbidden.KeyNotFound", "The specified Key is not found.", "req-1").http_status(404);
/// let json = serde_json::to_string(&body).unwrap();
/// assert_eq!(json, r#"{"RequestId":"req-1","Code":"Forbidden.KeyNotFound","Message":"The specified Key is not found.","HttpStatus":404}"#);
/// let back: ErrorBody = serde_json::from_str(r#"{"code":"Throttling","message":"slow down","requestId":"r"}"#).unwrap();
/// assert_eq!((back.code.as_str(), back.request_id.as_str()), ("Throttling", "r"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ErrorBody {
    /// The request's id.
    #[serde(default, alias = "requestId")]
    pub request_id: String,
    /// The host that answered (the gateway's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_id: Option<String>,
    /// The error code.
    #[serde(default, alias = "code")]
    pub code: String,
    /// The message.
    #[serde(default, alias = "message")]
    pub message: String,
    /// A diagnosis link (the gateway's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommend: Option<String>,
    /// The HTTP status, repeated in the body (KMS's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
}

impl ErrorBody {
    /// A body with `code`, `message` and `request_id`.
    pub fn new(
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            request_id: request_id.into(),
            host_id: None,
            code: code.into(),
            message: message.into(),
            recommend: None,
            http_status: None,
        }
    }

    /// Sets `HttpStatus`.
    pub fn http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// Sets `HostId`.
    pub fn host_id(mut self, host_id: impl Into<String>) -> Self {
        self.host_id = Some(host_id.into());
        self
    }

    /// The body for `error`: its [`error_code`], its message, and the
    /// status in `HttpStatus`.
    pub fn for_error(error: &Error, request_id: impl Into<String>) -> Self {
        let row = error_code(error);
        Self::new(row.code, error.to_string(), request_id).http_status(row.http_status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::KeyId;

    #[test]
    fn every_kind_has_exactly_one_row() {
        crate::wire::assert_one_row_per_kind(ERROR_CODES);
    }

    /// Every code is one Alibaba documents (the common errors, the key
    /// state table, the actions' lists, the gateway's signature errors).
    #[test]
    fn every_code_is_one_alibaba_sends() {
        const DOCUMENTED: &[&str] = &[
            "Forbidden.KeyNotFound",
            "Forbidden.KeyVersionNotFound",
            "Forbidden.AliasNotFound",
            "Forbidden.NoPermission",
            "Forbidden.AccessKey",
            "Forbidden.KmsServiceNotEnabled",
            "AliasAlreadyExists",
            "Rejected.Disabled",
            "Rejected.PendingDeletion",
            "Rejected.PendingImport",
            "Rejected.Enabled",
            "Rejected.StateModifiedFailed",
            "Rejected.Unavailable",
            "Rejected.UnsupportedOperation",
            "UnsupportedOperation",
            "Unsupported.Origin",
            "Unsupported.Alias",
            "Unsupported.ProtectionLevel",
            "Rejected.LimitExceeded",
            "Rejected.Throttling",
            "InvalidParameter",
            "MissingParameter",
            "ParseRequestParameterException",
            "InvalidImportToken",
            "ExpiredImportToken",
            "InvalidKeyMaterial",
            "ServiceUnavailableTemporary",
            "InternalFailure",
            "InvalidAction.NotFound",
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "IncompleteSignature",
            "InvalidSignatureMethod",
            "IllegalTimestamp",
            "InvalidTimeStamp.Expired",
            "InvalidAccessKeyId.NotFound",
            "SignatureDoesNotMatch",
            "SignatureNonceUsed",
        ];
        for row in ERROR_CODES.iter().chain(OTHER_ERROR_CODES) {
            assert!(DOCUMENTED.contains(&row.code), "{}", row.code);
            assert!(matches!(row.http_status, 400..=599), "{}", row.code);
        }
    }

    #[test]
    fn other_codes_are_not_in_the_main_table() {
        for row in OTHER_ERROR_CODES {
            assert!(
                ErrorCode::kind_of(ERROR_CODES, row.code).is_none(),
                "{}",
                row.code
            );
        }
    }

    #[test]
    fn shared_codes_read_back_as_their_first_kind() {
        assert_eq!(
            kind_of("InvalidParameter"),
            Some(ErrorKind::InvalidArgument)
        );
        assert_eq!(
            kind_of("Rejected.UnsupportedOperation"),
            Some(ErrorKind::UnsupportedOperation)
        );
        assert_eq!(
            kind_of("InvalidKeyMaterial"),
            Some(ErrorKind::InvalidKeyMaterial)
        );
        assert_eq!(
            kind_of("ServiceUnavailableTemporary"),
            Some(ErrorKind::Unavailable)
        );
        assert_eq!(kind_of("InternalFailure"), Some(ErrorKind::Internal));
        assert_eq!(
            kind_of("MissingParameter"),
            Some(ErrorKind::InvalidArgument)
        );
        assert_eq!(
            kind_of("SignatureDoesNotMatch"),
            Some(ErrorKind::AccessDenied)
        );
        assert_eq!(kind_of("NoSuchThing"), None);
    }

    #[test]
    fn errors_get_the_most_specific_code() {
        let key_id = KeyId::parse("1234abcd-12ab-34cd-56ef-1234567890ab").unwrap();
        let state = |state, operation: &str| Error::InvalidState {
            key_id: key_id.clone(),
            state,
            operation: operation.into(),
        };
        let code = |error: &Error| error_code(error).code;
        assert_eq!(
            code(&state(KeyState::PendingDeletion, "Encrypt")),
            "Rejected.PendingDeletion"
        );
        assert_eq!(
            code(&state(KeyState::PendingImport, "Sign")),
            "Rejected.PendingImport"
        );
        assert_eq!(
            code(&state(KeyState::PendingDeletion, "EnableKey")),
            "Rejected.StateModifiedFailed"
        );
        assert_eq!(
            code(&state(KeyState::Enabled, "CancelKeyDeletion")),
            "Rejected.StateModifiedFailed"
        );
        let key = Error::NotFound {
            resource: format!("key {key_id}"),
        };
        assert_eq!(error_code(&key).http_status, 404);
        assert_eq!(code(&key), "Forbidden.KeyNotFound");
        let remote: Error = crate::RemoteError::new(ErrorKind::NotFound, "gone")
            .with_code("Forbidden.KeyVersionNotFound")
            .into();
        assert_eq!(code(&remote), "Forbidden.KeyVersionNotFound");
        let aws: Error = crate::RemoteError::new(ErrorKind::NotFound, "gone")
            .with_code("NotFoundException")
            .into();
        assert_eq!(code(&aws), "Forbidden.KeyNotFound");
        assert_eq!(code(&Error::InvalidCiphertext), "InvalidParameter");
    }

    #[test]
    fn error_bodies_carry_code_message_and_status() {
        let body = ErrorBody::for_error(&Error::InvalidCiphertext, "req-9");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["Code"], "InvalidParameter");
        assert_eq!(json["HttpStatus"], 400);
        assert_eq!(json["RequestId"], "req-9");
        assert_eq!(json["Message"], "invalid ciphertext");
        let gateway = r#"{"RequestId":"r","HostId":"kms.cn-hangzhou.aliyuncs.com","Code":"SignatureDoesNotMatch","Message":"m","Recommend":"https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch"}"#;
        let back: ErrorBody = serde_json::from_str(gateway).unwrap();
        assert_eq!(
            back.host_id.as_deref(),
            Some("kms.cn-hangzhou.aliyuncs.com")
        );
        assert!(back.recommend.is_some());
        assert_eq!(serde_json::to_string(&back).unwrap(), gateway);
    }
}
