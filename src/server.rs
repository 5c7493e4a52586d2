//! A KMS server over any provider: AWS KMS's JSON 1.1 protocol, Alibaba
//! Cloud KMS's RPC API and Huawei Cloud KMS's REST API on HTTP, so every
//! official AWS SDK, the `aws` CLI, Terraform, Alibaba Cloud's KMS SDKs and
//! Huawei Cloud's KMS SDK work against a local store by changing only their
//! endpoint.
//!
//! The server is a library first: [`Server`] turns [`Accounts`] (providers,
//! and the credentials that reach them) into a tower service
//! ([`Server::service`]) a host application can mount, or serves them itself
//! on a listener ([`Server::serve`], [`Server::serve_tls`]). The `kms serve`
//! subcommand of the `kms` tool is a thin shell around it.
//!
//! Every AWS request is authenticated with AWS Signature Version 4 (service
//! `kms`, the server's region, a date within 15 minutes, the body hash)
//! against the credentials the server was given; each credential belongs to
//! an account, and each account has its own provider, so one account never
//! sees another's keys.
//!
//! Providers are served through the async interface,
//! [`AsyncKeyManager`](crate::AsyncKeyManager): any provider, a local store
//! or one that has only that interface (a remote KMS, so the server can
//! front it as a gateway). The server awaits each call's future and leaves
//! to the provider what runs off the executor: the local providers run RSA
//! key generation, RSA private-key operations and the file store's writes
//! (and their fsync) on tokio's blocking pool, and the rest (microseconds)
//! inline, so a slow call never stalls other connections (the table is in
//! [`AsyncKeyManager`](crate::AsyncKeyManager)'s documentation). A panic in
//! a call answers `KMSInternalException`; the connection goes on.
//!
//! Protocol fronts are siblings: the request itself says which vendor's
//! protocol it speaks, and that front authenticates, parses and answers
//! it. Alibaba Cloud KMS's RPC API (version `2016-01-20`, signatures V1 and
//! V3, checked against the same credentials: the AccessKey id is the
//! credential's access key id) answers requests that name an action (the
//! `x-acs-action` header or an `Action` parameter), sign with
//! `ACS3-HMAC-SHA256` or send a form. Huawei Cloud KMS's REST API (DEW
//! KMS v1.0, `SDK-HMAC-SHA256` signatures checked against the same
//! credentials: the AK is the credential's access key id, and the
//! credential's `project_id` must be the project of the path) answers
//! requests to `/v1.0/{project_id}/kms/…` (and `/v1.1/…`) that carry no
//! AWS target; a path there that names no endpoint is answered with
//! Huawei's gateway's `APIG.0101`. AWS's JSON 1.1 protocol answers the
//! rest. All fronts serve the same accounts and providers, so a key made
//! through one is used through the others; Huawei's `key_alias` is the
//! alias `alias/<key_alias>`. The Alibaba front's actions, names and rules
//! are in the README's "Alibaba Cloud's SDKs" section.
//!
//! # Operations
//!
//! The 37 AWS KMS operations the [`KeyManager`](crate::KeyManager) trait
//! has are served under `TrentService.<Operation>`. The trait's two
//! extensions are served under targets AWS does not use:
//! `PolyKms.SetMinimumDecryptionVersion` (members `KeyId`,
//! `MinimumVersion`) and `PolyKms.ImportPublicKey` (members `KeyId` and
//! `PublicKey`, base64 DER SubjectPublicKeyInfo); both answer `{"KeyId":
//! ARN}`. The other
//! AWS operations (grants, key policies, custom key stores, multi-Region
//! replication) answer `UnsupportedOperationException` naming the operation; an unknown target
//! answers `UnknownOperationException`.
//!
//! # Example
//!
//! ```no_run
//! use polykms::server::{Accounts, Credential, Server};
//! use polykms::{InMemory, MemoryOptions, ResourceNamespace};
//!
//! # async fn run() -> std::io::Result<()> {
//! let account = "111122223333";
//! let kms = InMemory::with_options(
//!     MemoryOptions::default().namespace(ResourceNamespace::new("aws", "eu-west-1", account)),
//! );
//! let accounts = Accounts::new("eu-west-1")
//!     .with_account(account, kms)
//!     .with_credential(Credential::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", account));
//! let server = Server::new(accounts).expect("every credential has an account");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:4599").await?;
//! server.serve(listener, async { tokio::signal::ctrl_c().await.ok(); }).await
//! # }
//! ```

mod accounts;
mod alibaba;
mod aws;
mod credentials;
mod huawei;
mod listener;
mod options;
mod service;
mod tls;

pub use accounts::{Accounts, Credential};
pub use credentials::load_credentials;
pub use options::ServerOptions;
pub use service::{KmsService, ResponseBody};
pub use tls::TlsConfig;

use std::future::Future;
use std::io;
use std::sync::Arc;

use tokio::net::TcpListener;

/// A KMS server: accounts, their providers and credentials, and the limits
/// it serves them under.
#[derive(Debug, Clone)]
pub struct Server {
    service: KmsService,
    options: Arc<ServerOptions>,
}

impl Server {
    /// A server over `accounts` with the default [`ServerOptions`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) if a
    /// credential names an account that has no provider.
    pub fn new(accounts: Accounts) -> crate::Result<Self> {
        Self::with_options(accounts, ServerOptions::default())
    }

    /// A server over `accounts` with `options`.
    ///
    /// # Errors
    ///
    /// As [`Server::new`].
    pub fn with_options(accounts: Accounts, options: ServerOptions) -> crate::Result<Self> {
        accounts.check()?;
        let options = Arc::new(options);
        Ok(Self {
            service: KmsService::new(Arc::new(accounts), options.clone()),
            options,
        })
    }

    /// The server as a tower service, for a host application to mount (in
    /// axum: `Router::new().route_service("/", server.service())`).
    pub fn service(&self) -> KmsService {
        self.service.clone()
    }

    /// Serves plain HTTP on `listener` until `shutdown` completes, then stops
    /// accepting, lets in-flight requests finish (up to
    /// [`ServerOptions::shutdown_grace`]) and returns.
    ///
    /// # Errors
    ///
    /// Only if the listener's local address cannot be read; a failed
    /// connection is logged and the server goes on.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        listener::run(listener, self.service, &self.options, None, shutdown).await
    }

    /// As [`Server::serve`], over TLS.
    ///
    /// # Errors
    ///
    /// As [`Server::serve`].
    pub async fn serve_tls(
        self,
        listener: TcpListener,
        tls: TlsConfig,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        listener::run(
            listener,
            self.service,
            &self.options,
            Some(tls.acceptor()),
            shutdown,
        )
        .await
    }
}
