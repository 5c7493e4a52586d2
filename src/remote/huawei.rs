//! [`HuaweiKms`]: Huawei Cloud KMS (DEW KMS API v1.0) behind
//! [`AsyncKeyManager`] and, through [`Blocking`],
//! [`KeyManager`](crate::KeyManager).
//!
//! Huawei has no Rust SDK: requests are made here, each endpoint of
//! [`wire::huawei::ENDPOINTS`](crate::wire::huawei::ENDPOINTS) an HTTP
//! request to `/v1.0/{project_id}/kms/…` at
//! `kms.<region>.myhuaweicloud.com` with a JSON body (a query for the
//! alias listing), signed with `SDK-HMAC-SHA256`
//! ([`wire::huawei::Request`](crate::wire::huawei::Request), checked
//! byte for byte against Huawei's own SDK) at the current time on every
//! attempt, with the headers Huawei's SDK sends (`Host`, `X-Sdk-Date`,
//! `X-Project-Id`, `Content-Type`, and `X-Security-Token` with temporary
//! credentials), all signed. HTTPS is rustls on ring with the platform's
//! trusted roots; plain `http://` endpoints work too (a local server).
//!
//! # Configuration
//!
//! What [`HuaweiKmsBuilder`] does not set comes from the environment
//! variables of Huawei Cloud's SDKs: `HUAWEICLOUD_SDK_AK` and
//! `HUAWEICLOUD_SDK_SK` (both, or neither), `HUAWEICLOUD_SDK_SECURITY_TOKEN`
//! (temporary credentials), `HUAWEICLOUD_SDK_PROJECT_ID`. The SDK takes
//! the region in code; here [`HuaweiKmsBuilder::region`] sets it, else
//! `HUAWEICLOUD_SDK_REGION`. The endpoint is the region's,
//! `https://kms.<region>.myhuaweicloud.com`, unless the SDK's
//! `HUAWEICLOUD_SDK_REGION_KMS_<REGION>` variable (the region id
//! upper-case, `-` as `_`) names another, or
//! [`HuaweiKmsBuilder::endpoint_url`] does (which wins). A project id is
//! required: every path names it.
//!
//! # Retries and timeouts
//!
//! Up to 3 attempts in all ([`HuaweiKmsBuilder::max_attempts`]; 1 turns
//! retries off), each signed anew, with exponential backoff and jitter
//! (from 100 ms, at most 5 s), for what is retryable: throttling
//! (`APIG.0308`, HTTP 429), KMS's transient failures (`KMS.0102`, HTTP
//! 5xx), timeouts and transport failures. Connecting may take 10 s and
//! each attempt 30 s ([`HuaweiKmsBuilder::connect_timeout`],
//! [`HuaweiKmsBuilder::timeout`]). What still fails is an
//! [`Error::Remote`] whose kind is the one
//! [`wire::huawei::kind_of`](crate::wire::huawei::kind_of) gives Huawei's
//! `error_code` (by HTTP status for a code it does not know), with the
//! code, the message, the `X-Request-Id` and the HTTP status.
//!
//! # What differs from the local providers
//!
//! - Ciphertexts are Huawei's. `encrypt-data` takes text (`plain_text`):
//!   as `AlibabaKms` does, the plaintext is sent as its base64 text, and
//!   `decrypt` reads the bytes `decrypt-data` answers
//!   (`plain_text_base64`) as base64 text again, so any bytes round-trip.
//!   Huawei's `plain_text` holds at most 4096 characters: at most 3072
//!   bytes encrypt (and an asymmetric key's largest plaintexts do not
//!   fit). What decrypts to anything but base64 text (another client's
//!   plaintext, a data key's ciphertext) is an error of kind
//!   [`ErrorKind::InvalidCiphertext`].
//! - The encryption context is sent as `additional_authenticated_data`:
//!   the context as a JSON object, its keys sorted.
//! - Data keys travel in hex (`create-datakey`): their ciphertext blob is
//!   the bytes of Huawei's hex `cipher_text`, which Huawei decrypts with
//!   `decrypt-datakey` (naming the key and the length), not with
//!   `decrypt-data`: `decrypt` does not open it. Lengths go in bits
//!   (`datakey_length`, `random_data_length`).
//! - `enable_key` of an enabled key and `disable_key` of a disabled one
//!   succeed, as with every provider (Huawei answers them `KMS.1201` and
//!   `KMS.1301`: a `describe-key` then checks the state). Deletion
//!   windows are Huawei's, 7 to 1096 days.
//! - Huawei's `create-key` requires a `key_alias`: a request's alias
//!   `alias/<name>` is sent as `<name>`; without one, this provider sends
//!   a unique `polykms-<32 hex digits>`. Tags follow in a `batch-tags`
//!   call (if it fails, the key is scheduled for deletion in 7 days).
//! - Huawei names no material versions in key details and has no key
//!   ARN: `current_key_version` is `None` in metadata and `arn` is the key
//!   id. The rotation status's version is one more than Huawei's
//!   `number_of_rotations`.
//! - `sign` and `verify` send the message with its type, `DIGEST` or
//!   `RAW`, as given. Operations on asymmetric keys (and key agreement)
//!   describe the key first (a round trip more) to make the checks every
//!   provider makes. A `verify` answering `signature_valid: "false"` is
//!   [`Error::InvalidSignature`], a `verify-mac` answering `mac_valid:
//!   false` [`Error::InvalidMac`].
//! - Rotation: `enable-key-rotation` then `update-key-rotation-interval`
//!   (30 to 365 days: other periods are refused here); the rotations are
//!   listed from the status's `key_materials` (as on demand: Huawei does
//!   not say how a version came to be).
//! - Aliases: `POST aliases`, `alias/associate` (update), `DELETE
//!   aliases` (which names the key: a `describe-key` finds it), `GET
//!   aliases`. Tags are listed whole by Huawei and paged here.
//! - Import: RSA 2048 wrapping keys with `RSAES_OAEP_SHA_256`, or SM2
//!   with `SM2_ENCRYPT`; the token is Huawei's text, kept as its bytes.
//! - What Huawei's API cannot express is an [`Error::Remote`] of kind
//!   [`ErrorKind::UnsupportedOperation`] naming it, sent nowhere:
//!   [`get_key_last_usage`](AsyncKeyManager::get_key_last_usage) (Huawei
//!   does not report it), and this crate's extensions
//!   [`set_minimum_decryption_version`](AsyncKeyManager::set_minimum_decryption_version)
//!   and [`import_public_key`](AsyncKeyManager::import_public_key).
//! - Each call is a network round trip, subject to Huawei's quotas and
//!   prices. A value Huawei answers with that this crate does not know is
//!   an error of kind [`ErrorKind::NotImplemented`] naming it.

