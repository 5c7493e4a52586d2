//! Signature V1, the RPC signature of `aliyun-python-sdk-core` and the other
//! classic SDKs: HMAC-SHA1 over the canonicalized parameters.
//!
//! Every parameter (the query's and a form body's) but `Signature` is
//! sorted by name; names and values are [percent-encoded](super::super::percent_encode)
//! and joined as `name=value` with `&`; the string to sign is
//! `METHOD&%2F&` followed by that canonicalized query, percent-encoded
//! again; the signature is the base64 HMAC-SHA1 of the string to sign under
//! the secret followed by `&`, sent as the `Signature` parameter.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use polykms::wire::alibaba::{AccessKey, IncomingRequest, parse_query, v1, verify};
//!
//! let key = AccessKey::new("LTAIexample", "secret");
//! let at = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
//! let signed = v1::Request::new("POST", "DescribeKey")
//!     .region_id("cn-hangzhou")
//!     .parameter("KeyId", "alias/app")
//!     .sign(&key, at, "a-fresh-nonce");
//! assert!(signed.string_to_sign.starts_with("POST&%2F&AccessKeyId%3DLTAIexample%26Action%3DDescribeKey"));
//!
//! // A server checks it.
//! let query = parse_query(&signed.query_string()).unwrap();
//! let request = IncomingRequest::new("POST", "/").query(&query);
//! let verified = verify(&request, |id| (id == "LTAIexample").then_some("secret"), at).unwrap();
//! assert_eq!(verified.nonce, "a-fresh-nonce");
//! ```

use std::collections::BTreeMap;
use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ring::hmac;

use super::super::encoding::{format_timestamp, percent_encode, query_string};
use super::{
    AccessKey, IncomingRequest, SignatureError, SignatureVersion, Verified, check_signature,
    check_window, hmac_tag, refuse_duplicates, secret_for,
};
use crate::wire::alibaba::API_VERSION;

/// The `SignatureMethod` of signature V1.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";

/// The `SignatureVersion` of signature V1.
pub const SIGNATURE_VERSION: &str = "1.0";

/// A request to sign with signature V1: its method, action, the common
/// parameters and the action's own.
#[derive(Debug, Clone)]
pub struct Request {
    method: String,
    action: String,
    version: String,
    format: String,
    region_id: Option<String>,
    parameters: Vec<(String, String)>,
}

impl Request {
    /// A request for `action` by HTTP `method` (`POST` or `GET`), for API
    /// version `2016-01-20`, answered in `JSON`, with no region.
    pub fn new(method: impl Into<String>, action: impl Into<String>) -> Self {
        Self {
            method: method.into(),
            action: action.into(),
            version: API_VERSION.to_owned(),
            format: "JSON".to_owned(),
            region_id: None,
            parameters: Vec::new(),
        }
    }

    /// Sets the API version (`Version`).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// Sets the answer's format (`Format`: `JSON`, or `json` as the V3
    /// SDK's V1 mode writes it).
    pub fn format(mut self, format: impl Into<String>) -> Self {
        self.format = format.into();
        self
    }

    /// Sets `RegionId`.
    pub fn region_id(mut self, region_id: impl Into<String>) -> Self {
        self.region_id = Some(region_id.into());
        self
    }

    /// Adds one of the action's parameters (or replaces it, by name).
    pub fn parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parameters.push((name.into(), value.into()));
        self
    }

    /// Signs the request with `key` as of `timestamp`, with `nonce` as its
    /// `SignatureNonce` (use a fresh random one per request: the server
    /// refuses one it has seen).
    pub fn sign(&self, key: &AccessKey, timestamp: SystemTime, nonce: &str) -> Signed {
        let mut parameters: BTreeMap<String, String> = self.parameters.iter().cloned().collect();
        let mut common = |name: &str, value: &str| {
            parameters.insert(name.to_owned(), value.to_owned());
        };
        common("Action", &self.action);
        common("Version", &self.version);
        common("Format", &self.format);
        common("Timestamp", &format_timestamp(timestamp));
        common("SignatureMethod", SIGNATURE_METHOD);
        common("SignatureVersion", SIGNATURE_VERSION);
        common("SignatureNonce", nonce);
        common("AccessKeyId", key.id());
        if let Some(region_id) = &self.region_id {
            common("RegionId", region_id);
        }
        let mut parameters: Vec<(String, String)> = parameters.into_iter().collect();
        let string_to_sign = string_to_sign(&self.method, &parameters);
        let signature = signature(key.secret(), &string_to_sign);
        parameters.push(("Signature".to_owned(), signature.clone()));
        Signed {
            parameters,
            string_to_sign,
            signature,
        }
    }
}

