//! [`AwsKms`]: AWS KMS behind [`AsyncKeyManager`] and, through
//! [`Blocking`], [`KeyManager`](crate::KeyManager), on the official
//! `aws-sdk-kms` with `aws-config`'s credential and region chain.
//!
//! # Configuration
//!
//! [`AwsKms::from_env`] reads what every AWS SDK reads, in the usual
//! order: the environment (`AWS_REGION`, `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_PROFILE`,
//! `AWS_ENDPOINT_URL_KMS` / `AWS_ENDPOINT_URL`), the shared config and
//! credentials files and their profiles, IAM Identity Center (SSO), web
//! identity tokens (EKS's IRSA), `credential_process`, and the ECS and EC2
//! instance metadata endpoints. [`AwsKms::builder`] sets any of region,
//! endpoint URL, profile, credentials and retry attempts explicitly (the
//! chain fills in the rest), or starts from an `SdkConfig` of your own.
//!
//! HTTPS is rustls on ring (no aws-lc-rs, no cmake), with the platform's
//! trusted roots; plain `http://` endpoints work too (a local server).
//!
//! # Retries
//!
//! The SDK's standard retry mode: up to 3 attempts in all, with exponential
//! backoff and jitter, for throttling, transient HTTP statuses (500, 502,
//! 503, 504) and transport failures, with a client-side retry quota that
//! stops retrying when most attempts fail. Set the attempts with
//! [`AwsKmsBuilder::max_attempts`] (1 turns retries off), or through the
//! chain (`AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`, `max_attempts` in a
//! profile). What still fails after the last attempt is an
//! [`Error::Remote`] whose kind says why: [`ErrorKind::Throttled`],
//! [`ErrorKind::Transport`], [`ErrorKind::Timeout`], or the kind of AWS's
//! exception (read through [`wire::aws::ERROR_CODES`](crate::wire::aws::ERROR_CODES)),
//! with AWS's error code, message, request id and HTTP status.
//!
//! # What differs from the local providers
//!
//! - Ciphertexts are AWS's: a local provider cannot decrypt them, nor AWS
//!   a local provider's.
//! - AWS does not report material versions: the `key_version` fields of
//!   responses and `current_key_version` are `None`;
//!   `minimum_decryption_version` is 1 (AWS never retires material).
//!   `rotate_key_on_demand` answers with the rotation AWS lists, or, while
//!   AWS still runs it, with the date it started.
//! - [`set_minimum_decryption_version`](AsyncKeyManager::set_minimum_decryption_version)
//!   and [`import_public_key`](AsyncKeyManager::import_public_key) are this
//!   crate's extensions: an [`Error::Remote`] of kind
//!   [`ErrorKind::UnsupportedOperation`] naming them, sent nowhere.
//! - `create_key` without a usage sends the spec's default usage
//!   ([`KeySpec::default_usage`](crate::KeySpec::default_usage)): AWS would
//!   default to `ENCRYPT_DECRYPT`, which no elliptic-curve key allows.
//!   With an alias, the key is created, then the alias; an alias already
//!   taken is refused before the key is created, and if creating the alias
//!   still fails (a race), the new key is scheduled for deletion (7 days,
//!   AWS's shortest window) and the alias's error returned.
//! - `schedule_key_deletion` and `cancel_key_deletion` return the key's
//!   metadata, which AWS's answers do not carry: a `DescribeKey` follows.
//! - Aliases that AWS lists without a target key (the predefined
//!   `alias/aws/…` of services not yet used) are left out of
//!   `list_aliases`: a listed alias always names its key.
//! - Each call is a network round trip (milliseconds, not microseconds),
//!   subject to AWS's request quotas (throttling) and to its prices.
//! - A value AWS answers with that this crate does not know (a key spec
//!   added after this release, say) is an error of kind
//!   [`ErrorKind::NotImplemented`] naming it, never a panic.

mod convert;
mod crypto;
mod keys;
mod rotation;
#[cfg(test)]
mod tests;

use std::fmt;

use aws_config::{BehaviorVersion, SdkConfig};
use aws_credential_types::Credentials;
use aws_sdk_kms::Client;
use aws_sdk_kms::config::retry::RetryConfig;
use aws_sdk_kms::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_kms::operation::RequestId;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

