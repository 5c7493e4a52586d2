//! [`AlibabaKms`]: Alibaba Cloud KMS (API version `2016-01-20`) behind
//! [`AsyncKeyManager`] and, through [`Blocking`],
//! [`KeyManager`](crate::KeyManager).
//!
//! Alibaba has no Rust SDK: requests are made here, every action a
//! `POST /` to `kms.<region>.aliyuncs.com` with its parameters in the
//! query and an empty body, signed with signature V3 (`ACS3-HMAC-SHA256`,
//! [`wire::alibaba::v3`](crate::wire::alibaba::v3), checked byte for byte
//! against Alibaba's own SDK) with a fresh random nonce and the current
//! time, and sending the headers Alibaba's SDK sends (`host`,
//! `x-acs-action`, `x-acs-version`, `x-acs-date`,
//! `x-acs-signature-nonce`, `x-acs-content-sha256`, `accept`, and
//! `x-acs-security-token` with STS credentials), all signed. HTTPS is
//! rustls on ring with the platform's trusted roots; plain `http://`
//! endpoints work too (a local server).
//!
//! # Configuration
//!
//! What [`AlibabaKmsBuilder`] does not set comes from, in order:
//!
//! - the environment variables of Alibaba's SDKs and CLI:
//!   `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
//!   (both, or neither), `ALIBABA_CLOUD_SECURITY_TOKEN` (an STS token),
//!   `ALIBABA_CLOUD_REGION_ID`;
//! - the Alibaba Cloud CLI's profile file, `~/.aliyun/config.json`
//!   (`aliyun configure`): the `current` profile, or the one
//!   `ALIBABA_CLOUD_PROFILE` or [`AlibabaKmsBuilder::profile`] names, of
//!   mode `AK` (an AccessKey) or `StsToken` (with its `sts_token`), and its
//!   `region_id`. Profiles of the modes that need a call to STS or to the
//!   instance metadata service (`RamRoleArn`, `EcsRamRole`, `OIDC`, …) are
//!   refused with an error naming the mode: give those credentials with
//!   [`AlibabaKmsBuilder::credentials`]. `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`
//!   leaves the file unread.
//!
//! The endpoint is the region's, `https://kms.<region>.aliyuncs.com`,
//! unless [`AlibabaKmsBuilder::endpoint_url`] gives another (a VPC
//! endpoint, a KMS instance, a local server).
//!
//! # Retries and timeouts
//!
//! Up to 3 attempts in all ([`AlibabaKmsBuilder::max_attempts`]; 1 turns
//! retries off), each signed anew, with exponential backoff and jitter
//! (from 100 ms, at most 5 s), for throttling (`Rejected.Throttling`,
//! `Throttling*`, HTTP 429), Alibaba's transient answers
//! (`ServiceUnavailableTemporary`, `InternalFailure`, HTTP 5xx), timeouts
//! and transport failures. Connecting may take 10 s and each attempt 30 s
//! ([`AlibabaKmsBuilder::connect_timeout`], [`AlibabaKmsBuilder::timeout`]).
//! What still fails is an [`Error::Remote`] whose kind is the one
//! [`wire::alibaba::kind_of`](crate::wire::alibaba::kind_of) gives
//! Alibaba's code (by HTTP status for a code it does not know), with
//! Alibaba's code, message, request id and HTTP status.
//!
//! # What differs from the local providers
//!
//! - Ciphertexts are Alibaba's. Symmetric `Encrypt` takes text: the
//!   plaintext is sent as its base64 text, and `Decrypt` reads base64
//!   back (as Alibaba's data keys are), so any bytes round-trip.
//! - Alibaba names material versions by `KeyVersionId` (a UUID), not by
//!   number: the `key_version` fields and `current_key_version` are `None`;
//!   `minimum_decryption_version` is 1 (Alibaba never retires material).
//! - `AsymmetricSign` and `AsymmetricVerify` take digests only: a RAW
//!   message is hashed here with the algorithm's hash (SHA-256, SHA-384,
//!   SHA-512), or for SM2DSA as SM3(Z_A ‖ M) with the key's public key
//!   and the distinguishing ID `1234567812345678` (a `GetPublicKey`
//!   more). Algorithms that sign the message itself (pure Ed25519, ML-DSA)
//!   cannot be expressed: an error of kind
//!   [`ErrorKind::UnsupportedOperation`], after the `DescribeKey` that
//!   checks the key (and its spec's algorithms) as every provider does. A signature or MAC that does not
//!   verify (Alibaba's `Value: false`) is [`Error::InvalidSignature`] /
//!   [`Error::InvalidMac`].
//! - The asymmetric actions name a `KeyVersionId`: the key's
//!   `PrimaryKeyVersion`, read with a `DescribeKey` first (a round trip
//!   more); `GetPublicKey` converts Alibaba's PEM to DER.
//! - `Decrypt` takes no key: when the request names one, the key that
//!   decrypted must be it ([`Error::IncorrectKey`] otherwise). `ReEncrypt`
//!   answers with the destination key alone: the source key is the one the
//!   request names, else a `Decrypt` of the source finds it.
//! - Rotation is `UpdateRotationPolicy` (`RotationInterval` 7 to 730 days:
//!   other periods are refused here), on demand `CreateKeyVersion`, the
//!   rotations `ListKeyVersions` (every version after the first). Alibaba
//!   does not say how a version came to be: rotations are listed as
//!   [`RotationType::OnDemand`](crate::RotationType::OnDemand).
//! - `ScheduleKeyDeletion` without a window sends 30 days (Alibaba requires
//!   one); it and `CancelKeyDeletion` answer with the request id alone: a
//!   `DescribeKey` follows. `create_key` with an alias creates the key,
//!   then the alias (an alias already taken is refused before; if making
//!   it fails, the key is scheduled for deletion in 7 days).
//! - Aliases are listed without dates (Alibaba reports none): their
//!   `creation_date` and `last_updated_date` are the Unix epoch. Listings
//!   page by Alibaba's page numbers (at most 100 a page); tags and
//!   rotations, which Alibaba lists whole, are paged here.
//! - What Alibaba's API cannot express is an [`Error::Remote`] of kind
//!   [`ErrorKind::UnsupportedOperation`] naming it, sent nowhere:
//!   [`generate_data_key_pair`](AsyncKeyManager::generate_data_key_pair)
//!   and its `_without_plaintext` form (Alibaba has no data key pairs),
//!   [`derive_shared_secret`](AsyncKeyManager::derive_shared_secret)
//!   (Alibaba has no key agreement),
//!   [`generate_random`](AsyncKeyManager::generate_random) (Alibaba's
//!   `GetRandomPassword` answers printable characters, not random bytes),
//!   and this crate's extensions
//!   [`set_minimum_decryption_version`](AsyncKeyManager::set_minimum_decryption_version)
//!   and [`import_public_key`](AsyncKeyManager::import_public_key).
//! - Each call is a network round trip, subject to Alibaba's quotas
//!   (throttling) and prices. A value Alibaba answers with that this crate
//!   does not know is an error of kind [`ErrorKind::NotImplemented`]
//!   naming it, never a panic.