/// A request signed with signature V1.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signed {
    /// Every parameter, `Signature` last, the others sorted by name.
    pub parameters: Vec<(String, String)>,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The signature (base64), also the `Signature` parameter.
    pub signature: String,
}

impl Signed {
    /// The parameters as a query string (or form body), percent-encoded.
    pub fn query_string(&self) -> String {
        query_string(&self.parameters)
    }
}

/// The string to sign for `parameters` (every parameter but `Signature`,
/// which is left out if present) sent by HTTP `method`.
pub fn string_to_sign(method: &str, parameters: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = parameters
        .iter()
        .filter(|(name, _)| name != "Signature")
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let canonicalized: Vec<String> = sorted
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect();
    format!("{method}&%2F&{}", percent_encode(&canonicalized.join("&")))
}

/// The signature of `string_to_sign` under the AccessKey secret: base64
/// HMAC-SHA1 keyed by the secret followed by `&`.
pub fn signature(secret: &[u8], string_to_sign: &str) -> String {
    let key = [secret, b"&"].concat();
    let tag = hmac_tag(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &key, string_to_sign);
    STANDARD.encode(tag.as_ref())
}

/// Checks a V1 signature. The parameters are the query's and the form
/// body's (a name in both is refused, as is any name sent twice); they
/// must include `Signature`, `AccessKeyId`, `SignatureMethod`
/// (`HMAC-SHA1`), `SignatureVersion` (`1.0`), `SignatureNonce` and
/// `Timestamp` (within [`MAX_CLOCK_SKEW`](super::MAX_CLOCK_SKEW) of `now`).
pub fn verify<S: AsRef<[u8]>>(
    request: &IncomingRequest<'_>,
    secret_of: impl FnOnce(&str) -> Option<S>,
    now: SystemTime,
) -> Result<Verified, SignatureError> {
    let all = || request.query.iter().chain(request.form);
    refuse_duplicates(all())?;
    let param = |name: &str| all().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let require = |name: &str| {
        param(name).ok_or_else(|| SignatureError::Missing {
            what: name.to_owned(),
        })
    };
    let sent = require("Signature")?;
    check_method(require("SignatureMethod")?, require("SignatureVersion")?)?;
    let access_key_id = require("AccessKeyId")?;
    let nonce = require("SignatureNonce")?;
    let timestamp = param("Timestamp").ok_or(SignatureError::BadTimestamp { value: None })?;
    let timestamp = check_window(timestamp, now)?;
    let secret = secret_for(access_key_id, secret_of)?;
    let parameters: Vec<(String, String)> = all().cloned().collect();
    let string_to_sign = string_to_sign(request.method, &parameters);
    let expected = signature(secret.as_ref(), &string_to_sign);
    check_signature(&expected, sent, string_to_sign)?;
    Ok(Verified {
        access_key_id: access_key_id.to_owned(),
        nonce: nonce.to_owned(),
        timestamp,
        version: SignatureVersion::V1,
    })
}

