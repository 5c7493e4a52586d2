//! The action layer of the Alibaba front: an action's flat parameters in,
//! the JSON body of the answer (or the failure) out, over any
//! [`AsyncKeyManager`].
//!
//! Parameters are read with the request shapes of
//! [`wire::alibaba`](crate::wire::alibaba), which the remote client writes
//! with, so the two agree on every name. Keys may be named by id, by alias
//! (`alias/…`) or by Alibaba ARN (`acs:kms:<region>:<account>:key/<id>`,
//! of this server's region and the caller's account). A parameter the
//! server cannot honour (a dedicated KMS instance, a key policy, HSM
//! protection) is refused naming it, never ignored.

mod aliases;
mod asymmetric;
mod crypto;
mod keys;
mod versions;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::BodyError;
use crate::spec::Vocabulary;
use crate::wire::alibaba::{self as wire, SignatureError};
use crate::{AsyncKeyManager, Error};

/// What an action needs: the caller's provider and names, the request's id
/// and its parameters.
pub(crate) struct Context<'a> {
    pub(crate) kms: &'a dyn AsyncKeyManager,
    pub(crate) region: &'a str,
    pub(crate) account: &'a str,
    pub(crate) request_id: &'a str,
    pub(crate) parameters: &'a [(String, String)],
}