#[cfg(doc)]
use crate::Blocking;
use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::manager::{AsyncKeyManager, BoxFuture};
use crate::wire::{ErrorCode, aws::ERROR_CODES};
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

/// AWS KMS as a provider: every operation of the trait sent to AWS KMS (or
/// to any endpoint that speaks its protocol, such as this crate's own
/// server) through the official SDK. See the [module documentation](self)
/// for configuration, retries and what differs from the local providers.
///
/// ```no_run
/// use std::sync::Arc;
/// use polykms::remote::aws::AwsKms;
/// use polykms::{AsyncKeyManager, AsyncKeyManagerExt, Blocking, KeyManager};
///
/// # async fn run() -> polykms::Result<()> {
/// // Async services: the provider itself.
/// let kms: Arc<dyn AsyncKeyManager> = Arc::new(AwsKms::from_env().await?);
/// let sealed = kms.encrypt(polykms::EncryptRequest::new("alias/app", b"secret")).await?;
/// # Ok(()) }
///
/// // Blocking code: the same provider on a runtime thread of its own.
/// let kms: Arc<dyn KeyManager> = Arc::new(AwsKms::builder().region("eu-west-1").build_blocking()?);
/// # Ok::<(), polykms::Error>(())
/// ```
#[derive(Clone)]
pub struct AwsKms {
    client: Client,
}

impl fmt::Debug for AwsKms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = self.client.config();
        f.debug_struct("AwsKms")
            .field("region", &config.region().map(|r| r.as_ref()))
            .finish_non_exhaustive()
    }
}

impl AwsKms {
    /// A provider configured by the standard AWS chain alone (see the
    /// [module documentation](self)).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if the chain gives no region.
    pub async fn from_env() -> Result<Self> {
        Self::builder().build().await
    }

    /// A builder, to set the region, endpoint, profile, credentials or
    /// retries explicitly.
    pub fn builder() -> AwsKmsBuilder {
        AwsKmsBuilder::default()
    }

    /// A provider on an `SdkConfig` of your own (from
    /// `aws_config::defaults(…).load()`, say). The config must have a region
    /// and an HTTP client (aws-config's default HTTPS client is not compiled
    /// in: set one, such as [`https_client`]'s).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if the config has no region.
    pub fn from_sdk_config(config: &SdkConfig) -> Result<Self> {
        if config.region().is_none() {
            return Err(no_region());
        }
        Ok(Self::from_client(Client::new(config)))
    }

    /// A provider on an `aws-sdk-kms` client of your own.
    pub fn from_client(client: Client) -> Self {
        Self { client }
    }

    /// The SDK client, for the operations the trait does not cover (grants,
    /// key policies, custom key stores).
    pub fn client(&self) -> &Client {
        &self.client
    }
}

/// The HTTP client [`AwsKms`] uses: hyper 1 with rustls on ring, the
/// platform's trusted roots, HTTPS or plain HTTP.
pub fn https_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

fn no_region() -> Error {
    Error::invalid_argument(
        "region",
        "no AWS region: set AWS_REGION, a profile's region, or AwsKmsBuilder::region",
    )
}

/// Builds an [`AwsKms`]: what is set here wins, the standard AWS chain
/// gives the rest.
///
/// ```no_run
/// use polykms::remote::aws::AwsKms;
///
/// # async fn run() -> polykms::Result<()> {
/// let kms = AwsKms::builder()
///     .region("eu-west-1")
///     .endpoint_url("http://127.0.0.1:4566")
///     .credentials("AKIDEXAMPLE", "secret", None)
///     .max_attempts(5)
///     .build()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Default)]
#[must_use]
pub struct AwsKmsBuilder {
    sdk_config: Option<SdkConfig>,
    region: Option<String>,
    endpoint_url: Option<String>,
    profile: Option<String>,
    credentials: Option<Credentials>,
    max_attempts: Option<u32>,
}

impl fmt::Debug for AwsKmsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsKmsBuilder")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("profile", &self.profile)
            .field("credentials", &self.credentials.is_some())
            .field("max_attempts", &self.max_attempts)
            .finish_non_exhaustive()
    }
}

