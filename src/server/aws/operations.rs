//! The operation layer of the AWS front: a JSON 1.1 request body in, the
//! JSON body of the answer (or the failure) out, over any
//! [`AsyncKeyManager`], whose futures each handler awaits.
//!
//! [`call`] reads the operation from the whole `X-Amz-Target` value
//! (`TrentService.Encrypt`), the request from the body (the shapes of
//! [`wire::aws`](crate::wire::aws); an empty body reads as `{}`), checks the
//! model's constraints (lengths, ranges, required members: a
//! `ValidationException`), turns it into the crate's request, calls the
//! provider and writes the response shape. Keys are named by ARN where AWS
//! names them so (the `KeyId` of `Encrypt`, `Sign`, … answers), built from
//! the account's [`ResourceNamespace`].
//!
//! Every member of the model's input structures is read. A value the crate
//! cannot honour is refused with `UnsupportedOperationException` naming the
//! member, never ignored: `Policy`, `CustomKeyStoreId`, `XksKeyId`,
//! `MultiRegion: true` (`CreateKey`), `Recipient` (`Decrypt`, the data key
//! operations, `GenerateRandom`), `CustomKeyStoreId` (`GenerateRandom`),
//! `KeyMaterialId` and `KeyMaterialDescription` (`ImportKeyMaterial`,
//! `DeleteImportedKeyMaterial`), `IncludeKeyMaterial: ALL_KEY_MATERIAL`
//! (`ListKeyRotations`), `Recipient` (`DeriveSharedSecret`), and vocabulary
//! the crate does not implement (`ENCAPSULATE_DECAPSULATE`,
//! `RSAES_PKCS1_V1_5`, …).
//! Accepted and unused: `GrantTokens` (there are no grants here: the
//! account's credential already allows every operation on its keys, so the
//! request succeeds without the token), `BypassPolicyLockoutSafetyCheck`
//! (there is no key policy to lock anyone out with), `MultiRegion: false`,
//! `ImportType` (a key takes one material for life: importing other
//! material into a key that had some fails either way with
//! `IncorrectKeyMaterialException`). Vocabulary members take every
//! vendor's spelling, so an AWS client can create an `SM4` key.
//!
//! Where AWS requires what the model leaves optional, so does this server:
//! `NumberOfBytes` (`GenerateRandom`), one of `KeySpec` and `NumberOfBytes`
//! (the data key operations), `CiphertextBlob` (`Decrypt`, `ReEncrypt`,
//! except in a dry run that ignores it), `ValidTo` unless `ExpirationModel`
//! is `KEY_MATERIAL_DOES_NOT_EXPIRE` (`ImportKeyMaterial`; AWS's default
//! model is `KEY_MATERIAL_EXPIRES`).
//!
//! `DryRun: true` runs the operation (the cryptographic operations that take
//! it change nothing) and answers `DryRunOperationException` if it succeeded,
//! its error if not. With `DryRunModifiers: [IGNORE_CIPHERTEXT]`, `Decrypt`
//! and `ReEncrypt` check only that the keys they name exist.
//!
//! The trait's two extensions are served under targets AWS does not use,
//! with members in the same style: `PolyKms.SetMinimumDecryptionVersion`
//! (`KeyId`, `MinimumVersion`; answers `KeyId`, the key's ARN) and
//! `PolyKms.ImportPublicKey` (`KeyId`, `PublicKey`: base64 DER
//! SubjectPublicKeyInfo; answers `KeyId`).

