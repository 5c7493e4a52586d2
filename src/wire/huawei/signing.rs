//! `SDK-HMAC-SHA256`, the AK/SK signature of Huawei Cloud's SDKs
//! (`huaweicloudsdkcore/signer/signer.py`), in both directions.
//!
//! The canonical request is six lines joined by `\n`: the method
//! (upper-case); the [canonical URI](super::canonical_uri) (the path
//! re-encoded segment by segment, always ending in `/`); the
//! [canonical query](super::canonical_query); the signed headers, each
//! `name:value` (name lower-case, value trimmed) followed by `\n`; the
//! signed header names joined by `;`; and the hex SHA-256 of the body (of
//! an empty body when there is none). The SDK signs every header whose
//! name has no `_`, sorted by lower-case name. The string to sign is
//! `SDK-HMAC-SHA256`, the `X-Sdk-Date` and the hex SHA-256 of the
//! canonical request, joined by `\n`; the signature is the hex
//! HMAC-SHA256 of the string to sign under the secret key (the SK itself,
//! no derivation), sent as
//! `Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=…, Signature=…`.

use std::fmt;
use std::time::{Duration, SystemTime};

use ring::{digest, hmac};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::encoding::{
    canonical_query, canonical_uri, format_sdk_date, hex_encode, parse_sdk_date,
};
use crate::secret::SecretBytes;

/// The algorithm name of the signature.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// How far a request's `X-Sdk-Date` may be from the server's clock, either
/// way: 15 minutes, as Huawei Cloud's API gateway allows.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// The hex SHA-256 of an empty body, which the SDK signs for a request
/// without one.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The header that carries a body hash in place of the body's own (the
/// SDK sends `UNSIGNED-PAYLOAD` in it for a body that is neither JSON nor
/// BSON).
pub const CONTENT_SHA256_HEADER: &str = "X-Sdk-Content-Sha256";

/// The value of [`CONTENT_SHA256_HEADER`] for a body that is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Headers that change a request's meaning: a server refuses one that is
/// sent but not signed.
const MUST_SIGN_IF_SENT: &[&str] = &[
    "content-type",
    "x-project-id",
    "x-domain-id",
    "x-security-token",
    "x-sdk-content-sha256",
];

/// A Huawei Cloud access key: the AK and its SK. `Debug` shows the AK only.
#[derive(Clone)]
pub struct AccessKey {
    id: String,
    secret: SecretBytes,
}

