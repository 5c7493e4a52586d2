//! What both signature versions share: the AccessKey, the request a server
//! checks, what a check finds, and why it refuses.

pub mod v1;
pub mod v3;

use std::fmt;
use std::time::{Duration, SystemTime};

use ring::hmac;
use subtle::ConstantTimeEq;

use crate::secret::SecretBytes;

/// How far a request's `Timestamp` (V1) or `x-acs-date` (V3) may be from
/// the server's clock, either way: 15 minutes, as Alibaba Cloud allows.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// An Alibaba Cloud AccessKey: its id and secret. `Debug` shows the id only.
#[derive(Clone)]
pub struct AccessKey {
    id: String,
    secret: SecretBytes,
}

impl AccessKey {
    /// The AccessKey `id` with its `secret`.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: SecretBytes::new(secret.into().into_bytes()),
        }
    }

    /// The AccessKey id.
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

/// Which signature a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// Signature V1: HMAC-SHA1 over the canonicalized parameters.
    V1,
    /// Signature V3: `ACS3-HMAC-SHA256` over the canonical request.
    V3,
}

/// A request whose signature checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// The AccessKey id that signed it.
    pub access_key_id: String,
    /// The request's nonce (`SignatureNonce`, `x-acs-signature-nonce`): a
    /// server refuses a nonce it saw within [`MAX_CLOCK_SKEW`] of
    /// `timestamp` ([`SignatureError::NonceUsed`]).
    pub nonce: String,
    /// The time the request says it was signed at.
    pub timestamp: SystemTime,
    /// The signature version.
    pub version: SignatureVersion,
}

/// Why a request's signature was refused. Each reason has the code and
/// HTTP status Alibaba Cloud answers it with ([`code`](Self::code),
/// [`http_status`](Self::http_status)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The request carries no signature, or lacks a part of one.
    #[error("the request signature is incomplete: {what} is missing")]
    Missing {
        /// What is missing (a parameter or header name).
        what: String,
    },
    /// A part of the signature is malformed.
    #[error("the request signature is malformed: {reason}")]
    Malformed {
        /// What is wrong.
        reason: String,
    },
    /// A signature method or version this crate does not check.
    #[error("unsupported signature method {method:?}")]
    Unsupported {
        /// The method (or version) the request names.
        method: String,
    },
    /// The timestamp is missing or not ISO 8601 UTC.
    #[error("the request has no valid timestamp: {value:?}")]
    BadTimestamp {
        /// The value sent, if any.
        value: Option<String>,
    },
    /// The timestamp is more than [`MAX_CLOCK_SKEW`] from the server's clock.
    #[error("the request timestamp {value} is more than 15 minutes from the server's time")]
    Expired {
        /// The timestamp sent.
        value: String,
    },
    /// No secret is known for the AccessKey id.
    #[error("the AccessKey id {access_key_id:?} does not exist")]
    UnknownAccessKey {
        /// The AccessKey id sent.
        access_key_id: String,
    },
    /// The signature does not match the one computed.
    #[error("the signature does not match; the server's string to sign is {string_to_sign:?}")]
    Mismatch {
        /// The string to sign the server computed (Alibaba puts it in its
        /// message so that a client can compare; it reveals no secret).
        string_to_sign: String,
    },
    /// The nonce was used before within the time window. The verifier does
    /// not track nonces; a server that does reports reuse with this.
    #[error("the signature nonce {nonce:?} was used already")]
    NonceUsed {
        /// The nonce.
        nonce: String,
    },
}

impl SignatureError {
    /// Alibaba Cloud's error code for the refusal (`IncompleteSignature`,
    /// `SignatureDoesNotMatch`, …; see
    /// [`OTHER_ERROR_CODES`](super::OTHER_ERROR_CODES)).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing { .. } | Self::Malformed { .. } => "IncompleteSignature",
            Self::Unsupported { .. } => "InvalidSignatureMethod",
            Self::BadTimestamp { .. } => "IllegalTimestamp",
            Self::Expired { .. } => "InvalidTimeStamp.Expired",
            Self::UnknownAccessKey { .. } => "InvalidAccessKeyId.NotFound",
            Self::Mismatch { .. } => "SignatureDoesNotMatch",
            Self::NonceUsed { .. } => "SignatureNonceUsed",
        }
    }

    /// The HTTP status Alibaba Cloud answers the refusal with.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::UnknownAccessKey { .. } => 404,
            _ => 400,
        }
    }

    /// The message as Alibaba Cloud words it. For a mismatch it ends in
    /// `server string to sign is:` and the string to sign, which the V1
    /// SDK reads back (after the first `:`) to tell a wrong secret from a
    /// wrongly built request.
    pub fn message(&self) -> String {
        match self {
            Self::Mismatch { string_to_sign } => format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
            other => other.to_string(),
        }
    }
}

/// A request as a server received it, for [`verify`]: the method, the path
/// as sent (still percent-encoded), the decoded query parameters
/// ([`parse_query`](super::parse_query)), the decoded form body parameters
/// (V1 signs them with the query's), the headers and the body.
#[derive(Debug, Clone, Copy)]
pub struct IncomingRequest<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: &'a [(String, String)],
    pub(crate) form: &'a [(String, String)],
    pub(crate) headers: &'a [(String, String)],
    pub(crate) payload: Payload<'a>,
}