mod config;
mod convert;
mod crypto;
mod keys;
mod rotation;
#[cfg(test)]
mod tests;
mod transport;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

#[cfg(doc)]
use crate::Blocking;
use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::manager::{AsyncKeyManager, BoxFuture};
use crate::wire::huawei::Endpoint;
use crate::{
    CreateAliasRequest, CreateKeyRequest, DataKey, DataKeyPair, DecryptRequest, DecryptResponse,
    DeriveSharedSecretRequest, DeriveSharedSecretResponse, EnableKeyRotationRequest,
    EncryptRequest, EncryptResponse, EncryptedDataKey, EncryptedDataKeyPair,
    GenerateDataKeyPairRequest, GenerateDataKeyRequest, GenerateMacRequest, GenerateRandomRequest,
    GetParametersForImportRequest, ImportKeyMaterialRequest, ImportParameters,
    ImportPublicKeyRequest, KeyLastUsage, KeyMetadata, KeyRotation, KeyRotationStatus,
    ListAliasesPage, ListAliasesRequest, ListKeyRotationsPage, ListKeyRotationsRequest,
    ListKeysPage, ListKeysRequest, ListResourceTagsPage, ListResourceTagsRequest, MacResponse,
    PublicKeyInfo, ReEncryptRequest, ReEncryptResponse, ScheduleKeyDeletionRequest, SecretBytes,
    SetMinimumDecryptionVersionRequest, SignRequest, SignResponse, TagResourceRequest,
    UntagResourceRequest, UpdateAliasRequest, UpdateKeyDescriptionRequest, VerifyMacRequest,
    VerifyMacResponse, VerifyRequest, VerifyResponse,
};
use config::Credentials;
use transport::{Call, Transport};

