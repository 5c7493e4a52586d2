//! One action, sent: the parameters in the query of `POST /`, an empty
//! body, signed with signature V3 (a fresh nonce and the current time on
//! every attempt), retried with backoff when the answer says to; the
//! answer's JSON read into a shape, or its error body into an
//! [`Error::Remote`].

use std::time::{Duration, SystemTime};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::de::DeserializeOwned;

use super::config::Credentials;
use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::wire::alibaba::{ErrorBody, kind_of, v3};

/// The HTTP client: hyper 1 with rustls on ring, HTTPS or plain HTTP.
pub(super) type HttpClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Largest answer read (KMS's answers are a few kilobytes; a public key
/// in PEM or a page of keys is the largest).
const MAX_ANSWER: usize = 4 << 20;

/// The first backoff; each retry doubles it, up to [`MAX_BACKOFF`], with
/// jitter (a random part of it).
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Where and how to send.
pub(super) struct Transport {
    pub(super) client: HttpClient,
    /// `http` or `https`.
    pub(super) scheme: String,
    /// `host[:port]`, also the signed `host` header.
    pub(super) authority: String,
    pub(super) credentials: Credentials,
    /// The time one attempt may take, answer included.
    pub(super) timeout: Duration,
    pub(super) max_attempts: u32,
}

impl Transport {
    /// Sends `action` with `params` (name–value pairs, as Alibaba names
    /// them), retrying what is retryable, and reads the answer as `T`.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &[(String, String)],
    ) -> Result<T> {
        let mut attempt = 1;
        loop {
            match self.attempt(action, params).await {
                Ok(body) => return parse(action, &body),
                Err(error) if error.is_retryable() && attempt < self.max_attempts => {
                    tokio::time::sleep(backoff(attempt)).await;
                    attempt += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// One attempt: signed now, with a nonce of its own.
    async fn attempt(&self, action: &str, params: &[(String, String)]) -> Result<Bytes> {
        let request = self.signed(action, params, SystemTime::now(), &nonce())?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| {
                let kind = if e.is_connect() && is_timeout(&e) {
                    ErrorKind::Timeout
                } else {
                    ErrorKind::Transport
                };
                Error::from(
                    RemoteError::new(kind, format!("Alibaba Cloud KMS {action}: {e}"))
                        .with_source(e),
                )
            })?;
            let (parts, body) = response.into_parts();
            let body = http_body_util::Limited::new(body, MAX_ANSWER)
                .collect()
                .await
                .map_err(|e| {
                    Error::from(RemoteError::new(
                        ErrorKind::Transport,
                        format!("Alibaba Cloud KMS {action}: the answer could not be read: {e}"),
                    ))
                })?
                .to_bytes();
            Ok::<_, Error>((parts, body))
        };
        let (parts, body) = tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| {
                Error::from(RemoteError::new(
                    ErrorKind::Timeout,
                    format!(
                        "Alibaba Cloud KMS {action}: no answer within {:?}",
                        self.timeout
                    ),
                ))
            })??;
        if parts.status.is_success() {
            return Ok(body);
        }
        let header_id = parts
            .headers
            .get("x-acs-request-id")
            .and_then(|v| v.to_str().ok());
        Err(answer_error(action, parts.status.as_u16(), header_id, &body).into())
    }

    /// The HTTP request for `action`, signed at `now` with `nonce`.
    pub(super) fn signed(
        &self,
        action: &str,
        params: &[(String, String)],
        now: SystemTime,
        nonce: &str,
    ) -> Result<http::Request<Full<Bytes>>> {
        let mut request = v3::Request::new("POST", self.authority.as_str(), action)
            .header("accept", "application/json")
            .header("user-agent", concat!("polykms/", env!("CARGO_PKG_VERSION")));
        if let Some(token) = &self.credentials.security_token {
            request = request.header("x-acs-security-token", token.as_str());
        }
        for (name, value) in params {
            request = request.query(name.as_str(), value.as_str());
        }
        let signed = request.sign(&self.credentials.access_key, now, nonce);
        let query = signed.query_string();
        let uri = if query.is_empty() {
            format!("{}://{}/", self.scheme, self.authority)
        } else {
            format!("{}://{}/?{query}", self.scheme, self.authority)
        };
        let mut builder = http::Request::builder().method("POST").uri(uri);
        for (name, value) in &signed.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder.body(Full::new(Bytes::new())).map_err(|e| {
            Error::invalid_argument(
                "request",
                format!("Alibaba Cloud KMS {action}: the request cannot be sent: {e}"),
            )
        })
    }
}

/// Whether a client error is a connect timeout.
fn is_timeout(error: &hyper_util::client::legacy::Error) -> bool {
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

/// A fresh signature nonce: 128 random bits in hex.
pub(super) fn nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// The pause before attempt `attempt + 1`: exponential, capped, with
/// jitter (half fixed, half random).
fn backoff(attempt: u32) -> Duration {
    let full = FIRST_BACKOFF
        .saturating_mul(1 << attempt.saturating_sub(1).min(16))
        .min(MAX_BACKOFF);
    let random = u64::from(uuid::Uuid::new_v4().as_u128() as u16) as f64 / f64::from(u16::MAX);
    full / 2 + full.mul_f64(random / 2.0)
}

/// Reads an answer's JSON as `T`.
fn parse<T: DeserializeOwned>(action: &str, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| {
        RemoteError::new(
            ErrorKind::Transport,
            format!("Alibaba Cloud KMS answered {action} with JSON this provider cannot read: {e}"),
        )
        .into()
    })
}

/// An error answer as a [`RemoteError`]: the kind of Alibaba's code
/// through [`kind_of`] (by HTTP status for a code the table does not
/// know, or no error body at all), keeping the code, the message, the
/// request id (the body's, else the `x-acs-request-id` header's) and the
/// status.
pub(super) fn answer_error(
    action: &str,
    status: u16,
    header_request_id: Option<&str>,
    body: &[u8],
) -> RemoteError {
    let parsed = serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .filter(|b| !b.code.is_empty());
    let mut error = match &parsed {
        Some(answer) => {
            let kind = kind_of(&answer.code).unwrap_or_else(|| kind_of_status(status));
            RemoteError::new(
                kind,
                format!("Alibaba Cloud KMS {action}: {}", answer.message),
            )
            .with_code(answer.code.clone())
        }
        None => {
            let text = String::from_utf8_lossy(body);
            let text: String = text.chars().take(200).collect();
            RemoteError::new(
                kind_of_status(status),
                format!("Alibaba Cloud KMS {action}: HTTP {status}: {text}"),
            )
        }
    };
    let request_id = parsed
        .map(|b| b.request_id)
        .filter(|id| !id.is_empty())
        .or_else(|| header_request_id.map(str::to_owned));
    if let Some(id) = request_id {
        error = error.with_request_id(id);
    }
    error.with_http_status(status)
}

/// The kind of an error answer whose code the table does not know.
fn kind_of_status(status: u16) -> ErrorKind {
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
pub(super) fn http_client(https: bool, connect_timeout: Duration) -> Result<HttpClient> {
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
