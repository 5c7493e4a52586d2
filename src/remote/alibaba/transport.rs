//! One action, sent: the parameters in the query of `POST /`, an empty
//! body, signed with signature V3 (a fresh nonce and the current time on
//! every attempt), retried with backoff when the answer says to; the
//! answer's JSON read into a shape, or its error body into an
//! [`Error::Remote`].

use std::time::{Duration, SystemTime};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde::de::DeserializeOwned;

use super::config::Credentials;
use crate::error::{Error, ErrorKind, RemoteError, Result};
pub(super) use crate::remote::shared::{HttpClient, http_client};
use crate::remote::shared::{MAX_ANSWER, backoff, is_timeout, kind_of_status};
use crate::wire::alibaba::{ErrorBody, kind_of, v3};

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

/// A fresh signature nonce: 128 random bits in hex.
pub(super) fn nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string()
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