/// Huawei Cloud KMS as a provider: every operation of the trait that
/// Huawei's API can express, sent to Huawei Cloud KMS (or to any endpoint
/// that speaks its protocol, such as this crate's own server). See the
/// [module documentation](self) for configuration, retries and what
/// differs from the local providers.
///
/// ```no_run
/// use std::sync::Arc;
/// use polykms::remote::huawei::HuaweiKms;
/// use polykms::{AsyncKeyManager, AsyncKeyManagerExt, KeyManager};
///
/// # async fn run() -> polykms::Result<()> {
/// // Async services: configured from the SDK's environment variables.
/// let kms: Arc<dyn AsyncKeyManager> = Arc::new(HuaweiKms::from_env().await?);
/// let sealed = kms.encrypt(polykms::EncryptRequest::new("alias/app", b"secret")).await?;
/// # Ok(()) }
///
/// // Blocking code: the same provider on a runtime thread of its own.
/// let kms: Arc<dyn KeyManager> = Arc::new(
///     HuaweiKms::builder()
///         .region("cn-north-4")
///         .project_id("0123456789abcdef0123456789abcdef")
///         .build_blocking()?,
/// );
/// # Ok::<(), polykms::Error>(())
/// ```
#[derive(Clone)]
pub struct HuaweiKms {
    inner: Arc<Inner>,
}

/// What every call needs.
struct Inner {
    transport: Transport,
    region: Option<String>,
    endpoint: String,
}

impl Inner {
    /// Calls the endpoint `name` with `params` (path parameters besides the
    /// project), `query` and a JSON `body` (a shape of
    /// [`wire::huawei`](crate::wire::huawei)), and reads its answer's
    /// shape.
    async fn send<S: Serialize, T: DeserializeOwned>(
        &self,
        name: &str,
        params: &[(&str, &str)],
        query: Vec<(String, String)>,
        body: Option<&S>,
    ) -> Result<T> {
        let endpoint = Endpoint::named(name).ok_or_else(|| {
            Error::from(RemoteError::new(
                ErrorKind::Internal,
                format!("Huawei Cloud KMS has no endpoint {name} in the table"),
            ))
        })?;
        let body = body
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| Error::invalid_argument("request", e.to_string()))?;
        let call = Call {
            endpoint,
            params,
            query,
            body,
        };
        self.transport.call(&call).await
    }

    /// `POST` to the endpoint `name` with a JSON body, no path parameters.
    async fn post<S: Serialize, T: DeserializeOwned>(&self, name: &str, body: &S) -> Result<T> {
        self.send(name, &[], Vec::new(), Some(body)).await
    }
}

impl fmt::Debug for HuaweiKms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HuaweiKms")
            .field("region", &self.inner.region)
            .field("endpoint", &self.inner.endpoint)
            .field("project_id", &self.inner.transport.project_id)
            .field(
                "access_key_id",
                &self.inner.transport.credentials.access_key.id(),
            )
            .finish_non_exhaustive()
    }
}

impl HuaweiKms {
    /// A provider configured from the environment alone (see the [module
    /// documentation](self)).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if it gives no credentials, no project
    /// or no region.
    pub async fn from_env() -> Result<Self> {
        Self::builder().build().await
    }

