//! One endpoint, called: the path built from the endpoint table, a JSON
//! body (or a query), signed with `SDK-HMAC-SHA256` at the current time on
//! every attempt, retried with backoff when the answer says to; the
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
use crate::wire::huawei::{self as wire, Endpoint, ErrorBody, REQUEST_ID_HEADER, kind_of};

/// What to send to one endpoint.
pub(super) struct Call<'a> {
    /// The endpoint, from [`wire::huawei::ENDPOINTS`](crate::wire::huawei::ENDPOINTS).
    pub(super) endpoint: &'static Endpoint,
    /// The path parameters other than the project (`key_id`, `key`).
    pub(super) params: &'a [(&'a str, &'a str)],
    /// The query parameters.
    pub(super) query: Vec<(String, String)>,
    /// The JSON body, if the endpoint takes one.
    pub(super) body: Option<Vec<u8>>,
}

/// Where and how to send.
pub(super) struct Transport {
    pub(super) client: HttpClient,
    /// `http` or `https`.
    pub(super) scheme: String,
    /// `host[:port]`, also the signed `Host` header.
    pub(super) authority: String,
    pub(super) project_id: String,
    pub(super) credentials: Credentials,
    /// The time one attempt may take, answer included.
    pub(super) timeout: Duration,
    pub(super) max_attempts: u32,
}

impl Transport {
    /// Calls `call.endpoint`, retrying what is retryable, and reads the
    /// answer as `T` (an empty answer as `{}`).
    pub(super) async fn call<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T> {
        let name = call.endpoint.name;
        let mut attempt = 1;
        loop {
            match self.attempt(call).await {
                Ok(body) => return parse(name, &body),
                Err(error) if error.is_retryable() && attempt < self.max_attempts => {
                    tokio::time::sleep(backoff(attempt)).await;
                    attempt += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// One attempt, signed now.
    async fn attempt(&self, call: &Call<'_>) -> Result<Bytes> {
        let name = call.endpoint.name;
        let request = self.signed(call, SystemTime::now())?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| {
                let kind = if e.is_connect() && is_timeout(&e) {
                    ErrorKind::Timeout
                } else {
                    ErrorKind::Transport
                };
                Error::from(
                    RemoteError::new(kind, format!("Huawei Cloud KMS {name}: {e}")).with_source(e),
                )
            })?;
            let (parts, body) = response.into_parts();
            let body = http_body_util::Limited::new(body, MAX_ANSWER)
                .collect()
                .await
                .map_err(|e| {
                    Error::from(RemoteError::new(
                        ErrorKind::Transport,
                        format!("Huawei Cloud KMS {name}: the answer could not be read: {e}"),
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
                        "Huawei Cloud KMS {name}: no answer within {:?}",
                        self.timeout
                    ),
                ))
            })??;
        if parts.status.is_success() {
            return Ok(body);
        }
        let header_id = parts
            .headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok());
        Err(answer_error(name, parts.status.as_u16(), header_id, &body).into())
    }

    /// The HTTP request for `call`, signed at `now`.
    pub(super) fn signed(
        &self,
        call: &Call<'_>,
        now: SystemTime,
    ) -> Result<http::Request<Full<Bytes>>> {
        let name = call.endpoint.name;
        let mut params = vec![("project_id", self.project_id.as_str())];
        params.extend_from_slice(call.params);
        let path = call.endpoint.path_for(&params).ok_or_else(|| {
            Error::invalid_argument(
                "request",
                format!("Huawei Cloud KMS {name}: a path parameter is missing"),
            )
        })?;
        let mut request = wire::Request::new(call.endpoint.method, self.authority.as_str(), path)
            .project_id(self.project_id.as_str())
            .header("Accept", "application/json")
            .header("User-Agent", concat!("polykms/", env!("CARGO_PKG_VERSION")));
        if let Some(token) = &self.credentials.security_token {
            request = request.header("X-Security-Token", token.as_str());
        }
        for (name, value) in &call.query {
            request = request.query(name.as_str(), value.as_str());
        }
        if let Some(body) = &call.body {
            request = request.json_body(body.clone());
        }
        let signed = request.sign(&self.credentials.access_key, now);
        let uri = format!("{}://{}{}", self.scheme, self.authority, signed.uri());
        let mut builder = http::Request::builder()
            .method(signed.method.as_str())
            .uri(uri);
        for (name, value) in &signed.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder
            .body(Full::new(Bytes::from(signed.body)))
            .map_err(|e| {
                Error::invalid_argument(
                    "request",
                    format!("Huawei Cloud KMS {name}: the request cannot be sent: {e}"),
                )
            })
    }
}

/// Reads an answer's JSON as `T`; an empty answer reads as `{}`.
fn parse<T: DeserializeOwned>(name: &str, body: &[u8]) -> Result<T> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| {
        RemoteError::new(
            ErrorKind::Transport,
            format!("Huawei Cloud KMS answered {name} with JSON this provider cannot read: {e}"),
        )
        .into()
    })
}

/// An error answer as a [`RemoteError`]: the kind of Huawei's
/// `error_code` through [`kind_of`] (by HTTP status for a code it does not
/// know, or no error body at all), keeping the code, the message, the
/// request id (the `X-Request-Id` header, else the gateway body's
/// `request_id`) and the status.
pub(super) fn answer_error(
    name: &str,
    status: u16,
    header_request_id: Option<&str>,
    body: &[u8],
) -> RemoteError {
    let mut error = match ErrorBody::read(body).filter(|d| !d.error_code.is_empty()) {
        Some(detail) => {
            let kind = kind_of(&detail.error_code).unwrap_or_else(|| kind_of_status(status));
            RemoteError::new(
                kind,
                format!("Huawei Cloud KMS {name}: {}", detail.error_msg),
            )
            .with_code(detail.error_code)
        }
        None => {
            let text = String::from_utf8_lossy(body);
            let text: String = text.chars().take(200).collect();
            RemoteError::new(
                kind_of_status(status),
                format!("Huawei Cloud KMS {name}: HTTP {status}: {text}"),
            )
        }
    };
    let request_id = header_request_id
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .or_else(|| body_request_id(body));
    if let Some(id) = request_id {
        error = error.with_request_id(id);
    }
    error.with_http_status(status)
}

/// The `request_id` of the gateway's flat error body.
fn body_request_id(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value
        .get("request_id")
        .and_then(|v| v.as_str())
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}