impl AwsKmsBuilder {
    /// Starts from this `SdkConfig` instead of loading the chain; the
    /// builder's other settings still apply over it.
    pub fn sdk_config(mut self, config: SdkConfig) -> Self {
        self.sdk_config = Some(config);
        self
    }

    /// The AWS region (`eu-west-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The endpoint to send requests to instead of AWS KMS's regional one
    /// (a local server, a VPC endpoint, a FIPS endpoint).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// The profile of the shared config and credentials files to read
    /// (instead of `AWS_PROFILE` or `default`).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Static credentials: an access key id, its secret, and a session token
    /// for temporary ones.
    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        self.credentials = Some(Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "polykms",
        ));
        self
    }

    /// Attempts per call, the first included (the SDK's standard mode; 3
    /// unless the chain says otherwise; 1 turns retries off).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// The provider, loading what was not set from the standard chain.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if no region is set or found.
    pub async fn build(self) -> Result<AwsKms> {
        let base = match self.sdk_config {
            Some(config) => config,
            None => {
                let mut loader =
                    aws_config::defaults(BehaviorVersion::latest()).http_client(https_client());
                if let Some(profile) = &self.profile {
                    loader = loader.profile_name(profile);
                }
                if let Some(region) = &self.region {
                    loader = loader.region(aws_config::Region::new(region.clone()));
                }
                if let Some(credentials) = &self.credentials {
                    loader = loader.credentials_provider(credentials.clone());
                }
                loader.load().await
            }
        };
        let mut config = aws_sdk_kms::config::Builder::from(&base);
        if base.http_client().is_none() {
            config = config.http_client(https_client());
        }
        if let Some(region) = self.region {
            config = config.region(aws_config::Region::new(region));
        }
        if let Some(url) = self.endpoint_url {
            config = config.endpoint_url(url);
        }
        if let Some(credentials) = self.credentials {
            config = config.credentials_provider(credentials);
        }
        if let Some(attempts) = self.max_attempts {
            let retry = base
                .retry_config()
                .cloned()
                .unwrap_or_else(RetryConfig::standard);
            config = config.retry_config(retry.with_max_attempts(attempts.max(1)));
        }
        let config = config.build();
        if config.region().is_none() {
            return Err(no_region());
        }
        Ok(AwsKms::from_client(Client::from_conf(config)))
    }

    /// The provider behind [`Blocking`], built on its runtime thread (where
    /// its HTTP connections then live): for code without an async runtime.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build); an error of kind [`ErrorKind::Internal`]
    /// if the runtime thread cannot start.
    pub fn build_blocking(self) -> Result<crate::Blocking<AwsKms>> {
        crate::Blocking::build(move || self.build())
    }
}

/// An SDK error as [`Error::Remote`]: AWS's exception through the error
/// table, or what failed on the way.
pub(crate) fn remote_error<E>(operation: &str, error: SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    // The `x-amzn-RequestId` header, else what the error body carried.
    let request_id = error
        .request_id()
        .or_else(|| error.as_service_error().and_then(|e| e.meta().request_id()))
        .map(str::to_owned);
    let status = error.raw_response().map(|r| r.status().as_u16());
    let mut remote = match &error {
        SdkError::ServiceError(service) => {
            let code = service.err().code().unwrap_or("Unknown").to_owned();
            let message = service.err().message().unwrap_or_default().to_owned();
            let kind = ErrorCode::kind_of(ERROR_CODES, &code)
                .unwrap_or_else(|| kind_of_unknown(&code, status));
            // Displayed as "CODE: AWS KMS OPERATION: MESSAGE (request id …)".
            RemoteError::new(kind, format!("AWS KMS {operation}: {message}")).with_code(code)
        }
        SdkError::TimeoutError(_) => RemoteError::new(
            ErrorKind::Timeout,
            format!("AWS KMS {operation}: no answer in time"),
        ),
        SdkError::DispatchFailure(failure) if failure.is_timeout() => RemoteError::new(
            ErrorKind::Timeout,
            format!("AWS KMS {operation}: the connection timed out"),
        ),
        SdkError::ConstructionFailure(_) => RemoteError::new(
            ErrorKind::InvalidArgument,
            format!("AWS KMS {operation}: the request could not be built"),
        ),
        SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => RemoteError::new(
            ErrorKind::Transport,
            format!(
                "AWS KMS {operation}: {}",
                aws_sdk_kms::error::DisplayErrorContext(&error)
            ),
        ),
        _ => RemoteError::new(
            ErrorKind::Internal,
            format!(
                "AWS KMS {operation}: {}",
                aws_sdk_kms::error::DisplayErrorContext(&error)
            ),
        ),
    };
    if let Some(id) = request_id {
        remote = remote.with_request_id(id);
    }
    if let Some(status) = status {
        remote = remote.with_http_status(status);
    }
    remote.with_source(error).into()
}