mod config;
mod convert;
mod crypto;
mod digest;
mod keys;
mod rotation;
#[cfg(test)]
mod tests;
mod transport;

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

#[cfg(doc)]
use crate::Blocking;
use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::manager::{AsyncKeyManager, BoxFuture};
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
use transport::Transport;

/// Alibaba Cloud KMS as a provider: every operation of the trait that
/// Alibaba's API can express, sent to Alibaba Cloud KMS (or to any
/// endpoint that speaks its protocol, such as this crate's own server).
/// See the [module documentation](self) for configuration, retries and
/// what differs from the local providers.
///
/// ```no_run
/// use std::sync::Arc;
/// use polykms::remote::alibaba::AlibabaKms;
/// use polykms::{AsyncKeyManager, AsyncKeyManagerExt, KeyManager};
///
/// # async fn run() -> polykms::Result<()> {
/// // Async services: the provider itself, configured from the environment
/// // or the Alibaba Cloud CLI's profile.
/// let kms: Arc<dyn AsyncKeyManager> = Arc::new(AlibabaKms::from_env().await?);
/// let sealed = kms.encrypt(polykms::EncryptRequest::new("alias/app", b"secret")).await?;
/// # Ok(()) }
///
/// // Blocking code: the same provider on a runtime thread of its own.
/// let kms: Arc<dyn KeyManager> =
///     Arc::new(AlibabaKms::builder().region("cn-hangzhou").build_blocking()?);
/// # Ok::<(), polykms::Error>(())
/// ```
#[derive(Clone)]
pub struct AlibabaKms {
    inner: Arc<Inner>,
}

/// What every call needs.
struct Inner {
    transport: Transport,
    region: Option<String>,
    endpoint: String,
}