/// The body of an [`IncomingRequest`], or its SHA-256 (lower-case hex)
/// when the server hashed it already.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// The body.
    Body(&'a [u8]),
    /// The hex SHA-256 of the body.
    Sha256Hex(&'a str),
}

impl<'a> IncomingRequest<'a> {
    /// A request to `path` (as sent, e.g. `/`) with `method`, no parameters,
    /// no headers and an empty body.
    pub fn new(method: &'a str, path: &'a str) -> Self {
        Self {
            method,
            path,
            query: &[],
            form: &[],
            headers: &[],
            payload: Payload::Body(&[]),
        }
    }

    /// The decoded query parameters.
    pub fn query(mut self, query: &'a [(String, String)]) -> Self {
        self.query = query;
        self
    }

    /// The decoded parameters of an `application/x-www-form-urlencoded`
    /// body (V1 signs them; V3 signs the body's hash instead).
    pub fn form(mut self, form: &'a [(String, String)]) -> Self {
        self.form = form;
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

    /// The value of the header `name` (case-insensitive); the first, if
    /// sent more than once.
    pub(crate) fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Checks a request's signature, V3 if it has an `Authorization` header,
/// else V1: the signature must be complete and well-formed, its time
/// within [`MAX_CLOCK_SKEW`] of `now`, its AccessKey id one `secret_of`
/// knows, and the signature the one that secret gives (compared in
/// constant time). Nonce reuse is the caller's to check, with
/// [`Verified::nonce`].
///
/// See [`v1::verify`] and [`v3::verify`] for what each version requires.
pub fn verify<S: AsRef<[u8]>>(
    request: &IncomingRequest<'_>,
    secret_of: impl FnOnce(&str) -> Option<S>,
    now: SystemTime,
) -> Result<Verified, SignatureError> {
    if request.header("authorization").is_some() {
        v3::verify(request, secret_of, now)
    } else {
        v1::verify(request, secret_of, now)
    }
}

/// Refuses a time more than [`MAX_CLOCK_SKEW`] from `now`.
fn check_window(value: &str, now: SystemTime) -> Result<SystemTime, SignatureError> {
    let at = super::parse_timestamp(value).ok_or_else(|| SignatureError::BadTimestamp {
        value: Some(value.to_owned()),
    })?;
    let skew = at
        .duration_since(now)
        .unwrap_or_else(|early| early.duration());
    if skew > MAX_CLOCK_SKEW {
        return Err(SignatureError::Expired {
            value: value.to_owned(),
        });
    }
    Ok(at)
}

/// The secret of `access_key_id`, or the refusal.
fn secret_for<S>(
    access_key_id: &str,
    secret_of: impl FnOnce(&str) -> Option<S>,
) -> Result<S, SignatureError> {
    secret_of(access_key_id).ok_or_else(|| SignatureError::UnknownAccessKey {
        access_key_id: access_key_id.to_owned(),
    })
}

/// Compares a computed signature with the one sent, in constant time.
fn check_signature(
    expected: &str,
    sent: &str,
    string_to_sign: String,
) -> Result<(), SignatureError> {
    if bool::from(expected.as_bytes().ct_eq(sent.as_bytes())) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch { string_to_sign })
    }
}

/// HMAC of `message` under `key`.
fn hmac_tag(algorithm: hmac::Algorithm, key: &[u8], message: &str) -> hmac::Tag {
    hmac::sign(&hmac::Key::new(algorithm, key), message.as_bytes())
}

/// Refuses a parameter name that appears twice.
fn refuse_duplicates<'p>(
    pairs: impl Iterator<Item = &'p (String, String)>,
) -> Result<(), SignatureError> {
    let mut names: Vec<&str> = pairs.map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    match names.windows(2).find(|w| w[0] == w[1]) {
        Some(w) => Err(SignatureError::Malformed {
            reason: format!("parameter {} appears more than once", w[0]),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_key_debug_shows_the_id_only() {
        let key = AccessKey::new("LTAIexample", "very-secret");
        let debug = format!("{key:?}");
        assert!(debug.contains("LTAIexample"));
        assert!(!debug.contains("very-secret"));
    }

    #[test]
    fn refusals_have_alibabas_codes_and_statuses() {
        let mismatch = SignatureError::Mismatch {
            string_to_sign: "POST&%2F&A%3D1".into(),
        };
        assert_eq!(
            (mismatch.code(), mismatch.http_status()),
            ("SignatureDoesNotMatch", 400)
        );
        // The V1 SDK reads the string to sign back after the first colon.
        assert_eq!(mismatch.message().split(':').nth(1), Some("POST&%2F&A%3D1"));
        let unknown = SignatureError::UnknownAccessKey {
            access_key_id: "x".into(),
        };
        assert_eq!(
            (unknown.code(), unknown.http_status()),
            ("InvalidAccessKeyId.NotFound", 404)
        );
    }

    #[test]
    fn the_window_is_fifteen_minutes_either_way() {
        let now = super::super::parse_timestamp("2024-05-01T12:00:00Z").unwrap();
        assert!(check_window("2024-05-01T12:15:00Z", now).is_ok());
        assert!(check_window("2024-05-01T11:45:00Z", now).is_ok());
        assert!(matches!(
            check_window("2024-05-01T12:15:01Z", now),
            Err(SignatureError::Expired { .. })
        ));
        assert!(matches!(
            check_window("2024-05-01T11:44:59Z", now),
            Err(SignatureError::Expired { .. })
        ));
        assert!(matches!(
            check_window("yesterday", now),
            Err(SignatureError::BadTimestamp { .. })
        ));
    }

    #[test]
    fn duplicate_names_are_refused() {
        let pairs = [
            ("A".to_string(), "1".to_string()),
            ("A".to_string(), "2".to_string()),
        ];
        assert!(refuse_duplicates(pairs.iter()).is_err());
        assert!(refuse_duplicates(pairs[..1].iter()).is_ok());
    }
}