/// Implements [`Request`] for a request shape that names its key in
/// `KeyId`: that is the key for the log, and `check` checks it, then runs
/// `checks` (a `fn(&Self, &mut Check)` for the other members), if given.
/// `[A, B]` implements it for each of several shapes alike.
macro_rules! key_id_request {
    ([$($request:ty),+ $(,)?] $(,)?) => {$(
        key_id_request!($request);
    )+};
    ([$($request:ty),+ $(,)?], $checks:expr $(,)?) => {$(
        key_id_request!($request, $checks);
    )+};
    ($request:ty $(, $checks:expr)? $(,)?) => {
        impl Request for $request {
            fn key_id(&self) -> Option<&str> {
                self.key_id.as_deref()
            }

            fn check(&self, c: &mut Check) {
                c.key_id("KeyId", self.key_id.as_deref());
                $(
                    let checks: fn(&Self, &mut Check) = $checks;
                    checks(self, c);
                )?
            }
        }
    };
}

mod aliases;
mod check;
mod crypto;
mod import;
mod keys;
mod rotation;
mod signing;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod model_tests;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::key::{KeyId, ResourceNamespace};
use crate::spec::Vocabulary;
use crate::{AsyncKeyManager, EncryptionContext, Error};
use check::Check;

/// What an operation call produced.
#[derive(Debug)]
pub(crate) enum CallError {
    /// The provider (or request conversion) failed: rendered through
    /// `wire::aws::ERROR_CODES`.
    Kms(Error),
    /// The body is not JSON, or a member has the wrong JSON type: AWS's
    /// `SerializationException`.
    Malformed(String),
    /// A request member fails the model's constraints (length, range,
    /// required member missing): `ValidationException`.
    Invalid(String),
    /// `DryRun` was true and the request would have succeeded:
    /// `DryRunOperationException`.
    DryRun,
    /// The target is an AWS KMS operation this server does not serve
    /// (grants, policies, custom key stores, …): `UnsupportedOperationException`
    /// naming it.
    NotServed(String),
    /// The target is not an operation of the service at all:
    /// `UnknownOperationException`.
    Unknown(String),
}

impl From<Error> for CallError {
    fn from(error: Error) -> Self {
        Self::Kms(error)
    }
}

/// One call: the JSON body of the 200 response, or the failure; and the key
/// the request named (for the request log), if any.
#[derive(Debug)]
pub(crate) struct Call {
    /// The body of the answer, or why there is none.
    pub(crate) result: Result<Vec<u8>, CallError>,
    /// The key reference the request named (its `KeyId`, `TargetKeyId`,
    /// `DestinationKeyId` or, for `DeleteAlias`, `AliasName`), as given.
    pub(crate) key_id: Option<String>,
}

/// Every operation of the botocore KMS model (54), and whether this server
/// serves it.
pub(crate) const OPERATIONS: &[(&str, bool)] = &[
    ("CancelKeyDeletion", true),
    ("ConnectCustomKeyStore", false),
    ("CreateAlias", true),
    ("CreateCustomKeyStore", false),
    ("CreateGrant", false),
    ("CreateKey", true),
    ("Decrypt", true),
    ("DeleteAlias", true),
    ("DeleteCustomKeyStore", false),
    ("DeleteImportedKeyMaterial", true),
    ("DeriveSharedSecret", true),
    ("DescribeCustomKeyStores", false),
    ("DescribeKey", true),
    ("DisableKey", true),
    ("DisableKeyRotation", true),
    ("DisconnectCustomKeyStore", false),
    ("EnableKey", true),
    ("EnableKeyRotation", true),
    ("Encrypt", true),
    ("GenerateDataKey", true),
    ("GenerateDataKeyPair", true),
    ("GenerateDataKeyPairWithoutPlaintext", true),
    ("GenerateDataKeyWithoutPlaintext", true),
    ("GenerateMac", true),
    ("GenerateRandom", true),
    ("GetKeyLastUsage", true),
    ("GetKeyPolicy", false),
    ("GetKeyRotationStatus", true),
    ("GetParametersForImport", true),
    ("GetPublicKey", true),
    ("ImportKeyMaterial", true),
    ("ListAliases", true),
    ("ListGrants", false),
    ("ListKeyPolicies", false),
    ("ListKeyRotations", true),
    ("ListKeys", true),
    ("ListResourceTags", true),
    ("ListRetirableGrants", false),
    ("PutKeyPolicy", false),
    ("ReEncrypt", true),
    ("ReplicateKey", false),
    ("RetireGrant", false),
    ("RevokeGrant", false),
    ("RotateKeyOnDemand", true),
    ("ScheduleKeyDeletion", true),
    ("Sign", true),
    ("TagResource", true),
    ("UntagResource", true),
    ("UpdateAlias", true),
    ("UpdateCustomKeyStore", false),
    ("UpdateKeyDescription", true),
    ("UpdatePrimaryRegion", false),
    ("Verify", true),
    ("VerifyMac", true),
];

