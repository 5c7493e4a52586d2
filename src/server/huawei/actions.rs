//! The action layer of the Huawei front: an endpoint's path parameters,
//! query and JSON body in, the JSON body of the answer (or the failure)
//! out, over any [`AsyncKeyManager`].
//!
//! Bodies are read with the request shapes of
//! [`wire::huawei`](crate::wire::huawei), which use Huawei's field names
//! and spellings, so the server and the SDK agree on every name. A key is
//! named by its id (`key_id`); an alias (`alias/…`) is taken too, so keys
//! made and named through the other fronts are reachable. A parameter the
//! server cannot honour (an enterprise project other than `"0"`, a
//! dedicated key store, HSM-only features) is refused naming it, never
//! ignored.

mod aliases;
mod asymmetric;
mod crypto;
mod import;
mod keys;
mod random;
mod rotation;
mod tags;

use serde::de::DeserializeOwned;

use crate::server::service::bytes_of_body::BodyError;
use crate::spec::Vocabulary;
use crate::wire::huawei::{self as wire, SignatureError};
use crate::{AsyncKeyManager, Error};

/// What an action needs: the caller's provider and names, the request's
/// id, its path parameters, query and body.
pub(crate) struct Context<'a> {
    pub(crate) kms: &'a dyn AsyncKeyManager,
    pub(crate) region: &'a str,
    pub(crate) project_id: &'a str,
    pub(crate) account: &'a str,
    pub(crate) request_id: &'a str,
    /// The endpoint and its path parameters.
    pub(crate) route: &'a wire::Route,
    /// The query's parameters, decoded.
    pub(crate) query: &'a [(String, String)],
    /// The JSON body as sent.
    pub(crate) body: &'a [u8],
}

/// The JSON body of a successful answer (HTTP 200).
pub(crate) type Answer = serde_json::Value;

