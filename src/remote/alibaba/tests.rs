//! The error mapping, the endpoint rules and the signed request, with no
//! network.

use std::time::{Duration, UNIX_EPOCH};

use super::transport::answer_error;
use super::{AlibabaKms, endpoint_of, regional_host};
use crate::ErrorKind;
use crate::wire::alibaba::{IncomingRequest, SignatureVersion, parse_query, verify};

#[test]
fn error_bodies_map_through_the_table_keeping_code_request_id_and_status() {
    for (code, status, kind) in [
        ("Forbidden.KeyNotFound", 404, ErrorKind::NotFound),
        ("Forbidden.AliasNotFound", 404, ErrorKind::NotFound),
        ("Rejected.Disabled", 409, ErrorKind::Disabled),
        ("Rejected.PendingDeletion", 409, ErrorKind::InvalidState),
        ("Rejected.PendingImport", 409, ErrorKind::InvalidState),
        ("InvalidParameter", 400, ErrorKind::InvalidArgument),
        ("MissingParameter", 400, ErrorKind::InvalidArgument),
        ("AliasAlreadyExists", 400, ErrorKind::AlreadyExists),
        ("Rejected.Throttling", 429, ErrorKind::Throttled),
        ("Throttling.User", 400, ErrorKind::Throttled),
        ("SignatureDoesNotMatch", 400, ErrorKind::AccessDenied),
        ("InvalidImportToken", 400, ErrorKind::InvalidImportToken),
        ("ServiceUnavailableTemporary", 503, ErrorKind::Unavailable),
        ("InternalFailure", 500, ErrorKind::Internal),
    ] {
        let body = format!(
            r#"{{"HttpStatus":{status},"Code":"{code}","Message":"what Alibaba said","RequestId":"req-1234"}}"#
        );
        let error = crate::Error::from(answer_error("Encrypt", status, None, body.as_bytes()));
        assert_eq!(error.kind(), kind, "{code}");
        assert_eq!(error.vendor_code(), Some(code));
        assert_eq!(error.request_id(), Some("req-1234"));
        let crate::Error::Remote(remote) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(remote.http_status, Some(status));
        assert!(error.to_string().contains("what Alibaba said"), "{error}");
        assert!(error.to_string().contains("Encrypt"), "{error}");
    }
}

#[test]
fn unknown_codes_and_bodies_map_by_status() {
    let cases = [
        (
            r#"{"Code":"Something.New","Message":"m","RequestId":"r"}"#,
            503,
            ErrorKind::Unavailable,
        ),
        (
            r#"{"Code":"Something.New","Message":"m","RequestId":"r"}"#,
            500,
            ErrorKind::Internal,
        ),
        (
            r#"{"Code":"Something.New","Message":"m","RequestId":"r"}"#,
            429,
            ErrorKind::Throttled,
        ),
        (
            r#"{"Code":"Something.New","Message":"m","RequestId":"r"}"#,
            400,
            ErrorKind::InvalidArgument,
        ),
        ("<html>bad gateway</html>", 502, ErrorKind::Unavailable),
        ("", 403, ErrorKind::AccessDenied),
    ];
    for (body, status, kind) in cases {
        let error = answer_error("DescribeKey", status, Some("header-id"), body.as_bytes());
        assert_eq!(error.kind, kind, "{body} {status}");
        assert_eq!(error.http_status, Some(status));
    }
    // The gateway's lower-case spelling; the header's request id when the
    // body has none.
    let error = answer_error(
        "DescribeKey",
        400,
        Some("header-id"),
        br#"{"code":"Throttling","message":"slow down"}"#,
    );
    assert_eq!(error.kind, ErrorKind::Throttled);
    assert_eq!(error.request_id.as_deref(), Some("header-id"));
    let error = answer_error("DescribeKey", 502, None, b"<html>bad gateway</html>");
    assert_eq!(error.code, None);
    assert!(error.message.contains("bad gateway"), "{}", error.message);
}

