//! Signature V3, `ACS3-HMAC-SHA256`, the signature of the current SDKs
//! (`alibabacloud_tea_openapi` and every `alibabacloud_*` product SDK).
//!
//! The canonical request is six lines joined by `\n`: the method; the path
//! as sent (`/`); the query, sorted by name, each `name=value` with both
//! [percent-encoded](super::super::percent_encode), joined by `&`; the
//! signed headers, each `name:value` (name lower-case, value trimmed,
//! several values of one name sorted and joined by `,`) and followed by
//! `\n`; the signed header names joined by `;`; and the hex SHA-256 of the
//! body (which the request also sends as `x-acs-content-sha256`). The
//! string to sign is `ACS3-HMAC-SHA256\n` followed by the hex SHA-256 of
//! the canonical request; the signature is the hex HMAC-SHA256 of the
//! string to sign under the secret, sent as
//! `Authorization: ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=…,Signature=…`.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use polykms::wire::alibaba::{AccessKey, IncomingRequest, parse_query, v3, verify};
//!
//! let key = AccessKey::new("LTAIexample", "secret");
//! let at = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
//! let signed = v3::Request::new("POST", "kms.cn-hangzhou.aliyuncs.com", "DescribeKey")
//!     .query("KeyId", "alias/app")
//!     .sign(&key, at, "a-fresh-nonce");
//! assert!(signed.authorization.starts_with(
//!     "ACS3-HMAC-SHA256 Credential=LTAIexample,SignedHeaders=host;x-acs-action;x-acs-content-sha256;"
//! ));
//!
//! // A server checks it.
//! let query = parse_query(&signed.query_string()).unwrap();
//! let request = IncomingRequest::new("POST", "/").query(&query).headers(&signed.headers);
//! let verified = verify(&request, |id| (id == "LTAIexample").then_some("secret"), at).unwrap();
//! assert_eq!(verified.access_key_id, "LTAIexample");
//! ```

use std::collections::BTreeMap;
use std::time::SystemTime;

use ring::{digest, hmac};

use super::super::encoding::{format_timestamp, hex, percent_encode, query_string};
use super::{
    AccessKey, IncomingRequest, Payload, SignatureError, SignatureVersion, Verified,
    check_signature, check_window, hmac_tag, refuse_duplicates, secret_for,
};
use crate::wire::alibaba::API_VERSION;