/// Why a request failed, before it is rendered as Huawei's error body.
#[derive(Debug)]
pub(crate) enum Fail {
    /// The provider failed: its error's code ([`wire::error_code`]).
    Kms(Error),
    /// A required parameter is missing: `KMS.0204`.
    Missing(&'static str),
    /// A parameter is not valid: `KMS.0308` ("Invalid XXX").
    Invalid {
        /// The parameter.
        parameter: &'static str,
        /// Why.
        reason: String,
    },
    /// The body is not a JSON object of the endpoint's shape: `KMS.0202`.
    MalformedBody(String),
    /// A parameter asks for what this server does not do: `KMS.0211`.
    Unsupported(String),
    /// The signature was refused: the API gateway's `APIG.0301`.
    Signature(SignatureError),
    /// The request's project is not the signing credential's: `KMS.0321`
    /// (HTTP 403), Huawei's refusal of a project in the URL that the
    /// caller's authentication does not name.
    ProjectMismatch {
        /// The project the request names.
        requested: String,
    },
    /// A refusal with a Huawei code of its own (HTTP 400): `KMS.1401` for
    /// `pending_days` out of range, `KMS.1101` for an invalid alias, ….
    Coded {
        /// The code.
        code: &'static str,
        /// The message.
        message: String,
    },
    /// The body was not read.
    Body(BodyError),
    /// No endpoint takes this path: the gateway's `APIG.0101`.
    UnknownEndpoint(String),
    /// Something broke inside the server: `KMS.0101`.
    Internal(String),
}

impl From<Error> for Fail {
    fn from(error: Error) -> Self {
        Self::Kms(error)
    }
}

impl Fail {
    /// The HTTP status, `error_code` and `error_msg` of the error body.
    pub(crate) fn render(self) -> (u16, &'static str, String) {
        match self {
            Self::Kms(error) => {
                let row = wire::error_code(&error);
                (row.http_status, row.code, error.to_string())
            }
            Self::Missing(parameter) => (
                400,
                "KMS.0204",
                format!("Parameters missing in the request message: {parameter}."),
            ),
            Self::Invalid { parameter, reason } => {
                (400, "KMS.0308", format!("Invalid {parameter}: {reason}"))
            }
            Self::MalformedBody(reason) => (
                400,
                "KMS.0202",
                format!("Invalid JSON format of the request message: {reason}"),
            ),
            Self::Unsupported(what) => (400, "KMS.0211", what),
            Self::Signature(refusal) => (refusal.http_status(), refusal.code(), refusal.message()),
            Self::ProjectMismatch { requested } => (
                403,
                "KMS.0321",
                format!("The project ID in the URL ({requested}) and the credential do not match."),
            ),
            Self::Coded { code, message } => (400, code, message),
            Self::Body(BodyError::TooLarge(limit)) => (
                413,
                "KMS.0203",
                format!("Request message too long: more than {limit} bytes."),
            ),
            Self::Body(BodyError::TimedOut) => (
                408,
                "KMS.0203",
                "The request body was not sent within the body read timeout.".to_owned(),
            ),
            Self::Body(BodyError::Broken(e)) => (400, "KMS.0202", e),
            Self::UnknownEndpoint(path) => (
                404,
                "APIG.0101",
                format!(
                    "The API does not exist or has not been published in the environment: {path}"
                ),
            ),
            Self::Internal(message) => (500, "KMS.0101", message),
        }
    }
}

/// Runs the endpoint of `cx.route`, catching a panic as `KMS.0101`.
pub(crate) async fn call(cx: &Context<'_>) -> Result<Answer, Fail> {
    match crate::server::service::catch_panic(dispatch(cx)).await {
        Ok(result) => result,
        Err(panic) => {
            let message = crate::server::service::panic_message(&*panic);
            tracing::error!(
                panic = message,
                endpoint = cx.route.endpoint.name,
                project_id = cx.project_id,
                request_id = cx.request_id,
                "action panicked"
            );
            Err(Fail::Internal("internal error".to_owned()))
        }
    }
}

async fn dispatch(cx: &Context<'_>) -> Result<Answer, Fail> {
    match cx.route.endpoint.name {
        "create-key" => keys::create_key(cx).await,
        "describe-key" => keys::describe_key(cx).await,
        "list-keys" => keys::list_keys(cx).await,
        "enable-key" => keys::enable_key(cx).await,
        "disable-key" => keys::disable_key(cx).await,
        "schedule-key-deletion" => keys::schedule_key_deletion(cx).await,
        "cancel-key-deletion" => keys::cancel_key_deletion(cx).await,
        "update-key-alias" => aliases::update_key_alias(cx).await,
        "update-key-description" => keys::update_key_description(cx).await,
        "create-alias" => aliases::create_alias(cx).await,
        "delete-alias" => aliases::delete_alias(cx).await,
        "list-aliases" => aliases::list_aliases(cx).await,
        "associate-alias" => aliases::associate_alias(cx).await,
        "create-tag" => tags::create_tag(cx).await,
        "delete-tag" => tags::delete_tag(cx).await,
        "list-key-tags" => tags::list_key_tags(cx).await,
        "batch-tags" => tags::batch_tags(cx).await,
        "list-project-tags" => tags::list_project_tags(cx).await,
        "enable-key-rotation" => rotation::enable_key_rotation(cx).await,
        "disable-key-rotation" => rotation::disable_key_rotation(cx).await,
        "get-key-rotation-status" => rotation::get_key_rotation_status(cx).await,
        "update-key-rotation-interval" => rotation::update_key_rotation_interval(cx).await,
        "rotate-on-demand" => rotation::rotate_on_demand(cx).await,
        "encrypt-data" => crypto::encrypt_data(cx).await,
        "decrypt-data" => crypto::decrypt_data(cx).await,
        "create-datakey" => crypto::create_datakey(cx).await,
        "create-datakey-without-plaintext" => crypto::create_datakey_without_plaintext(cx).await,
        "encrypt-datakey" => crypto::encrypt_datakey(cx).await,
        "decrypt-datakey" => crypto::decrypt_datakey(cx).await,
        "re-encrypt" => crypto::re_encrypt(cx).await,
        "sign" => asymmetric::sign(cx).await,
        "verify" => asymmetric::verify(cx).await,
        "get-publickey" => asymmetric::get_publickey(cx).await,
        "generate-mac" => asymmetric::generate_mac(cx).await,
        "verify-mac" => asymmetric::verify_mac(cx).await,
        "create-ec-datakey-pair" => asymmetric::create_ec_datakey_pair(cx).await,
        "create-rsa-datakey-pair" => asymmetric::create_rsa_datakey_pair(cx).await,
        "derive-shared-secret" => asymmetric::derive_shared_secret(cx).await,
        "gen-random" => random::gen_random(cx).await,
        "get-parameters-for-import" => import::get_parameters_for_import(cx).await,
        "import-key-material" => import::import_key_material(cx).await,
        "delete-imported-key-material" => import::delete_imported_key_material(cx).await,
        other => Err(Fail::Unsupported(format!(
            "{other} is not supported by this server"
        ))),
    }
}

impl Context<'_> {
    /// The body as the shape `T`; an empty body reads as `{}`.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, Fail> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            self.body
        };
        serde_json::from_slice(body).map_err(|e| Fail::MalformedBody(e.to_string()))
    }

    /// The value of the path parameter `name`.
    pub(crate) fn path_parameter(&self, name: &str) -> Option<&str> {
        self.route.param(name)
    }

    /// The key the request names (its path's `key_id`, else the body's),
    /// for the log.
    pub(crate) fn named_key(&self) -> Option<String> {
        if let Some(key) = self.path_parameter("key_id") {
            return Some(key.to_owned());
        }
        let body: serde_json::Value = serde_json::from_slice(self.body).ok()?;
        let key = body.get("key_id").or_else(|| body.get("source_key_id"))?;
        key.as_str().map(str::to_owned)
    }
}