/// AWS KMS operations newer than the botocore model the server is checked
/// against (they are in `aws-sdk-kms` 1.129): none is served; each answers
/// `UnsupportedOperationException` naming it, as the model's unserved ones.
pub(crate) const NEWER_OPERATIONS: &[&str] = &["Decapsulate", "Encapsulate"];

/// The target prefix of AWS KMS's operations.
const AWS_PREFIX: &str = "TrentService.";
/// The target prefix of the trait's extensions.
const EXTENSION_PREFIX: &str = "PolyKms.";

/// Runs the operation `target` names (the whole `X-Amz-Target` value) with
/// the JSON `body` against `kms`, naming keys in `namespace`.
pub(crate) async fn call(
    kms: &dyn AsyncKeyManager,
    namespace: &ResourceNamespace,
    target: &str,
    body: &[u8],
) -> Call {
    let context = Context { kms, namespace };
    let served = if let Some(operation) = target.strip_prefix(AWS_PREFIX) {
        let served = serve(&context, operation, body).await;
        served.ok_or_else(|| refuse_target(operation, target))
    } else if let Some(extension) = target.strip_prefix(EXTENSION_PREFIX) {
        let served = serve_extension(&context, extension, body).await;
        served.ok_or(CallError::Unknown(target.to_owned()))
    } else {
        Err(CallError::Unknown(target.to_owned()))
    };
    served.unwrap_or_else(|error| Call {
        result: Err(error),
        key_id: None,
    })
}

/// Why an AWS target is not served: an operation of the model this server
/// leaves out, or none at all.
fn refuse_target(operation: &str, target: &str) -> CallError {
    let known = OPERATIONS.iter().any(|(name, _)| *name == operation)
        || NEWER_OPERATIONS.contains(&operation);
    match known {
        true => CallError::NotServed(operation.to_owned()),
        false => CallError::Unknown(target.to_owned()),
    }
}