/// The algorithm name of signature V3.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// A request to sign with signature V3.
#[derive(Debug, Clone)]
pub struct Request {
    method: String,
    path: String,
    host: String,
    action: String,
    version: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    /// A request for `action` by HTTP `method` to `host` (the `host`
    /// header: `kms.cn-hangzhou.aliyuncs.com`, or `127.0.0.1:8080`), path
    /// `/`, API version `2016-01-20`, with an empty body.
    pub fn new(
        method: impl Into<String>,
        host: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Self {
            method: method.into(),
            path: "/".to_owned(),
            host: host.into(),
            action: action.into(),
            version: API_VERSION.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Sets the path, as it is sent (percent-encoded).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Sets the API version (`x-acs-version`).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// Adds a query parameter (the RPC actions take every parameter in the
    /// query).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header to send and sign (`user-agent`, `accept`, …); the
    /// signer adds `host`, `x-acs-action`, `x-acs-version`, `x-acs-date`,
    /// `x-acs-signature-nonce` and `x-acs-content-sha256` itself.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .push((name.into().to_ascii_lowercase(), value.into()));
        self
    }

    /// Sets the body and its `content-type`.
    pub fn body(mut self, body: impl Into<Vec<u8>>, content_type: impl Into<String>) -> Self {
        self.body = body.into();
        self.headers
            .push(("content-type".to_owned(), content_type.into()));
        self
    }

    /// Signs the request with `key` as of `timestamp`, with `nonce` as its
    /// `x-acs-signature-nonce` (a fresh random one per request: the server
    /// refuses one it has seen).
    pub fn sign(&self, key: &AccessKey, timestamp: SystemTime, nonce: &str) -> Signed {
        let payload_hash = sha256_hex(&self.body);
        let date = format_timestamp(timestamp);
        let mut headers: BTreeMap<String, String> = self.headers.iter().cloned().collect();
        for (name, value) in [
            ("host", self.host.as_str()),
            ("x-acs-action", self.action.as_str()),
            ("x-acs-version", self.version.as_str()),
            ("x-acs-date", date.as_str()),
            ("x-acs-signature-nonce", nonce),
            ("x-acs-content-sha256", payload_hash.as_str()),
        ] {
            headers.insert(name.to_owned(), value.to_owned());
        }
        let mut headers: Vec<(String, String)> = headers.into_iter().collect();
        let signed: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
        let canonical_request = canonical_request(
            &self.method,
            &self.path,
            &self.query,
            &headers,
            &signed,
            &payload_hash,
        );
        let string_to_sign = string_to_sign(&canonical_request);
        let signature = signature(key.secret(), &string_to_sign);
        let authorization = format!(
            "{ALGORITHM} Credential={},SignedHeaders={},Signature={signature}",
            key.id(),
            signed.join(";")
        );
        headers.push(("authorization".to_owned(), authorization.clone()));
        Signed {
            method: self.method.clone(),
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

/// A request signed with signature V3: what to send, and how it was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signed {
    /// The HTTP method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The query parameters (see [`query_string`](Self::query_string)).
    pub query: Vec<(String, String)>,
    /// Every header to send, names lower-case, `authorization` last.
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
    /// The query as it is sent, percent-encoded (empty without parameters).
    pub fn query_string(&self) -> String {
        query_string(&self.query)
    }
}

/// The canonical request: `headers` holds the request's headers (names in
/// any case), `signed` the names of those signed, lower-case, in the order
/// the `SignedHeaders` list gives them; `payload_hash` is the hex SHA-256
/// of the body.
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
        .map(|name| format!("{name}:{}\n", header_entry(headers, name)))
        .collect();
    format!(
        "{method}\n{path}\n{}\n{canonical_headers}\n{}\n{payload_hash}",
        canonical_query(query),
        signed.join(";")
    )
}

/// The sorted, percent-encoded query of the canonical request.
fn canonical_query(query: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = query.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let pairs: Vec<String> = sorted
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect();
    pairs.join("&")
}

/// The values of the header `name`, trimmed, sorted and joined by `,`.
fn header_entry(headers: &[(String, String)], name: &str) -> String {
    let mut values: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .collect();
    values.sort_unstable();
    values.join(",")
}

/// The string to sign for a canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// The signature of `string_to_sign` under the AccessKey secret: hex
/// HMAC-SHA256.
pub fn signature(secret: &[u8], string_to_sign: &str) -> String {
    hex(hmac_tag(hmac::HMAC_SHA256, secret, string_to_sign).as_ref())
}

/// Hex SHA-256, as `x-acs-content-sha256` carries the body's.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, bytes).as_ref())
}

/// The parts of an `Authorization: ACS3-HMAC-SHA256 …` header.
struct Authorization<'a> {
    access_key_id: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

/// Reads an `Authorization` header.
fn parse_authorization(value: &str) -> Result<Authorization<'_>, SignatureError> {
    let (algorithm, rest) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    if algorithm != ALGORITHM {
        return Err(SignatureError::Unsupported {
            method: algorithm.to_owned(),
        });
    }
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        match part.split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => {}
        }
    }
    let missing = |what: &str| SignatureError::Missing {
        what: format!("{what} in the Authorization header"),
    };
    let signed_headers = signed_headers.ok_or_else(|| missing("SignedHeaders"))?;
    Ok(Authorization {
        access_key_id: credential
            .filter(|c| !c.is_empty())
            .ok_or_else(|| missing("Credential"))?,
        signed_headers: signed_headers.split(';').collect(),
        signature: signature.ok_or_else(|| missing("Signature"))?,
    })
}

/// Checks a V3 signature. The `Authorization` header must name
/// `ACS3-HMAC-SHA256`; the signed headers must include `host`,
/// `x-acs-date` (within [`MAX_CLOCK_SKEW`](super::MAX_CLOCK_SKEW) of
/// `now`), `x-acs-signature-nonce`, `content-type` if sent, and every
/// `x-acs-*` header sent (`x-acs-action` chooses the action: an unsigned
/// one could be swapped); each signed header must be sent; a query
/// parameter may not be sent twice. The canonical request takes the body's
/// hash as the server computes it, so a body that is not the one the
/// client hashed (into the signed `x-acs-content-sha256`) fails.
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
    refuse_duplicates(request.query.iter())?;
    let nonce = signed_value(request, "x-acs-signature-nonce")?;
    let date = request
        .header("x-acs-date")
        .ok_or(SignatureError::BadTimestamp { value: None })?;
    let timestamp = check_window(date.trim(), now)?;
    let payload_hash = payload_hash(request);
    let secret = secret_for(authorization.access_key_id, secret_of)?;
    let canonical = canonical_request(
        request.method,
        request.path,
        request.query,
        request.headers,
        &authorization.signed_headers,
        &payload_hash,
    );
    let string_to_sign = string_to_sign(&canonical);
    let expected = signature(secret.as_ref(), &string_to_sign);
    check_signature(&expected, authorization.signature, string_to_sign)?;
    Ok(Verified {
        access_key_id: authorization.access_key_id.to_owned(),
        nonce: nonce.trim().to_owned(),
        timestamp,
        version: SignatureVersion::V3,
    })
}

/// The value of a header that must be sent (and is signed: see
/// [`check_signed_headers`]).
fn signed_value<'a>(request: &IncomingRequest<'a>, name: &str) -> Result<&'a str, SignatureError> {
    request.header(name).ok_or_else(|| SignatureError::Missing {
        what: format!("the {name} header"),
    })
}

