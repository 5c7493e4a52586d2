//! Huawei Cloud KMS's REST protocol (DEW KMS API v1.0): `SDK-HMAC-SHA256`
//! signing in both directions, the error table and error bodies, the table
//! of endpoints, and the shapes of their bodies and answers.
//!
//! Every endpoint is an HTTP request to `/v1.0/{project_id}/kms/…`
//! (mostly `POST` with a JSON body; the alias and tag listings are `GET`
//! with a query), answered with JSON and an `X-Request-Id` header.
//! [`ENDPOINTS`] lists them with their method, path template, query and
//! shapes; [`route`] finds a request's endpoint and path parameters (the
//! project first), [`Endpoint::path_for`] builds a path to call.
//!
//! A client signs with [`Request`]; a server checks with [`verify`], which
//! names the AK that signed and the signed `X-Project-Id` ([`Verified`]),
//! or says why not ([`SignatureError`], answered as the API gateway does:
//! HTTP 401, `APIG.0301`, in a [`GatewayErrorBody`]). Both canonicalize
//! with [`canonical_uri`] (the path re-encoded segment by segment, always
//! ending in `/`) and [`canonical_query`]. The signer is checked byte for
//! byte against vectors made by the official Python SDK's own signer
//! (`tests/data/huawei/`).
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use polykms::wire::huawei::{self, AccessKey, Endpoint, IncomingRequest, Request};
//!
//! let key = AccessKey::new("HPUAEXAMPLE", "example-secret");
//! let now = UNIX_EPOCH + Duration::from_secs(1_714_564_800); // 2024-05-01T12:00:00Z
//!
//! // A client signs an encrypt-data request …
//! let path = Endpoint::named("encrypt-data").unwrap().path_for(&[("project_id", "p1")]).unwrap();
//! let signed = Request::new("POST", "kms.cn-north-4.myhuaweicloud.com", &path)
//!     .project_id("p1")
//!     .json_body(r#"{"key_id":"0d0466b0-e727-4d9c-b35d-f84bb474a37f","plain_text":"hello"}"#)
//!     .sign(&key, now);
//! assert!(signed.authorization.starts_with("SDK-HMAC-SHA256 Access=HPUAEXAMPLE, SignedHeaders="));
//!
//! // … and the server routes it and checks it against its credentials.
//! let route = huawei::route(&signed.method, &signed.path).unwrap();
//! assert_eq!((route.endpoint.name, route.project_id()), ("encrypt-data", "p1"));
//! let request = IncomingRequest::new(&signed.method, &signed.path)
//!     .headers(&signed.headers)
//!     .body(&signed.body);
//! let secret_of = |ak: &str| (ak == "HPUAEXAMPLE").then_some("example-secret");
//! let verified = huawei::verify(&request, secret_of, now).unwrap();
//! assert_eq!(verified.access_key_id, "HPUAEXAMPLE");
//! assert_eq!(verified.project_id.as_deref(), Some("p1"));
//!
//! // A changed body, a wrong secret or a stale clock is refused.
//! let changed = IncomingRequest::new(&signed.method, &signed.path)
//!     .headers(&signed.headers)
//!     .body(br#"{"key_id":"0d0466b0-e727-4d9c-b35d-f84bb474a37f","plain_text":"HELLO"}"#);
//! assert_eq!(huawei::verify(&changed, secret_of, now).unwrap_err().code(), "APIG.0301");
//! let later = now + Duration::from_secs(16 * 60);
//! let refused = huawei::verify(&request, secret_of, later).unwrap_err();
//! assert!(matches!(refused, huawei::SignatureError::Expired { .. }));
//! assert_eq!(refused.http_status(), 401);
//! ```
//!
//! Errors answer with the [`ERROR_CODES`] table (a row per
//! [`ErrorKind`](crate::ErrorKind)) and the more specific codes of
//! [`OTHER_ERROR_CODES`], chosen for an [`Error`](crate::Error) by
//! [`error_code`], in an [`ErrorBody`] (`{"error":{"error_code":…,
//! "error_msg":…}}`); a client reads any of Huawei's error bodies with
//! [`ErrorBody::read`] and a code back with [`kind_of`].
//!
//! The shapes use Huawei's field names and its spellings, which
//! `huaweicloudsdkkms`'s models define (a unit test checks every field of
//! every shape against them): numbers and flags as strings where Huawei
//! sends strings (`limit`, `pending_days`, `datakey_length`,
//! `signature_valid`, …), key states as `"1"` to `"5"`, data keys in hex,
//! times in epoch milliseconds. Vocabulary (key specs, usages, algorithms,
//! states, origins) is read with the crate's [`spec`](crate::spec) types,
//! which accept Huawei's spellings, and written with [`spelling`].

mod crypto;
mod encoding;
mod endpoints;
mod errors;
mod keys;
mod signing;

pub use crate::wire::alibaba::{MalformedQuery, parse_query};
pub use crypto::*;
pub use encoding::{
    canonical_query, canonical_uri, format_sdk_date, hex_decode, hex_encode, parse_sdk_date,
    percent_decode, percent_encode,
};
pub use endpoints::{ENDPOINTS, Endpoint, Route, route};
pub use errors::{ERROR_CODES, ErrorBody, ErrorDetail, OTHER_ERROR_CODES, error_code, kind_of};
pub use keys::*;
pub use signing::{
    ALGORITHM, AccessKey, CONTENT_SHA256_HEADER, EMPTY_BODY_SHA256, GatewayErrorBody,
    IncomingRequest, MAX_CLOCK_SKEW, Payload, Request, SignatureError, Signed, UNSIGNED_PAYLOAD,
    Verified, canonical_request, sha256_hex, signature, string_to_sign, verify,
};

/// The header that carries the id of a request in every answer of Huawei
/// Cloud's services, errors included (the SDK reads it into its
/// exceptions).
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";