impl AccessKey {
    /// The access key `id` (AK) with its `secret` (SK).
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: SecretBytes::new(secret.into().into_bytes()),
        }
    }

    /// The AK.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub(crate) fn secret(&self) -> &[u8] {
        self.secret.expose_secret()
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// A request to sign.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use polykms::wire::huawei::{AccessKey, Request};
///
/// let at = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
/// let signed = Request::new("POST", "kms.cn-north-4.myhuaweicloud.com", "/v1.0/p1/kms/describe-key")
///     .project_id("p1")
///     .json_body(r#"{"key_id":"k"}"#)
///     .sign(&AccessKey::new("AK", "SK"), at);
/// assert!(signed.authorization.starts_with(
///     "SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature="
/// ));
/// assert_eq!(signed.header("X-Sdk-Date"), Some("20240501T120000Z"));
/// ```
#[derive(Debug, Clone)]
pub struct Request {
    method: String,
    host: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    /// A request by HTTP `method` to `host` (the `Host` header:
    /// `kms.cn-north-4.myhuaweicloud.com`, or `127.0.0.1:8080`) for `path`
    /// as it is sent (path parameters percent-encoded), without query,
    /// headers or body.
    pub fn new(
        method: impl Into<String>,
        host: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        Self {
            method: method.into(),
            host: host.into(),
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a query parameter (decoded; a name may repeat).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sets a header to send (and sign, unless its name has a `_`),
    /// replacing one of the same name in any case. The signer adds `Host`,
    /// `X-Sdk-Date` and `Authorization` itself.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Sets `X-Project-Id`, as the SDK does for regional services.
    pub fn project_id(self, project_id: impl Into<String>) -> Self {
        self.header("X-Project-Id", project_id)
    }

    /// Sets the body (its `Content-Type` is a [`header`](Self::header)).
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a JSON body and `Content-Type: application/json`.
    pub fn json_body(self, body: impl Into<Vec<u8>>) -> Self {
        self.header("Content-Type", "application/json").body(body)
    }

    /// Signs the request with `key` as of `at`, as the SDK does: a body
    /// whose `Content-Type` is neither JSON nor BSON is sent unsigned
    /// (`X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`), header values are
    /// trimmed, and every header whose name has no `_` is signed.
    pub fn sign(&self, key: &AccessKey, at: SystemTime) -> Signed {
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), v.trim().to_owned()))
            .collect();
        let content_type = header_of(&headers, "content-type").map(str::to_owned);
        if let Some(content_type) = content_type
            && !content_type.starts_with("application/json")
            && !content_type.starts_with("application/bson")
        {
            set(&mut headers, CONTENT_SHA256_HEADER, UNSIGNED_PAYLOAD);
        }
        set(&mut headers, "X-Sdk-Date", &format_sdk_date(at));
        if header_of(&headers, "host").is_none() {
            headers.push(("Host".to_owned(), self.host.trim().to_owned()));
        }
        let mut signed: Vec<String> = headers
            .iter()
            .filter(|(name, _)| !name.contains('_'))
            .map(|(name, _)| name.to_ascii_lowercase())
            .collect();
        signed.sort();
        signed.dedup();
        let signed: Vec<&str> = signed.iter().map(String::as_str).collect();
        let payload_hash = if self.body.is_empty() {
            EMPTY_BODY_SHA256.to_owned()
        } else {
            header_of(&headers, CONTENT_SHA256_HEADER)
                .map_or_else(|| sha256_hex(&self.body), str::to_owned)
        };
        let canonical_request = canonical_request(
            &self.method,
            &self.path,
            &self.query,
            &headers,
            &signed,
            &payload_hash,
        );
        let date = format_sdk_date(at);
        let string_to_sign = string_to_sign(&date, &canonical_request);
        let signature = signature(key.secret(), &string_to_sign);
        let authorization = format!(
            "{ALGORITHM} Access={}, SignedHeaders={}, Signature={signature}",
            key.id(),
            signed.join(";")
        );
        headers.push(("Authorization".to_owned(), authorization.clone()));
        Signed {
            method: self.method.to_ascii_uppercase(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers,
            body: self.body.clone(),
            canonical_request,
            string_to_sign,
            signature,
            authorization,
        }
    }
}

/// The value of header `name` (any case) in `headers`: the last, as the
/// SDK's signer keeps the last of names that differ only in case.
fn header_of<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Sets header `name`, replacing any of the same name.
fn set(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value.to_owned()));
}

/// A signed request: what to send, and how it was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signed {
    /// The HTTP method (upper-case).
    pub method: String,
    /// The path, as sent.
    pub path: String,
    /// The query parameters (sent as [`query_string`](Self::query_string)).
    pub query: Vec<(String, String)>,
    /// Every header to send, `Authorization` last. `Host` is among them
    /// (it is signed): an HTTP client that writes `Host` itself must write
    /// this value.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature (hex).
    pub signature: String,
    /// The `Authorization` header.
    pub authorization: String,
}

impl Signed {
    /// The query as the SDK sends it: the [canonical
    /// query](super::canonical_query) (empty without parameters).
    pub fn query_string(&self) -> String {
        canonical_query(&self.query)
    }

    /// The path and query to send (`/v1.0/…?limit=10`).
    pub fn uri(&self) -> String {
        let query = self.query_string();
        if query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{query}", self.path)
        }
    }

    /// The value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_of(&self.headers, name)
    }
}

