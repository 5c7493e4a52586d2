//! Huawei Cloud KMS's error codes and error body.
//!
//! Sources: the KMS API reference's appendix of error codes (`KMS.0101`
//! "KMS error.", `KMS.0207` "The key does not exist.", `KMS.0209` "The key
//! has been disabled and cannot be used.", `KMS.0210` pending deletion,
//! `KMS.1104` "Existing CMK alias.", the per-operation codes `KMS.1201`
//! (enabling a key that is not disabled), `KMS.1301`, `KMS.1401`,
//! `KMS.1402`, `KMS.1501`, `KMS.1601`/`KMS.1602` (listing), `KMS.2201`
//! (invalid `cipher_text`), `KMS.2601`–`KMS.2606` (importing material),
//! `KMS.2701`, …), and the API gateway's codes that every Huawei Cloud
//! service shares (`APIG.0301` for a refused signature, `APIG.0308` for
//! throttling, `APIG.0101` for an API that does not exist). The reference
//! gives no HTTP status per KMS code; the table uses 400 for a refused
//! request, 403 for a refused permission, 404 for a key that does not
//! exist and 500 (503 where a retry may help) for KMS's own failures.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::spec::KeyState;
use crate::wire::ErrorCode;

/// Every [`ErrorKind`] as Huawei Cloud KMS spells it: the `error_code` of
/// an error body and the HTTP status. Where several kinds share a code, the
/// row to read the code back as comes first. Huawei's codes that are no
/// kind's first choice (the per-operation state codes, the tag and grant
/// codes, the gateway's signature refusal, …) are in
/// [`OTHER_ERROR_CODES`]; [`kind_of`] reads both tables and [`error_code`]
/// picks the most specific code for an [`Error`].
///
/// ```
/// use polykms::ErrorKind;
/// use polykms::wire::{ErrorCode, huawei};
///
/// let row = ErrorCode::for_kind(huawei::ERROR_CODES, ErrorKind::Disabled).unwrap();
/// assert_eq!((row.code, row.http_status), ("KMS.0209", 400));
/// assert_eq!(huawei::kind_of("KMS.1201"), Some(ErrorKind::InvalidState));
/// ```
pub const ERROR_CODES: &[ErrorCode] = &[
    row(ErrorKind::NotFound, "KMS.0207", 404),
    // Aliases are Huawei's only unique names.
    row(ErrorKind::AlreadyExists, "KMS.1104", 400),
    row(ErrorKind::Disabled, "KMS.0209", 400),
    // A key pending deletion, the state most operations meet; `error_code`
    // picks the lifecycle operations' own codes from the error's operation.
    row(ErrorKind::InvalidState, "KMS.0210", 400),
    // "Invalid XXX": Huawei's refusal of a parameter that does not fit,
    // read back as an invalid argument.
    row(ErrorKind::InvalidArgument, "KMS.0308", 400),
    row(ErrorKind::InvalidKeyUsage, "KMS.0308", 400),
    row(ErrorKind::UnsupportedOperation, "KMS.0308", 400),
    row(ErrorKind::AlgorithmNotAllowed, "KMS.0308", 400),
    // `verify` and `verify-mac` answer `"false"`, not an error; where an
    // error is needed, the signature or MAC is an invalid parameter.
    row(ErrorKind::InvalidSignature, "KMS.0308", 400),
    row(ErrorKind::InvalidMac, "KMS.0308", 400),
    row(ErrorKind::InvalidMarker, "KMS.1602", 400),
    row(ErrorKind::InvalidAliasName, "KMS.1101", 400),
    row(ErrorKind::InvalidCiphertext, "KMS.2201", 400),
    // Huawei has no incorrect-key code: the ciphertext is invalid for the
    // key named. A retired version's ciphertext fails the same way.
    row(ErrorKind::IncorrectKey, "KMS.2201", 400),
    row(ErrorKind::VersionRetired, "KMS.2201", 400),
    // The gateway's answer for an API it does not have.
    row(ErrorKind::NotImplemented, "APIG.0101", 404),
    row(ErrorKind::LimitExceeded, "KMS.1105", 400),
    row(ErrorKind::InvalidImportToken, "KMS.2601", 400),
    // "Token verification failed": an expired token fails verification.
    row(ErrorKind::ExpiredImportToken, "KMS.2605", 400),
    row(ErrorKind::InvalidKeyMaterial, "KMS.2604", 400),
    // Re-imported material must be the material imported before.
    row(ErrorKind::IncorrectKeyMaterial, "KMS.2606", 400),
    row(ErrorKind::AccessDenied, "KMS.0306", 403),
    row(ErrorKind::Throttled, "APIG.0308", 429),
    // "Abnormal KMS I/O": a dependency failed, and a retry may succeed.
    row(ErrorKind::Unavailable, "KMS.0102", 503),
    row(ErrorKind::Timeout, "KMS.0102", 503),
    row(ErrorKind::Internal, "KMS.0101", 500),
    row(ErrorKind::Storage, "KMS.0101", 500),
    // A transport failure happens on the client's side; a server never
    // sends it, and reports it as internal if it forwards one.
    row(ErrorKind::Transport, "KMS.0101", 500),
];