impl Inner {
    /// Sends `action` with the parameters of the request shape `request`
    /// (from [`wire::alibaba`](crate::wire::alibaba), the shapes the
    /// server's front reads) and reads its answer's shape.
    async fn call<S: Serialize, T: DeserializeOwned>(
        &self,
        action: &str,
        request: &S,
    ) -> Result<T> {
        let params = crate::wire::alibaba::to_parameters(request);
        self.transport.call(action, &params).await
    }
}

impl fmt::Debug for AlibabaKms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlibabaKms")
            .field("region", &self.inner.region)
            .field("endpoint", &self.inner.endpoint)
            .field(
                "access_key_id",
                &self.inner.transport.credentials.access_key.id(),
            )
            .finish_non_exhaustive()
    }
}

impl AlibabaKms {
    /// A provider configured from the environment and the Alibaba Cloud
    /// CLI's profile file alone (see the [module documentation](self)).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if they give no credentials or no
    /// region, or the profile file cannot be read.
    pub async fn from_env() -> Result<Self> {
        Self::builder().build().await
    }

    /// A builder, to set the region, endpoint, credentials, profile,
    /// timeouts or retries explicitly.
    pub fn builder() -> AlibabaKmsBuilder {
        AlibabaKmsBuilder::default()
    }

    /// The region, when one was set or found.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The endpoint requests go to (`https://kms.cn-hangzhou.aliyuncs.com`).
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }
}

/// Builds an [`AlibabaKms`]: what is set here wins; the environment and
/// the CLI's profile file give the rest.
///
/// ```no_run
/// use std::time::Duration;
/// use polykms::remote::alibaba::AlibabaKms;
///
/// # async fn run() -> polykms::Result<()> {
/// let kms = AlibabaKms::builder()
///     .region("cn-shanghai")
///     .endpoint_url("http://127.0.0.1:8080")
///     .credentials("LTAI5tExample", "secret", None)
///     .timeout(Duration::from_secs(10))
///     .max_attempts(5)
///     .build()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Default)]
#[must_use]
pub struct AlibabaKmsBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<Credentials>,
    profile: Option<String>,
    profile_file: Option<PathBuf>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    max_attempts: Option<u32>,
}

impl fmt::Debug for AlibabaKmsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlibabaKmsBuilder")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("credentials", &self.credentials)
            .field("profile", &self.profile)
            .field("profile_file", &self.profile_file)
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

impl AlibabaKmsBuilder {
    /// The region (`cn-hangzhou`): the endpoint is then
    /// `https://kms.<region>.aliyuncs.com`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The endpoint to send requests to instead of the region's: a URL
    /// (`https://kms-vpc.cn-hangzhou.aliyuncs.com`,
    /// `http://127.0.0.1:8080`), or a host alone (HTTPS).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Credentials: an AccessKey id, its secret, and an STS security
    /// token for temporary ones (sent as `x-acs-security-token`, signed).
    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
        security_token: Option<String>,
    ) -> Self {
        self.credentials = Some(Credentials::new(
            access_key_id.into(),
            access_key_secret.into(),
            security_token,
        ));
        self
    }

    /// The profile of the CLI's file to read (instead of
    /// `ALIBABA_CLOUD_PROFILE` or the file's `current`).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The CLI profile file to read instead of `~/.aliyun/config.json`.
    pub fn profile_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.profile_file = Some(path.into());
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

    /// The provider, reading what was not set from the environment and
    /// the CLI's profile file.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if no credentials are set or found, if
    /// neither a region nor an endpoint is, if the endpoint is not an
    /// `http`/`https` URL, if the profile file or the profile named cannot
    /// be read, or, for an HTTPS endpoint, if the platform has no trusted
    /// root certificates.
    pub async fn build(self) -> Result<AlibabaKms> {
        let needs_region = self.region.is_none() && self.endpoint_url.is_none();
        let explicit_file = self.profile.is_some() || self.profile_file.is_some();
        let found = if self.credentials.is_none() || needs_region || explicit_file {
            let var = |name: &str| std::env::var(name).ok();
            config::read(&config::Sources {
                var: &var,
                profile_file: self.profile_file.as_deref(),
                profile: self.profile.as_deref(),
                home: std::env::var_os("HOME").map(PathBuf::from),
            })?
        } else {
            config::Found::default()
        };
        let credentials = self.credentials.or(found.credentials).ok_or_else(|| {
            Error::invalid_argument(
                "credentials",
                format!(
                    "no Alibaba Cloud credentials: set {} and {}, a profile in \
                     ~/.aliyun/config.json, or AlibabaKmsBuilder::credentials",
                    config::ACCESS_KEY_ID,
                    config::ACCESS_KEY_SECRET
                ),
            )
        })?;
        let region = self.region.or(found.region);
        let (scheme, authority) = match (&self.endpoint_url, &region) {
            (Some(url), _) => endpoint_of(url)?,
            (None, Some(region)) => ("https".to_owned(), regional_host(region)?),
            (None, None) => {
                return Err(Error::invalid_argument(
                    "region",
                    format!(
                        "no Alibaba Cloud region: set {}, a profile's region_id, \
                         AlibabaKmsBuilder::region or AlibabaKmsBuilder::endpoint_url",
                        config::REGION_ID
                    ),
                ));
            }
        };
        let client = transport::http_client(
            scheme == "https",
            self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
        )?;
        let endpoint = format!("{scheme}://{authority}");
        let transport = Transport {
            client,
            scheme,
            authority,
            credentials,
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            max_attempts: self.max_attempts.unwrap_or(DEFAULT_ATTEMPTS).max(1),
        };
        Ok(AlibabaKms {
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
    pub fn build_blocking(self) -> Result<crate::Blocking<AlibabaKms>> {
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
        return Err(invalid("Alibaba Cloud KMS's actions are at the path /"));
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
            format!("{region:?} is not an Alibaba Cloud region id (such as cn-hangzhou)"),
        ));
    }
    Ok(format!("kms.{region}.aliyuncs.com"))
}