/// The canonical request: `headers` holds the request's headers (names in
/// any case), `signed` the names of those signed, lower-case, in the order
/// `SignedHeaders` gives them; `payload_hash` is the hex SHA-256 of the
/// body (or what stands for it).
pub fn canonical_request(
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    signed: &[&str],
    payload_hash: &str,
) -> String {
    let canonical_headers: String = signed
        .iter()
        .map(|name| format!("{name}:{}\n", header_of(headers, name).unwrap_or("").trim()))
        .collect();
    format!(
        "{}\n{}\n{}\n{canonical_headers}\n{}\n{payload_hash}",
        method.to_ascii_uppercase(),
        canonical_uri(path),
        canonical_query(query),
        signed.join(";")
    )
}

/// The string to sign for a canonical request signed at `date` (an
/// `X-Sdk-Date` value).
pub fn string_to_sign(date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// The signature of `string_to_sign` under the SK: hex HMAC-SHA256.
pub fn signature(secret: &[u8], string_to_sign: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    hex_encode(hmac::sign(&key, string_to_sign.as_bytes()).as_ref())
}

/// Hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex_encode(digest::digest(&digest::SHA256, bytes).as_ref())
}

/// A request as a server received it, for [`verify`]: the method, the path
/// as sent (still percent-encoded), the decoded query parameters, the
/// headers (values decoded as UTF-8: the SDK sends a non-ASCII value's
/// UTF-8 bytes) and the body.
#[derive(Debug, Clone, Copy)]
pub struct IncomingRequest<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a [(String, String)],
    headers: &'a [(String, String)],
    payload: Payload<'a>,
}

/// The body of an [`IncomingRequest`], or its SHA-256 (hex) when the
/// server hashed it already.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// The body.
    Body(&'a [u8]),
    /// The hex SHA-256 of the body.
    Sha256Hex(&'a str),
}

impl<'a> IncomingRequest<'a> {
    /// A request to `path` (as sent) with `method`, no query, no headers
    /// and an empty body.
    pub fn new(method: &'a str, path: &'a str) -> Self {
        Self {
            method,
            path,
            query: &[],
            headers: &[],
            payload: Payload::Body(&[]),
        }
    }

    /// The decoded query parameters.
    pub fn query(mut self, query: &'a [(String, String)]) -> Self {
        self.query = query;
        self
    }

    /// The headers, names in any case.
    pub fn headers(mut self, headers: &'a [(String, String)]) -> Self {
        self.headers = headers;
        self
    }

    /// The body (or its hash).
    pub fn payload(mut self, payload: Payload<'a>) -> Self {
        self.payload = payload;
        self
    }

    /// The body.
    pub fn body(self, body: &'a [u8]) -> Self {
        self.payload(Payload::Body(body))
    }

    /// Every value of header `name` (any case).
    fn values(&self, name: &str) -> impl Iterator<Item = &'a str> {
        let name = name.to_owned();
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(&name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of header `name`, the first if sent more than once.
    fn header(&self, name: &str) -> Option<&'a str> {
        self.values(name).next()
    }

    /// The body's hash as the server computes it.
    fn body_hash(&self) -> (bool, String) {
        match self.payload {
            Payload::Body(body) => (body.is_empty(), sha256_hex(body)),
            Payload::Sha256Hex(hash) => {
                let hash = hash.to_ascii_lowercase();
                (hash == EMPTY_BODY_SHA256, hash)
            }
        }
    }
}

/// A request whose signature checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// The AK that signed it.
    pub access_key_id: String,
    /// The time the request says it was signed at (`X-Sdk-Date`).
    pub timestamp: SystemTime,
    /// The signed `X-Project-Id`, if sent: a server checks that it is the
    /// project of the path and of the AK.
    pub project_id: Option<String>,
    /// The signed `X-Security-Token` of temporary credentials, if sent.
    pub security_token: Option<String>,
}

