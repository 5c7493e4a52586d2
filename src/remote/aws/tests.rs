//! The error mapping: AWS's exceptions through the table, unknown ones by
//! status, transport failures; nothing of the SDK in the error's kind.

use aws_sdk_kms::error::{ErrorMetadata, SdkError};
use aws_sdk_kms::operation::encrypt::EncryptError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use super::remote_error;
use crate::ErrorKind;

fn service_error(code: &str, status: u16) -> SdkError<EncryptError, HttpResponse> {
    let meta = ErrorMetadata::builder()
        .code(code)
        .message("what AWS said")
        .custom("aws_request_id", "req-1234")
        .build();
    let response = HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::empty());
    SdkError::service_error(EncryptError::generic(meta), response)
}

#[test]
fn exceptions_map_through_the_table_keeping_code_and_request_id() {
    for (code, kind) in [
        ("NotFoundException", ErrorKind::NotFound),
        ("DisabledException", ErrorKind::Disabled),
        ("KMSInvalidStateException", ErrorKind::InvalidState),
        ("InvalidCiphertextException", ErrorKind::InvalidCiphertext),
        ("IncorrectKeyException", ErrorKind::IncorrectKey),
        ("KMSInvalidSignatureException", ErrorKind::InvalidSignature),
        ("ThrottlingException", ErrorKind::Throttled),
        ("LimitExceededException", ErrorKind::LimitExceeded),
        ("ValidationException", ErrorKind::InvalidArgument),
    ] {
        let error = remote_error("Encrypt", service_error(code, 400));
        assert_eq!(error.kind(), kind, "{code}");
        assert_eq!(error.vendor_code(), Some(code));
        assert_eq!(error.request_id(), Some("req-1234"));
        assert!(error.to_string().contains("what AWS said"), "{error}");
        assert!(error.to_string().contains("Encrypt"), "{error}");
    }
}

#[test]
fn unknown_exceptions_map_by_name_then_status() {
    let cases = [
        ("UnrecognizedClientException", 400, ErrorKind::AccessDenied),
        ("InvalidArnException", 400, ErrorKind::InvalidArgument),
        ("SomethingNewException", 503, ErrorKind::Unavailable),
        ("SomethingNewException", 500, ErrorKind::Internal),
        ("SomethingNewException", 429, ErrorKind::Throttled),
        ("SomethingNewException", 400, ErrorKind::InvalidArgument),
    ];
    for (code, status, kind) in cases {
        let error = remote_error("Encrypt", service_error(code, status));
        assert_eq!(error.kind(), kind, "{code} {status}");
        assert_eq!(error.vendor_code(), Some(code));
    }
}

#[test]
fn transport_failures_and_timeouts_are_their_own_kinds() {
    let io = ConnectorError::io("connection refused".into());
    let error = remote_error::<EncryptError>("Encrypt", SdkError::dispatch_failure(io));
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(error.is_retryable());
    assert_eq!(error.vendor_code(), None);
    let timeout = ConnectorError::timeout("connect timed out".into());
    let error = remote_error::<EncryptError>("Encrypt", SdkError::dispatch_failure(timeout));
    assert_eq!(error.kind(), ErrorKind::Timeout);
    let error = remote_error::<EncryptError>("Encrypt", SdkError::timeout_error("too slow"));
    assert_eq!(error.kind(), ErrorKind::Timeout);
}