/// The kind of an exception the table does not know: the generic AWS
/// exceptions by name, else by HTTP status.
fn kind_of_unknown(code: &str, status: Option<u16>) -> ErrorKind {
    match code {
        "Throttling" | "TooManyRequestsException" | "RequestLimitExceeded" => ErrorKind::Throttled,
        "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "IncompleteSignatureException"
        | "MissingAuthenticationTokenException"
        | "ExpiredTokenException"
        | "InvalidClientTokenId" => ErrorKind::AccessDenied,
        "InvalidArnException"
        | "InvalidGrantTokenException"
        | "InvalidGrantIdException"
        | "TagException"
        | "MalformedPolicyDocumentException"
        | "DryRunOperationException"
        | "SerializationException" => ErrorKind::InvalidArgument,
        "ServiceUnavailableException" => ErrorKind::Unavailable,
        _ => match status {
            Some(429) => ErrorKind::Throttled,
            Some(503) => ErrorKind::Unavailable,
            Some(504) => ErrorKind::Timeout,
            Some(500..) => ErrorKind::Internal,
            _ => ErrorKind::InvalidArgument,
        },
    }
}

/// An operation AWS KMS's API has no counterpart for: an error of kind
/// [`ErrorKind::UnsupportedOperation`] naming it (no request is sent).
fn unsupported(operation: &str) -> Error {
    RemoteError::new(
        ErrorKind::UnsupportedOperation,
        format!(
            "AWS KMS has no {operation} operation (an extension of this crate's local providers)"
        ),
    )
    .into()
}

macro_rules! call {
    ($module:ident :: $function:ident($self:ident, $arg:ident)) => {
        Box::pin(async move { $module::$function(&$self.client, $arg).await })
    };
}

impl AsyncKeyManager for AwsKms {
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

    fn get_key_last_usage<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<KeyLastUsage>> {
        call!(keys::get_key_last_usage(self, key_id))
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

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: AWS KMS never
    /// retires key material.
    fn set_minimum_decryption_version<'a>(
        &'a self,
        _request: SetMinimumDecryptionVersionRequest,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async { Err(unsupported("SetMinimumDecryptionVersion")) })
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

    /// An error of kind [`ErrorKind::UnsupportedOperation`]: AWS KMS imports
    /// private keys only.
    fn import_public_key<'a>(
        &'a self,
        _request: ImportPublicKeyRequest,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async { Err(unsupported("ImportPublicKey")) })
    }

    /// AWS's own `GenerateDataKeyWithoutPlaintext`: the plaintext never
    /// leaves AWS.
    fn generate_data_key_without_plaintext<'a>(
        &'a self,
        request: GenerateDataKeyRequest<'a>,
    ) -> BoxFuture<'a, Result<EncryptedDataKey>> {
        call!(crypto::generate_data_key_without_plaintext(self, request))
    }

    /// AWS's own `GenerateDataKeyPairWithoutPlaintext`: the private key
    /// never leaves AWS in plaintext.
    fn generate_data_key_pair_without_plaintext<'a>(
        &'a self,
        request: GenerateDataKeyPairRequest<'a>,
    ) -> BoxFuture<'a, Result<EncryptedDataKeyPair>> {
        call!(crypto::generate_data_key_pair_without_plaintext(
            self, request
        ))
    }
}