/// Why a request failed, before it is rendered as Alibaba's error body.
#[derive(Debug)]
pub(crate) enum Fail {
    /// The provider failed: its error's code ([`wire::error_code`]).
    Kms(Error),
    /// A required parameter is missing: `MissingParameter`.
    Missing(&'static str),
    /// A parameter is not valid: `InvalidParameter`.
    Invalid {
        /// The parameter.
        parameter: &'static str,
        /// Why.
        reason: String,
    },
    /// A parameter asks for what this server does not do:
    /// `UnsupportedOperation`.
    Unsupported(String),
    /// The signature was refused.
    Signature(SignatureError),
    /// The body was not read.
    Body(BodyError),
    /// No version of the key has this `KeyVersionId`:
    /// `Forbidden.KeyVersionNotFound`.
    KeyVersionNotFound(String),
    /// `DryRun` was true and the request would have succeeded:
    /// `DryRunOperation`.
    DryRun,
    /// No such action: `InvalidAction.NotFound`.
    UnknownAction(String),
    /// Something broke inside the server: `InternalFailure`.
    Internal(String),
}

impl From<Error> for Fail {
    fn from(error: Error) -> Self {
        Self::Kms(error)
    }
}

impl Fail {
    /// The HTTP status, `Code` and `Message` of the error body.
    pub(crate) fn render(self) -> (u16, &'static str, String) {
        match self {
            Self::Kms(error) => {
                let row = wire::error_code(&error);
                (row.http_status, row.code, error.to_string())
            }
            Self::Missing(parameter) => (
                400,
                "MissingParameter",
                format!(
                    "The input parameter \"{parameter}\" that is mandatory for processing this request is not supplied."
                ),
            ),
            Self::Invalid { parameter, reason } => (
                400,
                "InvalidParameter",
                format!("The specified parameter \"{parameter}\" is not valid: {reason}"),
            ),
            Self::Unsupported(what) => (400, "UnsupportedOperation", what),
            Self::Signature(refusal) => (refusal.http_status(), refusal.code(), refusal.message()),
            Self::Body(BodyError::TooLarge(limit)) => (
                413,
                "InvalidParameter",
                format!("the request body is larger than {limit} bytes"),
            ),
            Self::Body(BodyError::TimedOut) => (
                408,
                "InvalidParameter",
                "the request body was not sent within the body read timeout".to_owned(),
            ),
            Self::Body(BodyError::Broken(e)) => (400, "InvalidParameter", e),
            Self::KeyVersionNotFound(id) => (
                404,
                "Forbidden.KeyVersionNotFound",
                format!("The specified key version {id} is not found."),
            ),
            Self::DryRun => (
                400,
                "DryRunOperation",
                "Request validation has been passed with DryRun flag set.".to_owned(),
            ),
            Self::UnknownAction(action) => (
                404,
                "InvalidAction.NotFound",
                format!("Specified api is not found, please check your url and method: {action}"),
            ),
            Self::Internal(message) => (500, "InternalFailure", message),
        }
    }
}

/// The outcome of an action: its answer's body, and the key the request
/// named (for the log).
pub(crate) struct Call {
    pub(crate) result: Result<Vec<u8>, Fail>,
    pub(crate) key_id: Option<String>,
}

/// An action's result: the JSON body.
type Answer = Result<Vec<u8>, Fail>;

/// Runs `action`, catching a panic as `InternalFailure`.
pub(crate) async fn call(c: &Context<'_>, action: &str) -> Call {
    let key_id = c.parameter("KeyId").map(str::to_owned);
    let result = match crate::server::service::catch_panic(dispatch(c, action)).await {
        Ok(result) => result,
        Err(panic) => {
            let message = crate::server::service::panic_message(&*panic);
            tracing::error!(panic = message, "action panicked");
            Err(Fail::Internal("internal error".to_owned()))
        }
    };
    Call { result, key_id }
}

async fn dispatch(c: &Context<'_>, action: &str) -> Answer {
    match action {
        "CreateKey" => keys::create_key(c).await,
        "DescribeKey" => keys::describe_key(c).await,
        "ListKeys" => keys::list_keys(c).await,
        "EnableKey" => keys::enable_key(c).await,
        "DisableKey" => keys::disable_key(c).await,
        "ScheduleKeyDeletion" => keys::schedule_key_deletion(c).await,
        "CancelKeyDeletion" => keys::cancel_key_deletion(c).await,
        "CreateAlias" => aliases::create_alias(c).await,
        "UpdateAlias" => aliases::update_alias(c).await,
        "DeleteAlias" => aliases::delete_alias(c).await,
        "ListAliases" => aliases::list_aliases(c).await,
        "ListAliasesByKeyId" => aliases::list_aliases_by_key_id(c).await,
        "TagResource" => aliases::tag_resource(c).await,
        "UntagResource" => aliases::untag_resource(c).await,
        "ListResourceTags" => aliases::list_resource_tags(c).await,
        "Encrypt" => crypto::encrypt(c).await,
        "Decrypt" => crypto::decrypt(c).await,
        "ReEncrypt" => crypto::re_encrypt(c).await,
        "GenerateDataKey" => crypto::generate_data_key(c).await,
        "GenerateDataKeyWithoutPlaintext" => crypto::generate_data_key_without_plaintext(c).await,
        "GenerateAndExportDataKey" => crypto::generate_and_export_data_key(c).await,
        "ExportDataKey" => crypto::export_data_key(c).await,
        "AsymmetricEncrypt" => asymmetric::asymmetric_encrypt(c).await,
        "AsymmetricDecrypt" => asymmetric::asymmetric_decrypt(c).await,
        "AsymmetricSign" => asymmetric::asymmetric_sign(c).await,
        "AsymmetricVerify" => asymmetric::asymmetric_verify(c).await,
        "GetPublicKey" => asymmetric::get_public_key(c).await,
        "GenerateMac" => asymmetric::generate_mac(c).await,
        "VerifyMac" => asymmetric::verify_mac(c).await,
        "CreateKeyVersion" => versions::create_key_version(c).await,
        "ListKeyVersions" => versions::list_key_versions(c).await,
        "DescribeKeyVersion" => versions::describe_key_version(c).await,
        "UpdateRotationPolicy" => versions::update_rotation_policy(c).await,
        "UpdateKeyDescription" => versions::update_key_description(c).await,
        "GetParametersForImport" => versions::get_parameters_for_import(c).await,
        "ImportKeyMaterial" => versions::import_key_material(c).await,
        "DeleteKeyMaterial" => versions::delete_key_material(c).await,
        "GetRandomPassword" => versions::get_random_password(c).await,
        other => Err(Fail::UnknownAction(other.to_owned())),
    }
}

impl Context<'_> {
    /// The value of the parameter `name` (the last, if sent twice).
    pub(crate) fn parameter(&self, name: &str) -> Option<&str> {
        let mut found = self.parameters.iter().rev().filter(|(n, _)| n == name);
        found.next().map(|(_, v)| v.as_str())
    }

    /// The request's parameters as the shape `T`.
    fn read<T: DeserializeOwned>(&self) -> Result<T, Fail> {
        wire::from_parameters(self.parameters).map_err(|e| Fail::Invalid {
            parameter: "parameters",
            reason: e.to_string(),
        })
    }

    /// The ARN of key `key_id`.
    fn key_arn(&self, key_id: &str) -> String {
        format!("acs:kms:{}:{}:key/{key_id}", self.region, self.account)
    }

    /// The ARN of alias `alias_name` (`alias/…`).
    fn alias_arn(&self, alias_name: &str) -> String {
        format!("acs:kms:{}:{}:{alias_name}", self.region, self.account)
    }