/// Refuses a signature method or version other than V1's HMAC-SHA1.
fn check_method(method: &str, version: &str) -> Result<(), SignatureError> {
    if method != SIGNATURE_METHOD {
        return Err(SignatureError::Unsupported {
            method: method.to_owned(),
        });
    }
    if version != SIGNATURE_VERSION {
        return Err(SignatureError::Unsupported {
            method: format!("{method} version {version}"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    fn at() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_714_564_800)
    }

    fn signed() -> Signed {
        Request::new("POST", "Encrypt")
            .parameter("KeyId", "alias/a b")
            .parameter("Plaintext", "aGk=")
            .sign(&AccessKey::new("AK", "SK"), at(), "n-1")
    }

    fn check(parameters: &[(String, String)], now: SystemTime) -> Result<Verified, SignatureError> {
        let request = IncomingRequest::new("POST", "/").query(parameters);
        verify(&request, |id| (id == "AK").then_some(b"SK".as_slice()), now)
    }

    #[test]
    fn a_signed_request_verifies_and_names_its_signer() {
        let verified = check(&signed().parameters, at()).unwrap();
        assert_eq!(verified.access_key_id, "AK");
        assert_eq!(verified.nonce, "n-1");
        assert_eq!(verified.timestamp, at());
        assert_eq!(verified.version, SignatureVersion::V1);
    }

    #[test]
    fn form_parameters_are_signed_with_the_query() {
        let all = signed().parameters;
        let (form, query): (Vec<_>, Vec<_>) = all.into_iter().partition(|(n, _)| n == "Plaintext");
        let request = IncomingRequest::new("POST", "/").query(&query).form(&form);
        assert!(verify(&request, |_| Some("SK"), at()).is_ok());
        let request = IncomingRequest::new("POST", "/").query(&query);
        assert!(matches!(
            verify(&request, |_| Some("SK"), at()),
            Err(SignatureError::Mismatch { .. })
        ));
    }

    #[test]
    fn each_refusal_has_its_reason() {
        let base = signed().parameters;
        let without = |name: &str| -> Vec<(String, String)> {
            base.iter().filter(|(n, _)| n != name).cloned().collect()
        };
        let with = |name: &str, value: &str| -> Vec<(String, String)> {
            let mut p = without(name);
            p.push((name.to_owned(), value.to_owned()));
            p
        };
        assert!(matches!(
            check(&without("Signature"), at()),
            Err(SignatureError::Missing { .. })
        ));
        assert!(matches!(
            check(&without("SignatureNonce"), at()),
            Err(SignatureError::Missing { .. })
        ));
        assert!(matches!(
            check(&without("Timestamp"), at()),
            Err(SignatureError::BadTimestamp { value: None })
        ));
        assert!(matches!(
            check(&with("SignatureMethod", "HMAC-SHA256"), at()),
            Err(SignatureError::Unsupported { .. })
        ));
        assert!(matches!(
            check(&with("SignatureVersion", "2.0"), at()),
            Err(SignatureError::Unsupported { .. })
        ));
        assert!(matches!(
            check(&with("AccessKeyId", "other"), at()),
            Err(SignatureError::UnknownAccessKey { .. })
        ));
        assert!(matches!(
            check(&with("KeyId", "alias/b"), at()),
            Err(SignatureError::Mismatch { .. })
        ));
        let later = at() + Duration::from_secs(16 * 60);
        assert!(matches!(
            check(&base, later),
            Err(SignatureError::Expired { .. })
        ));
        let mut twice = base.clone();
        twice.push(("KeyId".into(), "alias/a b".into()));
        assert!(matches!(
            check(&twice, at()),
            Err(SignatureError::Malformed { .. })
        ));
    }

    #[test]
    fn the_signer_owns_the_common_parameters() {
        let signed = Request::new("GET", "ListKeys")
            .parameter("Timestamp", "1999-01-01T00:00:00Z")
            .region_id("cn-shanghai")
            .sign(&AccessKey::new("AK", "SK"), at(), "n");
        let get = |name: &str| {
            signed
                .parameters
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("Timestamp"), Some("2024-05-01T12:00:00Z"));
        assert_eq!(get("RegionId"), Some("cn-shanghai"));
        assert_eq!(get("Version"), Some(API_VERSION));
        assert_eq!(
            signed.parameters.last().map(|(n, _)| n.as_str()),
            Some("Signature")
        );
    }
}
