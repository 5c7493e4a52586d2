//! Alibaba Cloud KMS's RPC protocol (API version `2016-01-20`): signing in
//! both directions, the error table and error body, and the shapes of the
//! actions.
//!
//! Every action is an HTTP request to `/` with flat parameters (the current
//! SDK puts them all in the query and sends an empty body), answered with
//! JSON that always carries `RequestId`. Two signatures are in use, and a
//! server must accept both:
//!
//! - [`v1`]: HMAC-SHA1 over the canonicalized parameters, sent as the
//!   `Signature` parameter (`aliyun-python-sdk-core` and the other classic
//!   SDKs, and the current SDKs when told to sign the old way).
//! - [`v3`]: `ACS3-HMAC-SHA256` over a canonical request of method, path,
//!   query, signed headers and body hash, sent as the `Authorization`
//!   header (`alibabacloud_tea_openapi`, under every current product SDK).
//!
//! A client signs with [`v1::Request`] or [`v3::Request`]; a server checks
//! either with [`verify`], which names the AccessKey that signed
//! ([`Verified`]) or says why not ([`SignatureError`], which carries
//! Alibaba's code for the refusal). Both versions canonicalize with
//! [`percent_encode`] (RFC 3986: a space is `%20`, `*` is `%2A`, `~` stays);
//! on the wire a query may encode a space as `+`, so a server decodes with
//! [`parse_query`] and lets the signature code encode again. The signers
//! are checked byte for byte against vectors made by Alibaba's official
//! Python SDKs (`tests/data/alibaba/`).
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use polykms::wire::alibaba::{self, AccessKey, IncomingRequest, SignatureVersion};
//!
//! let key = AccessKey::new("LTAI5tExample", "example-secret");
//! let now = UNIX_EPOCH + Duration::from_secs(1_714_564_800); // 2024-05-01T12:00:00Z
//!
//! // A client signs an Encrypt request with signature V3 …
//! let signed = alibaba::v3::Request::new("POST", "kms.cn-hangzhou.aliyuncs.com", "Encrypt")
//!     .query("KeyId", "alias/app")
//!     .query("Plaintext", "aGVsbG8=")
//!     .header("accept", "application/json")
//!     .sign(&key, now, "5d41402abc4b2a76b9719d911017c592");
//! let url = format!("https://kms.cn-hangzhou.aliyuncs.com/?{}", signed.query_string());
//! assert!(url.ends_with("?KeyId=alias%2Fapp&Plaintext=aGVsbG8%3D"));
//!
//! // … and the server checks it against its credentials.
//! let query = alibaba::parse_query(url.split_once('?').unwrap().1).unwrap();
//! let request = IncomingRequest::new("POST", "/").query(&query).headers(&signed.headers);
//! let secret_of = |id: &str| (id == "LTAI5tExample").then_some("example-secret");
//! let verified = alibaba::verify(&request, secret_of, now).unwrap();
//! assert_eq!(verified.access_key_id, "LTAI5tExample");
//! assert_eq!(verified.version, SignatureVersion::V3);
//!
//! // A changed parameter, a wrong secret or a stale clock is refused.
//! let later = now + Duration::from_secs(16 * 60);
//! let refused = alibaba::verify(&request, secret_of, later).unwrap_err();
//! assert_eq!(refused.code(), "InvalidTimeStamp.Expired");
//! ```
//!
//! Errors answer with the [`ERROR_CODES`] table (a row per
//! [`ErrorKind`](crate::ErrorKind)), the more specific codes of
//! [`OTHER_ERROR_CODES`], chosen for an [`Error`](crate::Error) by
//! [`error_code`], in an [`ErrorBody`]; a client reads a code back with
//! [`kind_of`].
//!
//! The shapes of the actions use Alibaba's field names, in the spelling of
//! `alibabacloud_kms20160120`'s models: request shapes read the flat
//! parameters (everything a string, as they come in a query) with
//! [`from_parameters`] and write them with [`to_parameters`], response
//! shapes write the JSON the SDKs parse (lists nested as
//! `{"Aliases":{"Alias":[…]}}`, `RequestId` on every answer). They cover
//! the key lifecycle ([`CreateKeyRequest`], [`KeyMetadata`],
//! [`ListKeysResponse`], …), the key's settings
//! ([`UpdateKeyDescriptionRequest`], [`UpdateRotationPolicyRequest`]),
//! aliases ([`CreateAliasRequest`], [`ListAliasesResponse`], …), tags in
//! both of Alibaba's generations ([`TagResourceRequest`],
//! [`ListResourceTagsResponse`], [`TagResourcesRequest`],
//! [`ListTagResourcesResponse`], …), encryption, signing and MACs
//! ([`EncryptRequest`], [`AsymmetricSignRequest`],
//! [`AsymmetricVerifyResponse`], [`GetPublicKeyResponse`],
//! [`GenerateMacRequest`], …), data keys ([`GenerateDataKeyRequest`],
//! [`GenerateAndExportDataKeyRequest`], [`ExportDataKeyResponse`], …), key
//! versions ([`CreateKeyVersionRequest`], [`ListKeyVersionsResponse`],
//! [`KeyVersion`]), importing material
//! ([`GetParametersForImportRequest`], [`ImportKeyMaterialRequest`], …)
//! and random passwords ([`GetRandomPasswordRequest`]). Structured
//! parameters have their readers and writers: tags ([`parse_tags`],
//! [`format_tags`]), encryption contexts ([`parse_encryption_context`],
//! [`format_encryption_context`]), rotation intervals
//! ([`parse_rotation_interval`], [`format_rotation_interval`]); a material
//! version's `KeyVersionId` is [`key_version_id`], found again with
//! [`version_of_id`].

mod aliases;
mod crypto;
mod data_keys;
mod encoding;
mod errors;
mod import;
mod keys;
#[cfg(test)]
mod model_check;
mod parameters;
mod random;
mod settings;
mod signing;
mod tags;
mod values;
mod versions;

pub use aliases::*;
pub use crypto::*;
pub use data_keys::*;
pub use encoding::{
    MalformedQuery, format_timestamp, parse_query, parse_timestamp, percent_encode, query_string,
};
pub use errors::{ERROR_CODES, ErrorBody, OTHER_ERROR_CODES, error_code, kind_of};
pub use import::*;
pub use keys::*;
pub use parameters::{from_parameters, to_parameters};
pub use random::*;
pub use settings::*;
pub use signing::{
    AccessKey, IncomingRequest, MAX_CLOCK_SKEW, Payload, SignatureError, SignatureVersion,
    Verified, v1, v3, verify,
};
pub use tags::*;
pub use values::{
    InvalidParameter, RotationInterval, TagEntry, format_encryption_context,
    format_rotation_interval, format_tags, key_version_id, parse_encryption_context,
    parse_rotation_interval, parse_string_list, parse_tags, version_of_id,
};
pub use versions::*;

/// The API version of Alibaba Cloud KMS (`Version`, `x-acs-version`).
pub const API_VERSION: &str = "2016-01-20";