/// Why a request's signature was refused. Huawei Cloud's API gateway
/// answers every refusal with HTTP 401 and `APIG.0301` ("Incorrect IAM
/// authentication information: …", in its flat error body: see
/// [`body`](Self::body)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The request carries no signature, or lacks a part of one.
    #[error("the request signature is incomplete: {what} is missing")]
    Missing {
        /// What is missing (a header, or a part of `Authorization`).
        what: String,
    },
    /// A part of the signature is malformed, or a header that must be
    /// signed is not.
    #[error("the request signature is malformed: {reason}")]
    Malformed {
        /// What is wrong.
        reason: String,
    },
    /// An algorithm this crate does not check (`SDK-HMAC-SM3`,
    /// `V11-HMAC-SHA256`, …), or an unsigned body.
    #[error("unsupported signing method {method:?}")]
    Unsupported {
        /// The algorithm named, or `UNSIGNED-PAYLOAD`.
        method: String,
    },
    /// `X-Sdk-Date` is missing or not `YYYYMMDDTHHMMSSZ`.
    #[error("the request has no valid X-Sdk-Date: {value:?}")]
    BadTimestamp {
        /// The value sent, if any.
        value: Option<String>,
    },
    /// `X-Sdk-Date` is more than [`MAX_CLOCK_SKEW`] from the server's clock.
    #[error("the X-Sdk-Date {value} is more than 15 minutes from the server's time")]
    Expired {
        /// The date sent.
        value: String,
    },
    /// No SK is known for the AK.
    #[error("Get secretKey failed,ak:{access_key_id},err:ak not exist")]
    UnknownAccessKey {
        /// The AK sent.
        access_key_id: String,
    },
    /// The signature does not match the one computed.
    #[error("verify aksk signature fail, ak:{access_key_id}")]
    Mismatch {
        /// The AK sent.
        access_key_id: String,
        /// The canonical request the server computed (for a server's log;
        /// it reveals no secret, and Huawei does not send it back).
        canonical_request: String,
    },
}

impl SignatureError {
    /// Huawei Cloud's error code for the refusal: `APIG.0301`.
    pub fn code(&self) -> &'static str {
        "APIG.0301"
    }

    /// The HTTP status of the refusal: 401.
    pub fn http_status(&self) -> u16 {
        401
    }

    /// The message as Huawei's gateway words it:
    /// `Incorrect IAM authentication information: ` and the reason.
    pub fn message(&self) -> String {
        format!("Incorrect IAM authentication information: {self}")
    }

    /// The gateway's error body for the refusal to the request
    /// `request_id`.
    pub fn body(&self, request_id: impl Into<String>) -> GatewayErrorBody {
        GatewayErrorBody {
            error_code: self.code().to_owned(),
            error_msg: self.message(),
            request_id: request_id.into(),
        }
    }
}

/// The error body of Huawei Cloud's API gateway (signature refusals,
/// throttling, unknown APIs), flat where KMS nests its own under `error`:
/// `{"error_code":"APIG.0301","error_msg":"…","request_id":"…"}`.
///
/// ```
/// use polykms::wire::huawei::{SignatureError, GatewayErrorBody};
///
/// let refused = SignatureError::UnknownAccessKey { access_key_id: "AK1".into() };
/// let json = serde_json::to_string(&refused.body("r-1")).unwrap();
/// assert_eq!(json, r#"{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: Get secretKey failed,ak:AK1,err:ak not exist","request_id":"r-1"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GatewayErrorBody {
    /// The error code (`APIG.0301`, …).
    pub error_code: String,
    /// The message.
    pub error_msg: String,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
}

/// The parts of an `Authorization: SDK-HMAC-SHA256 …` header.
struct Authorization<'a> {
    access_key_id: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