/// The key a Huawei `key_id` (or other key parameter) names, as the
/// provider takes it: a key id, or an alias (`alias/…`) so that keys named
/// through the other fronts are reachable; absent or empty is missing.
pub(crate) fn key_reference(parameter: &'static str, key_id: Option<&str>) -> Result<String, Fail> {
    match key_id.map(str::trim) {
        Some(key) if !key.is_empty() => Ok(key.to_owned()),
        _ => Err(Fail::Missing(parameter)),
    }
}

/// A required parameter's value; absent or empty is missing.
pub(crate) fn need<'v>(parameter: &'static str, value: Option<&'v str>) -> Result<&'v str, Fail> {
    value
        .filter(|v| !v.is_empty())
        .ok_or(Fail::Missing(parameter))
}

/// An optional vocabulary parameter, in Huawei's spelling (or any
/// vendor's); a name the crate knows but does not serve is unsupported.
pub(crate) fn vocabulary<T: Vocabulary>(
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

/// Refuses an enterprise project other than the default one (`"0"`):
/// this server has no enterprise projects.
pub(crate) fn default_enterprise_project(value: Option<&str>) -> Result<(), Fail> {
    match value.map(str::trim) {
        None | Some("" | "0") => Ok(()),
        Some(other) => Err(Fail::Unsupported(format!(
            "enterprise_project_id {other:?} is not supported by this server: it has only the \
             default enterprise project \"0\""
        ))),
    }
}

/// Refuses a parameter this server cannot honour, if it was given.
pub(crate) fn refuse_given(parameter: &str, value: Option<&str>, why: &str) -> Result<(), Fail> {
    match value.filter(|v| !v.is_empty()) {
        Some(_) => Err(Fail::Unsupported(format!(
            "{parameter} is not supported by this server: {why}"
        ))),
        None => Ok(()),
    }
}

/// A shape as the JSON answer.
pub(crate) fn answer<T: serde::Serialize>(shape: &T) -> Result<Answer, Fail> {
    serde_json::to_value(shape).map_err(|e| Fail::Internal(e.to_string()))
}