    /// A builder, to set the region, endpoint, credentials, project,
    /// timeouts or retries explicitly.
    pub fn builder() -> HuaweiKmsBuilder {
        HuaweiKmsBuilder::default()
    }

    /// The region, when one was set or found.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The endpoint requests go to (`https://kms.cn-north-4.myhuaweicloud.com`).
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The project every path names.
    pub fn project_id(&self) -> &str {
        &self.inner.transport.project_id
    }
}

/// Builds a [`HuaweiKms`]: what is set here wins; the environment gives
/// the rest.
///
/// ```no_run
/// use std::time::Duration;
/// use polykms::remote::huawei::HuaweiKms;
///
/// # async fn run() -> polykms::Result<()> {
/// let kms = HuaweiKms::builder()
///     .endpoint_url("http://127.0.0.1:8080")
///     .credentials("HPUAEXAMPLE", "secret", None)
///     .project_id("0123456789abcdef0123456789abcdef")
///     .timeout(Duration::from_secs(10))
///     .max_attempts(5)
///     .build()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Default)]
#[must_use]
pub struct HuaweiKmsBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<Credentials>,
    project_id: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    max_attempts: Option<u32>,
}

impl fmt::Debug for HuaweiKmsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HuaweiKmsBuilder")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("credentials", &self.credentials)
            .field("project_id", &self.project_id)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_attempts", &self.max_attempts)
            .finish()
    }
}

/// Attempts per call unless set.
const DEFAULT_ATTEMPTS: u32 = 3;
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl HuaweiKmsBuilder {
    /// The region (`cn-north-4`): the endpoint is then
    /// `https://kms.<region>.myhuaweicloud.com`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The endpoint to send requests to instead of the region's: a URL
    /// (`https://kms.cn-north-4.myhuaweicloud.com`, `http://127.0.0.1:8080`),
    /// or a host alone (HTTPS).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Credentials: an AK, its SK, and a security token for temporary
    /// ones (sent as `X-Security-Token`, signed).
    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        security_token: Option<String>,
    ) -> Self {
        self.credentials = Some(Credentials::new(
            access_key_id.into(),
            secret_access_key.into(),
            security_token,
        ));
        self
    }

    /// The project (its id, as the console shows it for the region).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// How long connecting may take (10 s unless set).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one attempt may take, the answer included (30 s unless
    /// set).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Attempts per call, the first included (3 unless set; 1 turns
    /// retries off).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// The provider, reading what was not set from the environment.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if no credentials or no project id are
    /// set or found, if neither a region nor an endpoint is, if the
    /// endpoint is not an `http`/`https` URL, or, for an HTTPS endpoint,
    /// if the platform has no trusted root certificates.
    pub async fn build(self) -> Result<HuaweiKms> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let found = config::read(&var)?;
        let credentials = self.credentials.or(found.credentials).ok_or_else(|| {
            Error::invalid_argument(
                "credentials",
                format!(
                    "no Huawei Cloud credentials: set {} and {}, or HuaweiKmsBuilder::credentials",
                    config::AK,
                    config::SK
                ),
            )
        })?;
        let project_id = self
            .project_id
            .or(found.project_id)
            .filter(|p| !p.is_empty())
            .ok_or_else(|| {
                Error::invalid_argument(
                    "project id",
                    format!(
                        "no Huawei Cloud project: set {} or HuaweiKmsBuilder::project_id",
                        config::PROJECT_ID
                    ),
                )
            })?;
        let region = self.region.or(found.region);
        let url = match (&self.endpoint_url, &region) {
            (Some(url), _) => url.clone(),
            (None, Some(region)) => match config::region_endpoint(&var, region) {
                Some(url) => url,
                None => format!("https://{}", regional_host(region)?),
            },
            (None, None) => {
                return Err(Error::invalid_argument(
                    "region",
                    format!(
                        "no Huawei Cloud region: set {}, HuaweiKmsBuilder::region or \
                         HuaweiKmsBuilder::endpoint_url",
                        config::REGION
                    ),
                ));
            }
        };
        let (scheme, authority) = endpoint_of(&url)?;
        let client = transport::http_client(
            scheme == "https",
            self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
        )?;
        let endpoint = format!("{scheme}://{authority}");
        let transport = Transport {
            client,
            scheme,
            authority,
            project_id,
            credentials,
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            max_attempts: self.max_attempts.unwrap_or(DEFAULT_ATTEMPTS).max(1),
        };
        Ok(HuaweiKms {
            inner: Arc::new(Inner {
                transport,
                region,
                endpoint,
            }),
        })
    }

    /// The provider behind [`Blocking`], built on its runtime thread (where
    /// its HTTP connections then live): for code without an async runtime.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build); an error of kind [`ErrorKind::Internal`]
    /// if the runtime thread cannot start.
    pub fn build_blocking(self) -> Result<crate::Blocking<HuaweiKms>> {
        crate::Blocking::build(move || self.build())
    }
}