/// Serves an AWS KMS operation, if it is one this server serves.
async fn serve(c: &Context<'_>, operation: &str, body: &[u8]) -> Option<Call> {
    use {aliases as a, crypto as x, import as i, keys as k, rotation as r, signing as s};
    /// Reads the request in `body` and awaits `$handler`'s answer to it.
    macro_rules! handle {
        ($handler:path) => {
            run(body, |request| $handler(c, request)).await
        };
    }
    Some(match operation {
        "CreateKey" => handle!(k::create_key),
        "DescribeKey" => handle!(k::describe_key),
        "ListKeys" => handle!(k::list_keys),
        "EnableKey" => handle!(k::enable_key),
        "DisableKey" => handle!(k::disable_key),
        "UpdateKeyDescription" => handle!(k::update_key_description),
        "ScheduleKeyDeletion" => handle!(k::schedule_key_deletion),
        "CancelKeyDeletion" => handle!(k::cancel_key_deletion),
        "GetKeyLastUsage" => handle!(k::get_key_last_usage),
        "CreateAlias" => handle!(a::create_alias),
        "UpdateAlias" => handle!(a::update_alias),
        "DeleteAlias" => handle!(a::delete_alias),
        "ListAliases" => handle!(a::list_aliases),
        "TagResource" => handle!(a::tag_resource),
        "UntagResource" => handle!(a::untag_resource),
        "ListResourceTags" => handle!(a::list_resource_tags),
        "Encrypt" => handle!(x::encrypt),
        "Decrypt" => handle!(x::decrypt),
        "ReEncrypt" => handle!(x::re_encrypt),
        "GenerateDataKey" => handle!(x::generate_data_key),
        "GenerateDataKeyWithoutPlaintext" => handle!(x::generate_data_key_without_plaintext),
        "GenerateDataKeyPair" => handle!(x::generate_data_key_pair),
        "GenerateDataKeyPairWithoutPlaintext" => {
            handle!(x::generate_data_key_pair_without_plaintext)
        }
        "GenerateRandom" => handle!(x::generate_random),
        "Sign" => handle!(s::sign),
        "Verify" => handle!(s::verify),
        "GetPublicKey" => handle!(s::get_public_key),
        "DeriveSharedSecret" => handle!(s::derive_shared_secret),
        "GenerateMac" => handle!(s::generate_mac),
        "VerifyMac" => handle!(s::verify_mac),
        "EnableKeyRotation" => handle!(r::enable_key_rotation),
        "DisableKeyRotation" => handle!(r::disable_key_rotation),
        "GetKeyRotationStatus" => handle!(r::get_key_rotation_status),
        "ListKeyRotations" => handle!(r::list_key_rotations),
        "RotateKeyOnDemand" => handle!(r::rotate_key_on_demand),
        "GetParametersForImport" => handle!(i::get_parameters_for_import),
        "ImportKeyMaterial" => handle!(i::import_key_material),
        "DeleteImportedKeyMaterial" => handle!(i::delete_imported_key_material),
        _ => return None,
    })
}

/// Serves an extension (`PolyKms.<name>`), if `name` is one.
async fn serve_extension(c: &Context<'_>, name: &str, body: &[u8]) -> Option<Call> {
    /// Reads the request in `body` and awaits `$handler`'s answer to it.
    macro_rules! handle {
        ($handler:path) => {
            run(body, |request| $handler(c, request)).await
        };
    }
    Some(match name {
        "SetMinimumDecryptionVersion" => handle!(rotation::set_minimum_decryption_version),
        "ImportPublicKey" => handle!(import::import_public_key),
        _ => return None,
    })
}

/// The provider and the namespace its keys are named in.
struct Context<'a> {
    kms: &'a dyn AsyncKeyManager,
    namespace: &'a ResourceNamespace,
}

impl Context<'_> {
    /// The ARN of the key `key_id`.
    fn arn(&self, key_id: &KeyId) -> String {
        self.namespace.key_arn(key_id)
    }

    /// The id of the key `reference` names (any reference), so that an
    /// operation whose result does not name its key can act on that key and
    /// answer with its ARN.
    async fn resolve(&self, reference: &str) -> Result<KeyId, CallError> {
        Ok(self.kms.describe_key(reference).await?.key_id)
    }
}

/// A request shape the server reads.
trait Request: DeserializeOwned {
    /// The key reference the request names, for the request log.
    fn key_id(&self) -> Option<&str>;

    /// Checks the model's constraints on the members.
    fn check(&self, check: &mut Check);
}

/// What a handler answers: the JSON body, or the failure.
type Answer = Result<Vec<u8>, CallError>;

/// Reads the request, checks it and hands it to `handle`, awaiting its
/// answer.
async fn run<R: Request, F: Future<Output = Answer>>(
    body: &[u8],
    handle: impl FnOnce(R) -> F,
) -> Call {
    let request: R = match parse(body) {
        Ok(request) => request,
        Err(error) => {
            return Call {
                result: Err(error),
                key_id: None,
            };
        }
    };
    let key_id = request.key_id().map(str::to_owned);
    let mut check = Check::default();
    request.check(&mut check);
    let result = match check.finish() {
        Ok(()) => handle(request).await,
        Err(error) => Err(error),
    };
    Call { result, key_id }
}