/// Refuses a signed header list that leaves out a header that must be
/// signed, or names one that was not sent.
fn check_signed_headers(
    request: &IncomingRequest<'_>,
    signed: &[&str],
) -> Result<(), SignatureError> {
    let is_signed = |name: &str| signed.iter().any(|s| s.eq_ignore_ascii_case(name));
    for name in signed {
        if *name != name.to_ascii_lowercase() || name.is_empty() {
            return Err(SignatureError::Malformed {
                reason: format!("signed header name {name:?} is not lower-case"),
            });
        }
        signed_value(request, name)?;
    }
    let must = ["host", "x-acs-date", "x-acs-signature-nonce"].into_iter();
    let sent = request
        .headers
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| {
            let lower = name.to_ascii_lowercase();
            lower.starts_with("x-acs-") || lower == "content-type"
        });
    match must.chain(sent).find(|name| !is_signed(name)) {
        Some(name) => Err(SignatureError::Malformed {
            reason: format!("the {} header must be signed", name.to_ascii_lowercase()),
        }),
        None => Ok(()),
    }
}

/// The body's hash, as the server computes it (never the hash the client
/// sent in `x-acs-content-sha256`: a body that does not match it fails the
/// signature).
fn payload_hash(request: &IncomingRequest<'_>) -> String {
    match request.payload {
        Payload::Body(body) => sha256_hex(body),
        Payload::Sha256Hex(hash) => hash.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    fn at() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_714_564_800)
    }

    fn signed() -> Signed {
        Request::new("POST", "kms.example", "Encrypt")
            .query("KeyId", "alias/a b")
            .header("User-Agent", "test")
            .body(br#"{"Plaintext":"aGk="}"#.to_vec(), "application/json")
            .sign(&AccessKey::new("AK", "SK"), at(), "n-1")
    }

    fn check(
        signed: &Signed,
        headers: &[(String, String)],
        now: SystemTime,
    ) -> Result<Verified, SignatureError> {
        let request = IncomingRequest::new(&signed.method, &signed.path)
            .query(&signed.query)
            .headers(headers)
            .payload(Payload::Body(&signed.body));
        verify(&request, |id| (id == "AK").then_some("SK"), now)
    }

    fn replace(
        headers: &[(String, String)],
        name: &str,
        value: Option<&str>,
    ) -> Vec<(String, String)> {
        let mut out: Vec<_> = headers.iter().filter(|(n, _)| n != name).cloned().collect();
        if let Some(value) = value {
            out.push((name.to_owned(), value.to_owned()));
        }
        out
    }

    #[test]
    fn a_signed_request_verifies_with_its_body_or_hash() {
        let s = signed();
        let verified = check(&s, &s.headers, at()).unwrap();
        assert_eq!(
            (verified.access_key_id.as_str(), verified.nonce.as_str()),
            ("AK", "n-1")
        );
        assert_eq!(verified.version, SignatureVersion::V3);
        let hash = sha256_hex(&s.body);
        let request = IncomingRequest::new("POST", "/")
            .query(&s.query)
            .headers(&s.headers)
            .payload(Payload::Sha256Hex(&hash));
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
        assert!(check(&s, &headers, at()).is_ok());
    }

    #[test]
    fn each_refusal_has_its_reason() {
        let s = signed();
        let h = &s.headers;
        let auth = s.authorization.clone();
        let refused = |headers: Vec<(String, String)>| check(&s, &headers, at()).unwrap_err();
        assert!(matches!(
            refused(replace(
                h,
                "authorization",
                Some(&auth.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"))
            )),
            SignatureError::Unsupported { .. }
        ));
        assert!(matches!(
            refused(replace(
                h,
                "authorization",
                Some(&auth.replace("Credential=AK", "Credential=XX"))
            )),
            SignatureError::UnknownAccessKey { .. }
        ));
        assert!(matches!(
            refused(replace(
                h,
                "authorization",
                Some("ACS3-HMAC-SHA256 Credential=AK")
            )),
            SignatureError::Missing { .. }
        ));
        assert!(matches!(
            refused(replace(h, "x-acs-signature-nonce", None)),
            SignatureError::Missing { .. }
        ));
        assert!(matches!(
            refused(replace(h, "x-acs-action", Some("Decrypt"))),
            SignatureError::Mismatch { .. }
        ));
        assert!(matches!(
            refused(replace(h, "x-acs-content-sha256", Some(&sha256_hex(b"x")))),
            SignatureError::Mismatch { .. }
        ));
        // An unsigned x-acs-* header could change the request's meaning.
        let mut extra = h.clone();
        extra.push(("x-acs-security-token".into(), "t".into()));
        assert!(matches!(refused(extra), SignatureError::Malformed { .. }));
        let later = at() + Duration::from_secs(15 * 60 + 1);
        assert!(matches!(
            check(&s, h, later),
            Err(SignatureError::Expired { .. })
        ));
    }

    #[test]
    fn the_canonical_request_has_six_lines_and_a_blank_one() {
        let s = Request::new("GET", "h", "A").sign(&AccessKey::new("AK", "SK"), at(), "n");
        let lines: Vec<&str> = s.canonical_request.split('\n').collect();
        assert_eq!(lines[..3], ["GET", "/", ""]);
        assert_eq!(lines[3], "host:h");
        assert_eq!(lines[lines.len() - 3], "");
        assert_eq!(lines[lines.len() - 1], sha256_hex(b""));
        assert!(s.string_to_sign.starts_with("ACS3-HMAC-SHA256\n"));
    }
}