/// Huawei's other codes, each with the kind it reads back as and its HTTP
/// status: the request-format codes, the lifecycle operations' state
/// codes, the listing, data key, tag, grant and import codes, and the API
/// gateway's.
pub const OTHER_ERROR_CODES: &[ErrorCode] = &[
    row(ErrorKind::InvalidArgument, "KMS.0201", 400),
    row(ErrorKind::InvalidArgument, "KMS.0202", 400),
    row(ErrorKind::InvalidArgument, "KMS.0203", 400),
    row(ErrorKind::InvalidArgument, "KMS.0204", 400),
    row(ErrorKind::InvalidArgument, "KMS.0205", 400),
    row(ErrorKind::InvalidArgument, "KMS.0206", 400),
    row(ErrorKind::InvalidArgument, "KMS.0208", 400),
    row(ErrorKind::UnsupportedOperation, "KMS.0211", 400),
    row(ErrorKind::UnsupportedOperation, "KMS.0309", 400),
    row(ErrorKind::InvalidState, "KMS.0310", 400),
    row(ErrorKind::InvalidState, "KMS.1201", 400),
    row(ErrorKind::InvalidState, "KMS.1301", 400),
    row(ErrorKind::InvalidArgument, "KMS.1401", 400),
    row(ErrorKind::InvalidState, "KMS.1402", 400),
    row(ErrorKind::InvalidState, "KMS.1501", 400),
    row(ErrorKind::InvalidArgument, "KMS.1601", 400),
    row(ErrorKind::InvalidArgument, "KMS.1801", 400),
    row(ErrorKind::InvalidArgument, "KMS.1901", 400),
    row(ErrorKind::InvalidArgument, "KMS.2001", 400),
    row(ErrorKind::InvalidArgument, "KMS.2101", 400),
    row(ErrorKind::InvalidArgument, "KMS.2102", 400),
    row(ErrorKind::InvalidCiphertext, "KMS.2103", 400),
    row(ErrorKind::InvalidArgument, "KMS.2202", 400),
    row(ErrorKind::InvalidCiphertext, "KMS.2203", 400),
    row(ErrorKind::InvalidArgument, "KMS.1102", 400),
    row(ErrorKind::InvalidArgument, "KMS.1103", 400),
    row(ErrorKind::InvalidArgument, "KMS.0401", 400),
    row(ErrorKind::InvalidArgument, "KMS.0404", 400),
    row(ErrorKind::InvalidArgument, "KMS.0405", 400),
    row(ErrorKind::InvalidArgument, "KMS.0406", 400),
    row(ErrorKind::InvalidArgument, "KMS.0407", 400),
    row(ErrorKind::LimitExceeded, "KMS.0409", 400),
    row(ErrorKind::InvalidArgument, "KMS.0410", 400),
    row(ErrorKind::InvalidArgument, "KMS.0411", 400),
    row(ErrorKind::LimitExceeded, "KMS.2404", 400),
    row(ErrorKind::LimitExceeded, "KMS.2405", 400),
    row(ErrorKind::NotFound, "KMS.2501", 404),
    row(ErrorKind::InvalidArgument, "KMS.2602", 400),
    row(ErrorKind::InvalidImportToken, "KMS.2603", 400),
    row(ErrorKind::InvalidState, "KMS.2701", 400),
    row(ErrorKind::AccessDenied, "KMS.0307", 403),
    row(ErrorKind::AccessDenied, "APIG.0301", 401),
    row(ErrorKind::AccessDenied, "APIG.0302", 403),
    row(ErrorKind::InvalidArgument, "APIG.0201", 400),
];