    /// A key reference as the provider takes it: an ARN of this region and
    /// account becomes the key id or alias it names; ids and aliases pass.
    fn key_reference(&self, parameter: &'static str, reference: &str) -> Result<String, Fail> {
        let Some(rest) = reference.strip_prefix("acs:kms:") else {
            return Ok(reference.to_owned());
        };
        let invalid = |reason: String| Fail::Invalid { parameter, reason };
        let mut fields = rest.splitn(3, ':');
        let (region, account, resource) = match (fields.next(), fields.next(), fields.next()) {
            (Some(r), Some(a), Some(resource)) => (r, a, resource),
            _ => return Err(invalid(format!("{reference:?} is not a KMS ARN"))),
        };
        if region != self.region || account != self.account {
            return Err(Fail::Kms(Error::key_not_found(reference)));
        }
        match resource.strip_prefix("key/") {
            Some(id) if !id.is_empty() => Ok(id.to_owned()),
            _ if resource.starts_with("alias/") => Ok(resource.to_owned()),
            _ => Err(invalid(format!("{reference:?} names no key or alias"))),
        }
    }

    /// Checks that `key_version_id` names the current version of `key`:
    /// the key's id and that version. The providers use a key's current
    /// version for every operation but decryption (which the ciphertext
    /// names), so an older version is refused.
    async fn check_version(&self, key: &str, key_version_id: &str) -> Result<(String, u32), Fail> {
        let meta = self.kms.describe_key(key).await?;
        let id = meta.key_id.to_string();
        let current = meta.current_key_version.unwrap_or_default();
        match wire::version_of_id(&id, key_version_id, 1..=current) {
            Some(version) if version == current => Ok((id, version)),
            Some(version) => Err(Fail::Unsupported(format!(
                "KeyVersionId {key_version_id} is version {version} of the key, not its current \
                 version; only the current version signs, verifies and encrypts here"
            ))),
            None => Err(Fail::KeyVersionNotFound(key_version_id.to_owned())),
        }
    }

    /// The key a required parameter names.
    fn key(&self, parameter: &'static str, value: Option<&str>) -> Result<String, Fail> {
        self.key_reference(parameter, need(parameter, value)?)
    }
}

/// A required parameter's value; an empty one is missing.
fn need<'v>(parameter: &'static str, value: Option<&'v str>) -> Result<&'v str, Fail> {
    value
        .filter(|v| !v.is_empty())
        .ok_or(Fail::Missing(parameter))
}

/// An optional vocabulary parameter, in any vendor's spelling.
fn vocabulary<T: Vocabulary>(
    parameter: &'static str,
    value: Option<&str>,
) -> Result<Option<T>, Fail> {
    match value.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(name) => T::parse_name(name).map(Some).map_err(|e| match e {
            Error::NotImplemented { .. } => Fail::Unsupported(format!(
                "{parameter} {name:?} is not supported by this server"
            )),
            e => Fail::Invalid {
                parameter,
                reason: e.to_string(),
            },
        }),
    }
}

/// Refuses a parameter this server cannot honour, if it was given.
fn refuse_given(parameter: &str, value: Option<&str>, why: &str) -> Result<(), Fail> {
    match value.filter(|v| !v.is_empty()) {
        Some(_) => Err(Fail::Unsupported(format!(
            "{parameter} is not supported by this server: {why}"
        ))),
        None => Ok(()),
    }
}

/// A parameter the wire module could not read.
fn invalid_parameter(e: wire::InvalidParameter) -> Fail {
    Fail::Invalid {
        parameter: e.parameter,
        reason: e.reason,
    }
}

/// Bytes as base64.
fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A base64 parameter's bytes.
fn unbase64(parameter: &'static str, text: &str) -> Result<Vec<u8>, Fail> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| Fail::Invalid {
            parameter,
            reason: format!("not base64: {e}"),
        })
}

/// An encryption context parameter.
fn context(
    parameter: &'static str,
    text: Option<&str>,
) -> Result<Option<crate::EncryptionContext>, Fail> {
    wire::parse_encryption_context(parameter, text).map_err(invalid_parameter)
}

/// The `KeyVersionId` of a key's version, where the provider numbers
/// versions (empty where it does not).
fn version_id(key_id: &str, version: Option<u32>) -> String {
    version.map_or_else(String::new, |v| wire::key_version_id(key_id, v))
}

/// `DryRun: true` after the operation succeeded: `DryRunOperation`.
fn dry_run(flag: Option<bool>) -> Result<(), Fail> {
    match flag {
        Some(true) => Err(Fail::DryRun),
        _ => Ok(()),
    }
}

/// A shape as the JSON body of the answer.
fn json<T: Serialize>(shape: &T) -> Answer {
    serde_json::to_vec(shape).map_err(|e| Fail::Internal(e.to_string()))
}