/// Reads an `Authorization` header.
fn parse_authorization(value: &str) -> Result<Authorization<'_>, SignatureError> {
    let value = value.trim();
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    if algorithm != ALGORITHM {
        return Err(SignatureError::Unsupported {
            method: algorithm.to_owned(),
        });
    }
    let (mut access, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        match part.split_once('=') {
            Some(("Access", v)) => access = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => {}
        }
    }
    let missing = |what: &str| SignatureError::Missing {
        what: format!("{what} in the Authorization header"),
    };
    Ok(Authorization {
        access_key_id: access
            .filter(|a| !a.is_empty())
            .ok_or_else(|| missing("Access"))?,
        signed_headers: signed_headers
            .filter(|s| !s.is_empty())
            .ok_or_else(|| missing("SignedHeaders"))?
            .split(';')
            .collect(),
        signature: signature
            .filter(|s| !s.is_empty())
            .ok_or_else(|| missing("Signature"))?,
    })
}

/// Refuses a signed-header list that names a header not sent or sent more
/// than once, or leaves out `host`, `x-sdk-date` or a header that changes
/// the request's meaning ([`MUST_SIGN_IF_SENT`]).
fn check_signed_headers(
    request: &IncomingRequest<'_>,
    signed: &[&str],
) -> Result<(), SignatureError> {
    for name in signed {
        if name.is_empty() || *name != name.to_ascii_lowercase() {
            return Err(SignatureError::Malformed {
                reason: format!("signed header name {name:?} is not lower-case"),
            });
        }
        match request.values(name).count() {
            0 => {
                return Err(SignatureError::Missing {
                    what: format!("the signed header {name}"),
                });
            }
            1 => {}
            _ => {
                return Err(SignatureError::Malformed {
                    reason: format!("the signed header {name} is sent more than once"),
                });
            }
        }
    }
    let sent = MUST_SIGN_IF_SENT
        .iter()
        .filter(|name| request.header(name).is_some());
    match ["host", "x-sdk-date"]
        .iter()
        .chain(sent)
        .find(|name| !signed.contains(name))
    {
        Some(name) => Err(SignatureError::Malformed {
            reason: format!("the {name} header must be signed"),
        }),
        None => Ok(()),
    }
}