const fn row(kind: ErrorKind, code: &'static str, http_status: u16) -> ErrorCode {
    ErrorCode {
        kind,
        code,
        http_status,
    }
}

/// The kind of a Huawei error code: from [`ERROR_CODES`], else from
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
/// Huawei has (a lifecycle operation's own state code, `KMS.0310` for
/// importing into a key that awaits no material, a remote Huawei
/// service's own code), else the kind's row of [`ERROR_CODES`].
///
/// ```
/// use polykms::{InMemory, KeyManager};
/// use polykms::wire::huawei;
///
/// let error = InMemory::new().describe_key("alias/missing").unwrap_err();
/// assert_eq!(huawei::error_code(&error).code, "KMS.0207");
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
        Error::InvalidState {
            state, operation, ..
        } => state_code(*state, operation),
        Error::Remote(remote) => remote.code.as_deref().filter(|code| row_of(code).is_some()),
        _ => None,
    }
}

/// The code for a key in `state` refusing `operation` (an AWS operation
/// name, as the engine reports it): the lifecycle operations' own codes
/// ("The key is not disabled.", "The key is not in the Pending deletion
/// status.", …); `None` for the rest.
fn state_code(state: KeyState, operation: &str) -> Option<&'static str> {
    Some(match operation {
        "EnableKey" => "KMS.1201",
        "DisableKey" => "KMS.1301",
        "ScheduleKeyDeletion" if state == KeyState::PendingDeletion => "KMS.1402",
        "CancelKeyDeletion" => "KMS.1501",
        "ImportKeyMaterial" => "KMS.0310",
        "DeleteImportedKeyMaterial" => "KMS.2701",
        _ => return None,
    })
}

/// The `error` member of an [`ErrorBody`]: the code and message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The error code (`KMS.0207`, …).
    pub error_code: String,
    /// The message.
    pub error_msg: String,
}

/// Huawei Cloud KMS's error body, `{"error":{"error_code":"KMS.0207",
/// "error_msg":"…"}}` (the request's id travels in the `X-Request-Id`
/// header).
///
/// ```
/// use polykms::wire::huawei::ErrorBody;
///
/// let body = ErrorBody::new("KMS.0207", "The key does not exist.");
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"error":{"error_code":"KMS.0207","error_msg":"The key does not exist."}}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorBody {
    /// The code and message.
    pub error: ErrorDetail,
}

impl ErrorBody {
    /// A body with `code` and `message`.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                error_code: code.into(),
                error_msg: message.into(),
            },
        }
    }

    /// The body for `error`: its [`error_code`] and its message.
    pub fn for_error(error: &Error) -> Self {
        Self::new(error_code(error).code, error.to_string())
    }

    /// Reads the code and message of an error answer as the SDK does
    /// (`DefaultExceptionHandler`): `error_code` and `error_msg`, else
    /// `errorCode` and `errorMsg`, else `code` and `message`, in the object
    /// or, failing that, in the first object nested in it that has them (so
    /// KMS's nested body and the gateway's flat one both read). `None` for
    /// a body that is not a JSON object or holds none of them.
    ///
    /// ```
    /// use polykms::wire::huawei::ErrorBody;
    ///
    /// let kms = ErrorBody::read(br#"{"error":{"error_code":"KMS.0209","error_msg":"disabled"}}"#).unwrap();
    /// assert_eq!(kms.error_code, "KMS.0209");
    /// let gateway = ErrorBody::read(br#"{"error_code":"APIG.0301","error_msg":"no","request_id":"r"}"#).unwrap();
    /// assert_eq!(gateway.error_code, "APIG.0301");
    /// assert!(ErrorBody::read(b"<html>").is_none());
    /// ```
    pub fn read(body: &[u8]) -> Option<ErrorDetail> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        read_detail(&value)
    }
}