/// The scheme and authority of an endpoint URL (a bare host is HTTPS).
fn endpoint_of(url: &str) -> Result<(String, String)> {
    let invalid = |why: &str| Error::invalid_argument("endpoint", format!("{url:?}: {why}"));
    let with_scheme = if url.contains("://") {
        url.to_owned()
    } else {
        format!("https://{url}")
    };
    let uri: http::Uri = with_scheme.parse().map_err(|_| invalid("not a URL"))?;
    let scheme = match uri.scheme_str() {
        Some("http") => "http",
        Some("https") => "https",
        _ => return Err(invalid("the scheme must be http or https")),
    };
    let authority = uri.authority().ok_or_else(|| invalid("no host"))?;
    if authority.as_str().contains('@') {
        return Err(invalid("credentials do not go in the URL"));
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        return Err(invalid(
            "give the endpoint alone: the paths /v1.0/{project_id}/kms/… are added here",
        ));
    }
    Ok((scheme.to_owned(), authority.as_str().to_owned()))
}

/// The KMS host of a region.
fn regional_host(region: &str) -> Result<String> {
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(Error::invalid_argument(
            "region",
            format!("{region:?} is not a Huawei Cloud region id (such as cn-north-4)"),
        ));
    }
    Ok(format!("kms.{region}.myhuaweicloud.com"))
}

/// An operation Huawei Cloud KMS's API has no counterpart for: an error
/// of kind [`ErrorKind::UnsupportedOperation`] naming it (no request is
/// sent).
fn unsupported(operation: &str, why: &str) -> Error {
    RemoteError::new(
        ErrorKind::UnsupportedOperation,
        format!("Huawei Cloud KMS has no {operation} operation ({why})"),
    )
    .into()
}

/// A form of an operation Huawei's API cannot express, naming the
/// operation and the form.
fn unsupported_with(operation: &str, what: &str, why: &str) -> Error {
    RemoteError::new(
        ErrorKind::UnsupportedOperation,
        format!("Huawei Cloud KMS cannot {operation} with {what} ({why})"),
    )
    .into()
}

macro_rules! call {
    ($module:ident :: $function:ident($self:ident, $arg:ident)) => {
        Box::pin(async move { $module::$function(&$self.inner, $arg).await })
    };
}