/// Checks a request's `SDK-HMAC-SHA256` signature: the `Authorization`
/// header must be complete; its signed headers must include `host`,
/// `x-sdk-date` and every header sent among `content-type`,
/// `x-project-id`, `x-domain-id`, `x-security-token` and
/// `x-sdk-content-sha256`, and each must be sent once; `X-Sdk-Date` must be
/// within [`MAX_CLOCK_SKEW`] of `now`; `secret_of` must know the AK; and the
/// signature must be the one that SK gives (compared in constant time)
/// over the canonical request of the path as sent (re-encoded, always
/// ending in `/`), the query, the signed headers and the hash of the body
/// the server received. A body sent unsigned (`X-Sdk-Content-Sha256:
/// UNSIGNED-PAYLOAD`) is refused: KMS's bodies are JSON, which the SDK
/// always signs.
pub fn verify<S: AsRef<[u8]>>(
    request: &IncomingRequest<'_>,
    secret_of: impl FnOnce(&str) -> Option<S>,
    now: SystemTime,
) -> Result<Verified, SignatureError> {
    let header = request
        .header("authorization")
        .ok_or_else(|| SignatureError::Missing {
            what: "the Authorization header".to_owned(),
        })?;
    let authorization = parse_authorization(header)?;
    check_signed_headers(request, &authorization.signed_headers)?;
    let date = request
        .header("x-sdk-date")
        .map(str::trim)
        .ok_or(SignatureError::BadTimestamp { value: None })?;
    let timestamp = parse_sdk_date(date).ok_or_else(|| SignatureError::BadTimestamp {
        value: Some(date.to_owned()),
    })?;
    let skew = timestamp
        .duration_since(now)
        .unwrap_or_else(|early| early.duration());
    if skew > MAX_CLOCK_SKEW {
        return Err(SignatureError::Expired {
            value: date.to_owned(),
        });
    }
    let secret =
        secret_of(authorization.access_key_id).ok_or_else(|| SignatureError::UnknownAccessKey {
            access_key_id: authorization.access_key_id.to_owned(),
        })?;
    let (empty, actual) = request.body_hash();
    let payload_hash = match request.header(CONTENT_SHA256_HEADER).map(str::trim) {
        _ if empty => EMPTY_BODY_SHA256.to_owned(),
        Some(UNSIGNED_PAYLOAD) => {
            return Err(SignatureError::Unsupported {
                method: UNSIGNED_PAYLOAD.to_owned(),
            });
        }
        // The SDK signs the header's hash as written; it must be the body's.
        Some(sent) if sent.eq_ignore_ascii_case(&actual) => sent.to_owned(),
        _ => actual,
    };
    let canonical = canonical_request(
        request.method,
        request.path,
        request.query,
        request.headers,
        &authorization.signed_headers,
        &payload_hash,
    );
    let expected = signature(secret.as_ref(), &string_to_sign(date, &canonical));
    if !bool::from(
        expected
            .as_bytes()
            .ct_eq(authorization.signature.as_bytes()),
    ) {
        return Err(SignatureError::Mismatch {
            access_key_id: authorization.access_key_id.to_owned(),
            canonical_request: canonical,
        });
    }
    let signed_value = |name: &str| {
        authorization
            .signed_headers
            .contains(&name)
            .then(|| request.header(name).map(|v| v.trim().to_owned()))
            .flatten()
    };
    Ok(Verified {
        access_key_id: authorization.access_key_id.to_owned(),
        timestamp,
        project_id: signed_value("x-project-id"),
        security_token: signed_value("x-security-token"),
    })
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;

    fn at() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_714_564_800)
    }

    fn signed() -> Signed {
        Request::new("post", "kms.example", "/v1.0/p1/kms/encrypt-data")
            .query("k", "a b")
            .project_id("p1")
            .header("User-Agent", "test")
            .json_body(r#"{"key_id":"k","plain_text":"hi"}"#)
            .sign(&AccessKey::new("AK", "SK"), at())
    }

    fn check(
        signed: &Signed,
        headers: &[(String, String)],
        body: &[u8],
        now: SystemTime,
    ) -> Result<Verified, SignatureError> {
        let request = IncomingRequest::new(&signed.method, &signed.path)
            .query(&signed.query)
            .headers(headers)
            .body(body);
        verify(&request, |id| (id == "AK").then_some("SK"), now)
    }

    fn replace(
        headers: &[(String, String)],
        name: &str,
        value: Option<&str>,
    ) -> Vec<(String, String)> {
        let mut out: Vec<_> = headers
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
            .cloned()
            .collect();
        if let Some(value) = value {
            out.push((name.to_owned(), value.to_owned()));
        }
        out
    }

    #[test]
    fn access_key_debug_shows_the_id_only() {
        let debug = format!("{:?}", AccessKey::new("AKexample", "very-secret"));
        assert!(debug.contains("AKexample") && !debug.contains("very-secret"));
    }

    #[test]
    fn a_signed_request_verifies_with_its_body_or_its_hash() {
        let s = signed();
        assert_eq!(s.method, "POST");
        let verified = check(&s, &s.headers, &s.body, at()).unwrap();
        assert_eq!(verified.access_key_id, "AK");
        assert_eq!(verified.project_id.as_deref(), Some("p1"));
        assert_eq!(verified.timestamp, at());
        let hash = sha256_hex(&s.body);
        let request = IncomingRequest::new("POST", &s.path)
            .query(&s.query)
            .headers(&s.headers)
            .payload(Payload::Sha256Hex(&hash));
        assert!(verify(&request, |_| Some("SK"), at()).is_ok());
        // A trailing slash on the path signs the same.
        let slash = format!("{}/", s.path);
        let request = IncomingRequest::new("POST", &slash)
            .query(&s.query)
            .headers(&s.headers)
            .body(&s.body);
        assert!(verify(&request, |_| Some("SK"), at()).is_ok());
    }

    #[test]
    fn header_names_and_value_padding_do_not_matter() {
        let s = signed();
        let headers: Vec<_> = s
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_uppercase(), format!("  {v} ")))
            .collect();
        assert!(check(&s, &headers, &s.body, at()).is_ok());
    }

    #[test]
    fn each_refusal_has_its_reason() {
        let s = signed();
        let h = &s.headers;
        let auth = s.authorization.clone();
        let refused =
            |headers: Vec<(String, String)>| check(&s, &headers, &s.body, at()).unwrap_err();
        assert!(matches!(
            refused(replace(h, "Authorization", None)),
            SignatureError::Missing { .. }
        ));
        assert!(matches!(
            refused(replace(
                h,
                "Authorization",
                Some(&auth.replace(ALGORITHM, "SDK-HMAC-SM3"))
            )),
            SignatureError::Unsupported { .. }
        ));
        assert!(matches!(
            refused(replace(
                h,
                "Authorization",
                Some(&auth.replace("Access=AK", "Access=XX"))
            )),
            SignatureError::UnknownAccessKey { .. }
        ));
        assert!(matches!(
            refused(replace(
                h,
                "Authorization",
                Some("SDK-HMAC-SHA256 Access=AK")
            )),
            SignatureError::Missing { .. }
        ));
        assert!(matches!(
            refused(replace(h, "X-Project-Id", Some("p2"))),
            SignatureError::Mismatch { .. }
        ));
        assert!(matches!(
            refused(replace(h, "X-Sdk-Date", Some("2024-05-01T12:00:00Z"))),
            SignatureError::BadTimestamp { .. }
        ));
        // An unsigned header that changes the request's meaning.
        let mut extra = h.clone();
        extra.push(("X-Security-Token".into(), "t".into()));
        assert!(matches!(refused(extra), SignatureError::Malformed { .. }));
        // A signed header sent twice.
        let mut twice = h.clone();
        twice.push(("user-agent".into(), "other".into()));
        assert!(matches!(refused(twice), SignatureError::Malformed { .. }));
        let unsigned = replace(h, CONTENT_SHA256_HEADER, Some(UNSIGNED_PAYLOAD));
        let with_header = replace(
            &unsigned,
            "Authorization",
            Some(&auth.replace("SignedHeaders=", "SignedHeaders=x-sdk-content-sha256;")),
        );
        assert!(matches!(
            refused(with_header),
            SignatureError::Unsupported { .. }
        ));
        assert!(matches!(
            check(&s, h, b"{}", at()),
            Err(SignatureError::Mismatch { .. })
        ));
        let later = at() + MAX_CLOCK_SKEW + Duration::from_secs(1);
        assert!(matches!(
            check(&s, h, &s.body, later),
            Err(SignatureError::Expired { .. })
        ));
        assert!(check(&s, h, &s.body, at() + MAX_CLOCK_SKEW).is_ok());
    }

    #[test]
    fn refusals_carry_huaweis_gateway_code() {
        let refused = SignatureError::Mismatch {
            access_key_id: "AK".into(),
            canonical_request: String::new(),
        };
        assert_eq!((refused.code(), refused.http_status()), ("APIG.0301", 401));
        assert_eq!(
            refused.message(),
            "Incorrect IAM authentication information: verify aksk signature fail, ak:AK"
        );
    }

    #[test]
    fn the_canonical_request_has_six_parts_and_a_blank_line() {
        let s =
            Request::new("GET", "h", "/v1.0/p/kms/aliases").sign(&AccessKey::new("AK", "SK"), at());
        let lines: Vec<&str> = s.canonical_request.split('\n').collect();
        assert_eq!(
            lines,
            [
                "GET",
                "/v1.0/p/kms/aliases/",
                "",
                "host:h",
                "x-sdk-date:20240501T120000Z",
                "",
                "host;x-sdk-date",
                EMPTY_BODY_SHA256
            ]
        );
        assert!(
            s.string_to_sign
                .starts_with("SDK-HMAC-SHA256\n20240501T120000Z\n")
        );
        assert_eq!(s.uri(), "/v1.0/p/kms/aliases");
    }
}