#[test]
fn endpoints_are_urls_or_regions() {
    assert_eq!(
        endpoint_of("http://127.0.0.1:8080").unwrap(),
        ("http".to_owned(), "127.0.0.1:8080".to_owned())
    );
    assert_eq!(
        endpoint_of("kms-vpc.cn-hangzhou.aliyuncs.com").unwrap(),
        (
            "https".to_owned(),
            "kms-vpc.cn-hangzhou.aliyuncs.com".to_owned()
        )
    );
    assert_eq!(
        endpoint_of("https://kms.cn-hangzhou.aliyuncs.com/")
            .unwrap()
            .1,
        "kms.cn-hangzhou.aliyuncs.com"
    );
    for bad in [
        "ftp://host",
        "http://host/path",
        "http://user:pw@host",
        "http://",
    ] {
        assert!(endpoint_of(bad).is_err(), "{bad}");
    }
    assert_eq!(
        regional_host("cn-shanghai").unwrap(),
        "kms.cn-shanghai.aliyuncs.com"
    );
    assert!(regional_host("cn-shanghai.evil.com/").is_err());
    assert!(regional_host("").is_err());
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn requests_are_signed_v3_with_the_sdk_headers_and_the_security_token() {
    let kms = runtime()
        .block_on(
            AlibabaKms::builder()
                .endpoint_url("http://127.0.0.1:9")
                .credentials("LTAIexample", "the-secret", Some("sts-token".into()))
                .build(),
        )
        .unwrap();
    let at = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
    let params = [("KeyId".to_owned(), "alias/app".to_owned())];
    let request = kms
        .inner
        .transport
        .signed("DescribeKey", &params, at, "nonce-1")
        .unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:9/?KeyId=alias%2Fapp"
    );
    let header = |name: &str| request.headers().get(name).unwrap().to_str().unwrap();
    assert_eq!(header("host"), "127.0.0.1:9");
    assert_eq!(header("x-acs-action"), "DescribeKey");
    assert_eq!(header("x-acs-version"), "2016-01-20");
    assert_eq!(header("x-acs-date"), "2024-05-01T12:00:00Z");
    assert_eq!(header("x-acs-signature-nonce"), "nonce-1");
    assert_eq!(header("accept"), "application/json");
    assert_eq!(header("x-acs-security-token"), "sts-token");
    assert_eq!(
        header("x-acs-content-sha256"),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let authorization = header("authorization");
    assert!(
        authorization
            .starts_with("ACS3-HMAC-SHA256 Credential=LTAIexample,SignedHeaders=accept;host;"),
        "{authorization}"
    );
    assert!(
        authorization.contains("x-acs-security-token"),
        "{authorization}"
    );
    // The server's check accepts it, and refuses it with another secret.
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    let query = parse_query(request.uri().query().unwrap()).unwrap();
    let incoming = IncomingRequest::new("POST", "/")
        .query(&query)
        .headers(&headers);
    let verified = verify(
        &incoming,
        |id| (id == "LTAIexample").then_some("the-secret"),
        at,
    )
    .unwrap();
    assert_eq!(verified.version, SignatureVersion::V3);
    assert!(verify(&incoming, |_| Some("another"), at).is_err());
}

#[test]
fn every_attempt_has_a_fresh_nonce() {
    let kms = runtime()
        .block_on(
            AlibabaKms::builder()
                .region("cn-hangzhou")
                .credentials("LTAIexample", "s", None)
                .build(),
        )
        .unwrap();
    assert_eq!(kms.endpoint(), "https://kms.cn-hangzhou.aliyuncs.com");
    assert_eq!(kms.region(), Some("cn-hangzhou"));
    let (a, b) = (super::transport::nonce(), super::transport::nonce());
    assert_ne!(a, b);
    assert_eq!(a.len(), 32);
    assert!(!format!("{kms:?}").contains("\"s\""));
}

#[test]
fn no_credentials_or_no_region_is_a_clear_error() {
    let rt = runtime();
    let err = rt
        .block_on(
            AlibabaKms::builder()
                .credentials("LTAIexample", "s", None)
                .profile_file("/nonexistent/polykms/config.json")
                .build(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = rt
        .block_on(
            AlibabaKms::builder()
                .endpoint_url("http://127.0.0.1:9")
                .profile_file("/nonexistent/polykms/config.json")
                .build(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}