impl AsyncKeyManager for HuaweiKms {
    fn create_key<'a>(&'a self, request: CreateKeyRequest) -> BoxFuture<'a, Result<KeyMetadata>> {
        call!(keys::create_key(self, request))
    }

    fn describe_key<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<KeyMetadata>> {
        call!(keys::describe_key(self, key_id))
    }

    fn list_keys<'a>(&'a self, request: ListKeysRequest) -> BoxFuture<'a, Result<ListKeysPage>> {
        call!(keys::list_keys(self, request))
    }

    fn enable_key<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<()>> {
        call!(keys::enable_key(self, key_id))
    }

    fn disable_key<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<()>> {
        call!(keys::disable_key(self, key_id))
    }

    fn update_key_description<'a>(
        &'a self,
        request: UpdateKeyDescriptionRequest,
    ) -> BoxFuture<'a, Result<()>> {
        call!(keys::update_key_description(self, request))
    }

    fn schedule_key_deletion<'a>(
        &'a self,
        request: ScheduleKeyDeletionRequest,
    ) -> BoxFuture<'a, Result<KeyMetadata>> {
        call!(keys::schedule_key_deletion(self, request))
    }

    fn cancel_key_deletion<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<KeyMetadata>> {
        call!(keys::cancel_key_deletion(self, key_id))
    }

    fn create_alias<'a>(&'a self, request: CreateAliasRequest) -> BoxFuture<'a, Result<()>> {
        call!(keys::create_alias(self, request))
    }

    fn update_alias<'a>(&'a self, request: UpdateAliasRequest) -> BoxFuture<'a, Result<()>> {
        call!(keys::update_alias(self, request))
    }

    fn delete_alias<'a>(&'a self, alias_name: &'a str) -> BoxFuture<'a, Result<()>> {
        call!(keys::delete_alias(self, alias_name))
    }

    fn list_aliases<'a>(
        &'a self,
        request: ListAliasesRequest,
    ) -> BoxFuture<'a, Result<ListAliasesPage>> {
        call!(keys::list_aliases(self, request))
    }

    fn tag_resource<'a>(&'a self, request: TagResourceRequest) -> BoxFuture<'a, Result<()>> {
        call!(keys::tag_resource(self, request))
    }

    fn untag_resource<'a>(&'a self, request: UntagResourceRequest) -> BoxFuture<'a, Result<()>> {
        call!(keys::untag_resource(self, request))
    }

    fn list_resource_tags<'a>(
        &'a self,
        request: ListResourceTagsRequest,
    ) -> BoxFuture<'a, Result<ListResourceTagsPage>> {
        call!(keys::list_resource_tags(self, request))
    }

    fn encrypt<'a>(
        &'a self,
        request: EncryptRequest<'a>,
    ) -> BoxFuture<'a, Result<EncryptResponse>> {
        call!(crypto::encrypt(self, request))
    }

    fn decrypt<'a>(
        &'a self,
        request: DecryptRequest<'a>,
    ) -> BoxFuture<'a, Result<DecryptResponse>> {
        call!(crypto::decrypt(self, request))
    }

    fn re_encrypt<'a>(
        &'a self,
        request: ReEncryptRequest<'a>,
    ) -> BoxFuture<'a, Result<ReEncryptResponse>> {
        call!(crypto::re_encrypt(self, request))
    }

    fn generate_data_key<'a>(
        &'a self,
        request: GenerateDataKeyRequest<'a>,
    ) -> BoxFuture<'a, Result<DataKey>> {
        call!(crypto::generate_data_key(self, request))
    }

    /// `create-rsa-datakey-pair` or `create-ec-datakey-pair`, with the
    /// plaintext private key.
    fn generate_data_key_pair<'a>(
        &'a self,
        request: GenerateDataKeyPairRequest<'a>,
    ) -> BoxFuture<'a, Result<DataKeyPair>> {
        call!(crypto::generate_data_key_pair(self, request))
    }

    fn sign<'a>(&'a self, request: SignRequest<'a>) -> BoxFuture<'a, Result<SignResponse>> {
        call!(crypto::sign(self, request))
    }

    fn verify<'a>(&'a self, request: VerifyRequest<'a>) -> BoxFuture<'a, Result<VerifyResponse>> {
        call!(crypto::verify(self, request))
    }

    fn get_public_key<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<PublicKeyInfo>> {
        call!(crypto::get_public_key(self, key_id))
    }

    fn derive_shared_secret<'a>(
        &'a self,
        request: DeriveSharedSecretRequest<'a>,
    ) -> BoxFuture<'a, Result<DeriveSharedSecretResponse>> {
        call!(crypto::derive_shared_secret(self, request))
    }

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: Huawei Cloud
    /// KMS does not report when a key was last used.
    fn get_key_last_usage<'a>(&'a self, _key_id: &'a str) -> BoxFuture<'a, Result<KeyLastUsage>> {
        Box::pin(async {
            Err(unsupported(
                "GetKeyLastUsage",
                "no record of when a key was last used",
            ))
        })
    }

    fn generate_mac<'a>(
        &'a self,
        request: GenerateMacRequest<'a>,
    ) -> BoxFuture<'a, Result<MacResponse>> {
        call!(crypto::generate_mac(self, request))
    }

    fn verify_mac<'a>(
        &'a self,
        request: VerifyMacRequest<'a>,
    ) -> BoxFuture<'a, Result<VerifyMacResponse>> {
        call!(crypto::verify_mac(self, request))
    }

    /// `gen-random`.
    fn generate_random<'a>(
        &'a self,
        request: GenerateRandomRequest,
    ) -> BoxFuture<'a, Result<SecretBytes>> {
        call!(crypto::generate_random(self, request))
    }

    fn enable_key_rotation<'a>(
        &'a self,
        request: EnableKeyRotationRequest,
    ) -> BoxFuture<'a, Result<()>> {
        call!(rotation::enable_key_rotation(self, request))
    }

    fn disable_key_rotation<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<()>> {
        call!(rotation::disable_key_rotation(self, key_id))
    }

    fn get_key_rotation_status<'a>(
        &'a self,
        key_id: &'a str,
    ) -> BoxFuture<'a, Result<KeyRotationStatus>> {
        call!(rotation::get_key_rotation_status(self, key_id))
    }

    fn list_key_rotations<'a>(
        &'a self,
        request: ListKeyRotationsRequest,
    ) -> BoxFuture<'a, Result<ListKeyRotationsPage>> {
        call!(rotation::list_key_rotations(self, request))
    }

    fn rotate_key_on_demand<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<KeyRotation>> {
        call!(rotation::rotate_key_on_demand(self, key_id))
    }

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: an extension
    /// of this crate's local providers.
    fn set_minimum_decryption_version<'a>(
        &'a self,
        _request: SetMinimumDecryptionVersionRequest,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async {
            Err(unsupported(
                "SetMinimumDecryptionVersion",
                "an extension of this crate's local providers",
            ))
        })
    }

    fn get_parameters_for_import<'a>(
        &'a self,
        request: GetParametersForImportRequest,
    ) -> BoxFuture<'a, Result<ImportParameters>> {
        call!(rotation::get_parameters_for_import(self, request))
    }

    fn import_key_material<'a>(
        &'a self,
        request: ImportKeyMaterialRequest,
    ) -> BoxFuture<'a, Result<()>> {
        call!(rotation::import_key_material(self, request))
    }

    fn delete_imported_key_material<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<()>> {
        call!(rotation::delete_imported_key_material(self, key_id))
    }

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: Huawei Cloud
    /// KMS imports key material, not public keys alone.
    fn import_public_key<'a>(
        &'a self,
        _request: ImportPublicKeyRequest,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async {
            Err(unsupported(
                "ImportPublicKey",
                "an extension of this crate's local providers",
            ))
        })
    }

    /// Huawei's own `create-datakey-without-plaintext`.
    fn generate_data_key_without_plaintext<'a>(
        &'a self,
        request: GenerateDataKeyRequest<'a>,
    ) -> BoxFuture<'a, Result<EncryptedDataKey>> {
        call!(crypto::generate_data_key_without_plaintext(self, request))
    }

    /// The data key pair endpoints with `with_plain_text: false`.
    fn generate_data_key_pair_without_plaintext<'a>(
        &'a self,
        request: GenerateDataKeyPairRequest<'a>,
    ) -> BoxFuture<'a, Result<EncryptedDataKeyPair>> {
        call!(crypto::generate_data_key_pair_without_plaintext(
            self, request
        ))
    }
}