/// An operation Alibaba Cloud KMS's API has no counterpart for: an error
/// of kind [`ErrorKind::UnsupportedOperation`] naming it (no request is
/// sent).
fn unsupported(operation: &str, why: &str) -> Error {
    RemoteError::new(
        ErrorKind::UnsupportedOperation,
        format!("Alibaba Cloud KMS has no {operation} operation ({why})"),
    )
    .into()
}

/// A form of an operation Alibaba's API cannot express, naming the
/// operation and the form.
fn unsupported_with(operation: &str, what: &str, why: &str) -> Error {
    RemoteError::new(
        ErrorKind::UnsupportedOperation,
        format!("Alibaba Cloud KMS cannot {operation} with {what} ({why})"),
    )
    .into()
}

macro_rules! call {
    ($module:ident :: $function:ident($self:ident, $arg:ident)) => {
        Box::pin(async move { $module::$function(&$self.inner, $arg).await })
    };
}

impl AsyncKeyManager for AlibabaKms {
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

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: Alibaba Cloud
    /// KMS has no data key pairs.
    fn generate_data_key_pair<'a>(
        &'a self,
        _request: GenerateDataKeyPairRequest<'a>,
    ) -> BoxFuture<'a, Result<DataKeyPair>> {
        Box::pin(async { Err(unsupported("GenerateDataKeyPair", "no data key pairs")) })
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

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: Alibaba Cloud
    /// KMS has no key agreement.
    fn derive_shared_secret<'a>(
        &'a self,
        _request: DeriveSharedSecretRequest<'a>,
    ) -> BoxFuture<'a, Result<DeriveSharedSecretResponse>> {
        Box::pin(async { Err(unsupported("DeriveSharedSecret", "no key agreement")) })
    }

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: Alibaba Cloud
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

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: Alibaba's
    /// `GetRandomPassword` answers printable characters, not random bytes.
    fn generate_random<'a>(
        &'a self,
        _request: GenerateRandomRequest,
    ) -> BoxFuture<'a, Result<SecretBytes>> {
        Box::pin(async {
            Err(unsupported(
                "GenerateRandom",
                "GetRandomPassword answers printable characters, not random bytes",
            ))
        })
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

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: Alibaba Cloud
    /// KMS never retires key material.
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

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: Alibaba Cloud
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

    /// Alibaba's own `GenerateDataKeyWithoutPlaintext`: the plaintext never
    /// leaves Alibaba.
    fn generate_data_key_without_plaintext<'a>(
        &'a self,
        request: GenerateDataKeyRequest<'a>,
    ) -> BoxFuture<'a, Result<EncryptedDataKey>> {
        call!(crypto::generate_data_key_without_plaintext(self, request))
    }

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: Alibaba Cloud
    /// KMS has no data key pairs.
    fn generate_data_key_pair_without_plaintext<'a>(
        &'a self,
        _request: GenerateDataKeyPairRequest<'a>,
    ) -> BoxFuture<'a, Result<EncryptedDataKeyPair>> {
        Box::pin(async {
            Err(unsupported(
                "GenerateDataKeyPairWithoutPlaintext",
                "no data key pairs",
            ))
        })
    }
}