/// The SDK's search for a code and message in an error object.
fn read_detail(value: &serde_json::Value) -> Option<ErrorDetail> {
    let object = value.as_object()?;
    for (code, message) in [
        ("error_code", "error_msg"),
        ("errorCode", "errorMsg"),
        ("code", "message"),
    ] {
        if let (Some(code), Some(message)) = (object.get(code), object.get(message)) {
            let text =
                |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            return Some(ErrorDetail {
                error_code: text(code),
                error_msg: text(message),
            });
        }
    }
    object.values().find_map(read_detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::KeyId;

    #[test]
    fn every_kind_has_exactly_one_row() {
        crate::wire::assert_one_row_per_kind(ERROR_CODES);
    }

    #[test]
    fn codes_are_huaweis_and_statuses_are_errors() {
        for row in ERROR_CODES.iter().chain(OTHER_ERROR_CODES) {
            let (prefix, number) = row.code.split_once('.').unwrap();
            assert!(matches!(prefix, "KMS" | "APIG"), "{}", row.code);
            assert!(
                number.len() == 4 && number.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                row.code
            );
            assert!(matches!(row.http_status, 400..=599), "{}", row.code);
        }
    }

    #[test]
    fn other_codes_are_not_in_the_main_table_nor_twice() {
        for (i, row) in OTHER_ERROR_CODES.iter().enumerate() {
            assert!(
                ErrorCode::kind_of(ERROR_CODES, row.code).is_none(),
                "{}",
                row.code
            );
            assert!(
                OTHER_ERROR_CODES[i + 1..]
                    .iter()
                    .all(|r| r.code != row.code),
                "{}",
                row.code
            );
        }
    }

    #[test]
    fn shared_codes_read_back_as_their_first_kind() {
        assert_eq!(kind_of("KMS.0308"), Some(ErrorKind::InvalidArgument));
        assert_eq!(kind_of("KMS.2201"), Some(ErrorKind::InvalidCiphertext));
        assert_eq!(kind_of("KMS.0102"), Some(ErrorKind::Unavailable));
        assert_eq!(kind_of("KMS.0101"), Some(ErrorKind::Internal));
        assert_eq!(kind_of("KMS.0205"), Some(ErrorKind::InvalidArgument));
        assert_eq!(kind_of("APIG.0301"), Some(ErrorKind::AccessDenied));
        assert_eq!(kind_of("KMS.9999"), None);
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
            "KMS.0210"
        );
        assert_eq!(
            code(&state(KeyState::PendingDeletion, "EnableKey")),
            "KMS.1201"
        );
        assert_eq!(
            code(&state(KeyState::Enabled, "CancelKeyDeletion")),
            "KMS.1501"
        );
        assert_eq!(
            code(&state(KeyState::PendingDeletion, "ScheduleKeyDeletion")),
            "KMS.1402"
        );
        assert_eq!(
            code(&state(KeyState::Enabled, "ImportKeyMaterial")),
            "KMS.0310"
        );
        assert_eq!(
            code(&Error::Disabled {
                key_id: key_id.clone()
            }),
            "KMS.0209"
        );
        let missing = Error::NotFound {
            resource: format!("key {key_id}"),
        };
        assert_eq!(error_code(&missing).http_status, 404);
        let remote: Error = crate::RemoteError::new(ErrorKind::InvalidArgument, "bad")
            .with_code("KMS.1401")
            .into();
        assert_eq!(code(&remote), "KMS.1401");
        let aws: Error = crate::RemoteError::new(ErrorKind::NotFound, "gone")
            .with_code("NotFoundException")
            .into();
        assert_eq!(code(&aws), "KMS.0207");
    }

    #[test]
    fn bodies_read_as_the_sdk_reads_them() {
        let body = ErrorBody::for_error(&Error::InvalidCiphertext);
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["error"]["error_code"], "KMS.2201");
        assert_eq!(json["error"]["error_msg"], "invalid ciphertext");
        let read = |text: &str| ErrorBody::read(text.as_bytes()).map(|d| d.error_code);
        assert_eq!(
            read(r#"{"errorCode":"KMS.0207","errorMsg":"m"}"#).as_deref(),
            Some("KMS.0207")
        );
        assert_eq!(
            read(r#"{"code":"APIG.0308","message":"slow"}"#).as_deref(),
            Some("APIG.0308")
        );
        assert_eq!(
            read(r#"{"error_code":"KMS.0207"}"#),
            None,
            "a code without a message"
        );
        assert_eq!(read(r#"[1]"#), None);
    }
}