/// The request in `body`: a JSON object (an empty body reads as `{}`).
fn parse<R: DeserializeOwned>(body: &[u8]) -> Result<R, CallError> {
    let body = body.trim_ascii();
    let body: &[u8] = if body.is_empty() { b"{}" } else { body };
    if body.first() != Some(&b'{') {
        return Err(CallError::Malformed(
            "the request body is not a JSON object".to_owned(),
        ));
    }
    serde_json::from_slice(body).map_err(|e| CallError::Malformed(e.to_string()))
}

/// The body of a response shape.
fn json<T: Serialize>(shape: &T) -> Answer {
    Ok(serde_json::to_vec(shape).expect("a response shape serializes"))
}

/// The body of an operation that answers nothing.
fn empty() -> Answer {
    Ok(b"{}".to_vec())
}

/// A member the model requires.
fn need<T>(member: &str, value: Option<T>) -> Result<T, CallError> {
    value.ok_or_else(|| {
        CallError::Invalid(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: \
             Member must not be null",
            check::camel(member)
        ))
    })
}

/// A vocabulary member, in any vendor's spelling: a name no vendor uses is
/// a `ValidationException` naming the member; a name the crate does not
/// implement (`RSAES_PKCS1_V1_5`) is `UnsupportedOperationException`.
fn vocabulary<T: Vocabulary>(member: &str, value: Option<&str>) -> Result<Option<T>, CallError> {
    let Some(name) = value else { return Ok(None) };
    T::parse_name(name).map(Some).map_err(|error| match error {
        Error::UnrecognizedName { what, name } => CallError::Invalid(format!(
            "1 validation error detected: Value '{name}' at '{}' failed to satisfy \
             constraint: Member must be a {what}",
            check::camel(member)
        )),
        other => CallError::Kms(other),
    })
}

/// A vocabulary member the model requires.
fn need_vocabulary<T: Vocabulary>(member: &str, value: Option<&str>) -> Result<T, CallError> {
    need(member, vocabulary(member, value)?)
}

/// Refuses a member whose value this server cannot honour:
/// `UnsupportedOperationException` naming it and what it would need.
fn refuse(operation: &str, member: &str, needs: &str) -> CallError {
    CallError::Kms(Error::NotImplemented {
        feature: format!("{member} in {operation} ({needs})"),
    })
}

/// Refuses `member` if it was given.
fn refuse_given<T>(
    operation: &str,
    member: &str,
    value: &Option<T>,
    needs: &str,
) -> Result<(), CallError> {
    match value {
        Some(_) => Err(refuse(operation, member, needs)),
        None => Ok(()),
    }
}

/// Refuses `CustomKeyStoreId` if it was given: there are no custom key
/// stores here.
fn refuse_custom_key_store(operation: &str, value: &Option<String>) -> Result<(), CallError> {
    refuse_given(operation, "CustomKeyStoreId", value, "custom key stores")
}

/// After a dry run succeeded: `DryRunOperationException`.
fn dry_run(flag: Option<bool>) -> Result<(), CallError> {
    match flag {
        Some(true) => Err(CallError::DryRun),
        _ => Ok(()),
    }
}

/// An encryption context as the crate holds it (none for an empty one).
fn context(map: Option<BTreeMap<String, String>>) -> Option<Cow<'static, EncryptionContext>> {
    map.filter(|m| !m.is_empty())
        .map(|m| Cow::Owned(m.into_iter().collect()))
}

/// An integer member the model bounds (and the check has bounded) as the
/// crate's unsigned type.
fn unsigned<T: TryFrom<i32>>(member: &str, value: i32) -> Result<T, CallError> {
    T::try_from(value).map_err(|_| {
        CallError::Invalid(format!(
            "1 validation error detected: Value '{value}' at '{}' failed to satisfy \
             constraint: Member must have value greater than or equal to 0",
            check::camel(member)
        ))
    })
}

/// A page size (`Limit`) as the crate takes it.
fn page_size(limit: Option<i32>) -> Result<Option<usize>, CallError> {
    limit.map(|n| unsigned("Limit", n)).transpose()
}
