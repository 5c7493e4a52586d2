//! What the remote providers that sign their own requests (Alibaba's and
//! Huawei's) share: the HTTP client, the pause between attempts, the most
//! of an answer read, the kind of an error answer no table names, and the
//! checks a key's metadata passes before the provider uses it.

use std::time::Duration;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::error::{Error, ErrorKind, Result};

/// The HTTP client: hyper 1 with rustls on ring, HTTPS or plain HTTP.
pub(crate) type HttpClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Largest answer read (KMS's answers are a few kilobytes; a public key
/// in PEM or a page of keys is the largest).
pub(crate) const MAX_ANSWER: usize = 4 << 20;

/// The first backoff; each retry doubles it, up to [`MAX_BACKOFF`], with
/// jitter.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The pause before attempt `attempt + 1`: exponential, capped, with
/// jitter (half fixed, half random).
pub(crate) fn backoff(attempt: u32) -> Duration {
    let full = FIRST_BACKOFF
        .saturating_mul(1 << attempt.saturating_sub(1).min(16))
        .min(MAX_BACKOFF);
    let random = u64::from(uuid::Uuid::new_v4().as_u128() as u16) as f64 / f64::from(u16::MAX);
    full / 2 + full.mul_f64(random / 2.0)
}

/// The kind of an error answer whose code the table does not know.
pub(crate) fn kind_of_status(status: u16) -> ErrorKind {
    match status {
        401 | 403 => ErrorKind::AccessDenied,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::InvalidState,
        429 => ErrorKind::Throttled,
        502 | 503 => ErrorKind::Unavailable,
        504 => ErrorKind::Timeout,
        500.. => ErrorKind::Internal,
        _ => ErrorKind::InvalidArgument,
    }
}

/// The client: HTTPS (rustls on ring, the platform's trusted roots) and
/// plain HTTP, HTTP/1.1, connections pooled.
pub(crate) fn http_client(https: bool, connect_timeout: Duration) -> Result<HttpClient> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder = hyper_rustls::HttpsConnectorBuilder::new();
    let builder = if https {
        builder
            .with_provider_and_native_roots(provider)
            .map_err(|e| {
                Error::invalid_argument(
                    "endpoint",
                    format!("no trusted root certificates for HTTPS: {e}"),
                )
            })?
    } else {
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::invalid_argument("endpoint", e.to_string()))?
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth();
        builder.with_tls_config(config)
    };
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(connect_timeout));
    http.set_nodelay(true);
    let connector = builder.https_or_http().enable_http1().wrap_connector(http);
    Ok(Client::builder(TokioExecutor::new()).build(connector))
}

/// Whether a client error is a connect timeout.
pub(crate) fn is_timeout(error: &hyper_util::client::legacy::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::TimedOut;
        }
        if e.to_string().contains("timed out") {
            return true;
        }
        source = e.source();
    }
    false
}

/// The checks every provider makes on a key before using it for
/// `operation`, in their order: its state, its usage, the algorithm
/// (`allowed`: whether the key's spec offers it).
pub(crate) fn usable(
    meta: &crate::KeyMetadata,
    operation: &str,
    usage: crate::KeyUsage,
    allowed: bool,
    algorithm: impl std::fmt::Display,
) -> Result<()> {
    let key_id = meta.key_id.clone();
    match meta.key_state {
        crate::KeyState::Enabled => {}
        crate::KeyState::Disabled => return Err(Error::Disabled { key_id }),
        state => {
            return Err(Error::InvalidState {
                key_id,
                state,
                operation: operation.into(),
            });
        }
    }
    if meta.key_usage != usage {
        return Err(Error::InvalidKeyUsage {
            key_id,
            usage: meta.key_usage,
            operation: operation.into(),
        });
    }
    if !allowed {
        return Err(Error::AlgorithmNotAllowed {
            key_id,
            spec: meta.key_spec,
            algorithm: algorithm.to_string(),
        });
    }
    Ok(())
}