/// The answer that carries only the request's id.
fn done(c: &Context<'_>) -> Answer {
    json(&wire::RequestIdResponse::new(c.request_id))
}

/// A page number or size: a positive integer within `max`.
fn page_parameter(
    parameter: &'static str,
    value: Option<i64>,
    default: usize,
    max: usize,
) -> Result<usize, Fail> {
    match value {
        None => Ok(default),
        Some(n) if n >= 1 && usize::try_from(n).is_ok_and(|n| n <= max) => {
            Ok(usize::try_from(n).unwrap_or(default))
        }
        Some(n) => Err(Fail::Invalid {
            parameter,
            reason: format!("{n} is not between 1 and {max}"),
        }),
    }
}

/// Page `number` (from 1) of `size` items of `all`, and how many there
/// are in all.
fn page<T>(all: Vec<T>, number: usize, size: usize) -> (Vec<T>, i64) {
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let start = (number - 1).saturating_mul(size);
    (all.into_iter().skip(start).take(size).collect(), total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InMemory;

    fn context<'a>(kms: &'a InMemory, parameters: &'a [(String, String)]) -> Context<'a> {
        Context {
            kms,
            region: "cn-hangzhou",
            account: "111122223333",
            request_id: "R",
            parameters,
        }
    }

    #[test]
    fn keys_are_named_by_id_alias_or_an_arn_of_this_region_and_account() {
        let kms = InMemory::new();
        let c = context(&kms, &[]);
        let reference = |r: &str| c.key_reference("KeyId", r);
        assert_eq!(reference("k-1").unwrap(), "k-1");
        assert_eq!(reference("alias/app").unwrap(), "alias/app");
        let arn = "acs:kms:cn-hangzhou:111122223333:key/k-1";
        assert_eq!(reference(arn).unwrap(), "k-1");
        let alias_arn = "acs:kms:cn-hangzhou:111122223333:alias/app";
        assert_eq!(reference(alias_arn).unwrap(), "alias/app");
        assert_eq!(c.key_arn("k-1"), arn);
        assert_eq!(c.alias_arn("alias/app"), alias_arn);
        for elsewhere in [
            "acs:kms:cn-shanghai:111122223333:key/k-1",
            "acs:kms:cn-hangzhou:444455556666:key/k-1",
        ] {
            let refused = reference(elsewhere).unwrap_err();
            assert!(matches!(refused, Fail::Kms(ref e) if e.kind() == crate::ErrorKind::NotFound));
        }
        for malformed in [
            "acs:kms:cn-hangzhou",
            "acs:kms:cn-hangzhou:111122223333:secret/s",
        ] {
            assert!(
                matches!(reference(malformed), Err(Fail::Invalid { .. })),
                "{malformed}"
            );
        }
    }

    #[test]
    fn pages_are_numbered_from_one_and_sized_within_the_limit() {
        let all: Vec<u32> = (1..=25).collect();
        assert_eq!(page(all.clone(), 1, 10), ((1..=10).collect(), 25));
        assert_eq!(page(all.clone(), 3, 10), ((21..=25).collect(), 25));
        assert_eq!(page(all, 4, 10), (Vec::new(), 25));
        assert_eq!(page_parameter("PageSize", None, 10, 100).unwrap(), 10);
        assert_eq!(page_parameter("PageSize", Some(100), 10, 100).unwrap(), 100);
        for bad in [0, -1, 101] {
            assert!(
                page_parameter("PageSize", Some(bad), 10, 100).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn every_failure_renders_with_alibabas_code_and_status() {
        let rendered = |fail: Fail| {
            let (status, code, _) = fail.render();
            (status, code)
        };
        assert_eq!(rendered(Fail::Missing("KeyId")), (400, "MissingParameter"));
        let invalid = Fail::Invalid {
            parameter: "PageSize",
            reason: "0".into(),
        };
        assert_eq!(rendered(invalid), (400, "InvalidParameter"));
        assert_eq!(rendered(Fail::DryRun), (400, "DryRunOperation"));
        let version = Fail::KeyVersionNotFound("v".into());
        assert_eq!(rendered(version), (404, "Forbidden.KeyVersionNotFound"));
        let action = Fail::UnknownAction("MakeCoffee".into());
        assert_eq!(rendered(action), (404, "InvalidAction.NotFound"));
        let missing = Fail::Kms(Error::key_not_found("k"));
        assert_eq!(rendered(missing), (404, "Forbidden.KeyNotFound"));
        assert_eq!(rendered(Fail::Body(BodyError::TooLarge(10))).0, 413);
    }
}
