//! The Huawei Cloud front: KMS's REST API (DEW KMS v1.0), an endpoint per
//! path under `/v1.0/{project_id}/kms/…` (the table is
//! [`wire::huawei::ENDPOINTS`](crate::wire::huawei::ENDPOINTS)), JSON
//! bodies and answers, every answer with an `X-Request-Id` header, errors
//! as `{"error":{"error_code","error_msg"}}`.
//!
//! A request is Huawei's when its path is under `/v1.0/` or `/v1.1/`
//! with `kms` as its third segment, and it carries neither AWS's
//! `X-Amz-Target` nor Alibaba's markers. A path there that names no
//! endpoint is answered as Huawei's API gateway does: HTTP 404,
//! `APIG.0101`, before any signature check.
//!
//! Requests are signed with `SDK-HMAC-SHA256` ([`wire::huawei::verify`]),
//! against the same credentials as the other fronts: the AK is the
//! credential's access key id, the SK its secret, and `X-Sdk-Date` must
//! be within the server's clock skew (at most Huawei's 15 minutes). A
//! refused signature is answered as the gateway does: HTTP 401,
//! `APIG.0301`, in its flat error body. The credential must name the
//! project of the path (`project_id` in the credentials file); a request
//! for another project, or with a signed `X-Project-Id` that is not the
//! path's, is refused with HTTP 403 `KMS.0321` ("the project ID in the
//! URL and the credential do not match"). With any credentials accepted,
//! every project names the one account.
//!
//! Huawei's `key_alias` is the crate's alias `alias/<key_alias>`, so a key
//! created here is reachable through the other fronts by that alias: the
//! key's oldest alias is its `key_alias` (without the `alias/` prefix, as
//! Huawei writes it), `update-key-alias` renames it, and Huawei's alias
//! endpoints (`aliases`, `alias/associate`, names with the prefix) act on
//! the same aliases.
//!
//! Where Huawei's rules are stricter than the providers', the front keeps
//! Huawei's: `enable-key` takes only a disabled key (`KMS.1201`),
//! `disable-key` only an enabled one (`KMS.1301`), `import-key-material`
//! only a key awaiting material (`KMS.0310`), and `list-keys` lists the
//! `AES_256` keys unless `key_spec` names another spec or `ALL`. Huawei's
//! `pending_days` (7 to 1096) beyond the providers' 30 days, an enterprise
//! project other than `"0"`, another key store, a virtual machine binding
//! and an imported asymmetric private key are refused naming them.

mod actions;
#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use http::request::Parts;
use http::{HeaderValue, Response, StatusCode};
use hyper::body::Bytes;

use super::accounts::Account;
use super::service::bytes_of_body::BodyError;
use super::service::{AuthRefused, ResponseBody, Shared};
use crate::wire::huawei::{self as wire, ErrorBody, IncomingRequest, SignatureError};
use actions::{Context, Fail};

const CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// Whether a request speaks Huawei's protocol: its path is a KMS path of
/// Huawei's API versions (`/v1.0/{project_id}/kms/…`, `/v1.1/…`), and it
/// names no AWS target. The service asks the Alibaba front first.
pub(super) fn speaks<B>(request: &http::Request<B>) -> bool {
    if request.headers().contains_key("x-amz-target") {
        return false;
    }
    is_kms_path(request.uri().path())
}

/// Whether `path` is under `/v1.0/{project}/kms/` or `/v1.1/{project}/kms/`.
fn is_kms_path(path: &str) -> bool {
    let mut segments = path.split('/');
    matches!(
        (segments.next(), segments.next(), segments.next(), segments.next()),
        (Some(""), Some("v1.0" | "v1.1"), Some(project), Some("kms")) if !project.is_empty()
    )
}

/// An answer before it is rendered.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
    /// The error code, for the log.
    error: Option<String>,
    /// The request was refused for its credentials.
    refused: bool,
}

impl Answer {
    fn ok(body: &serde_json::Value) -> Self {
        Self {
            status: StatusCode::OK,
            body: serde_json::to_vec(body).unwrap_or_default(),
            error: None,
            refused: false,
        }
    }

    fn from_fail(fail: Fail, request_id: &str) -> Self {
        let refused = matches!(fail, Fail::Signature(_));
        let status_of =
            |status: u16| StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
        let (status, code, body) = match fail {
            // The gateway's refusals are flat and carry the request id.
            Fail::Signature(refusal) => {
                let body = serde_json::to_vec(&refusal.body(request_id));
                (refusal.http_status(), refusal.code(), body)
            }
            Fail::UnknownEndpoint(path) => {
                let (status, code, message) = Fail::UnknownEndpoint(path).render();
                let body = wire::GatewayErrorBody {
                    error_code: code.to_owned(),
                    error_msg: message,
                    request_id: request_id.to_owned(),
                };
                (status, code, serde_json::to_vec(&body))
            }
            fail => {
                let (status, code, message) = fail.render();
                (
                    status,
                    code,
                    serde_json::to_vec(&ErrorBody::new(code, message)),
                )
            }
        };
        Self {
            status: status_of(status),
            body: body.unwrap_or_default(),
            error: Some(code.to_owned()),
            refused,
        }
    }

    fn into_response(self, request_id: &str) -> Response<ResponseBody> {
        let mut response = Response::new(ResponseBody::new(Bytes::from(self.body)));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(CONTENT_TYPE),
        );
        if let Ok(id) = HeaderValue::from_str(request_id) {
            headers.insert(wire::REQUEST_ID_HEADER, id);
        }
        if self.refused {
            response.extensions_mut().insert(AuthRefused);
        }
        response
    }
}

/// Answers one Huawei request.
pub(super) async fn handle(
    shared: Arc<Shared>,
    parts: Parts,
    body: Result<Bytes, BodyError>,
) -> Response<ResponseBody> {
    let started = Instant::now();
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let mut log = Log::default();
    let answer = answer(&shared, &parts, body, &request_id, &mut log).await;
    tracing::info!(
        target: "polykms::server",
        front = "huawei",
        operation = log.endpoint,
        key_id = log.key_id.as_deref().unwrap_or(""),
        account = log.account.as_deref().unwrap_or(""),
        status = answer.status.as_u16(),
        error = answer.error.as_deref().unwrap_or(""),
        latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        request_id = %request_id,
        "request"
    );
    answer.into_response(&request_id)
}

/// What the log says of a request, as far as it was read.
#[derive(Default)]
struct Log {
    endpoint: &'static str,
    account: Option<String>,
    key_id: Option<String>,
}

async fn answer(
    shared: &Shared,
    parts: &Parts,
    body: Result<Bytes, BodyError>,
    request_id: &str,
    log: &mut Log,
) -> Answer {
    let fail = |fail: Fail| Answer::from_fail(fail, request_id);
    let path = parts.uri.path();
    let Some(route) = wire::route(parts.method.as_str(), path) else {
        return fail(Fail::UnknownEndpoint(format!("{} {path}", parts.method)));
    };
    log.endpoint = route.endpoint.name;
    let body = match body {
        Ok(body) => body,
        Err(error) => return fail(Fail::Body(error)),
    };
    let query = match wire::parse_query(parts.uri.query().unwrap_or_default()) {
        Ok(query) => query,
        Err(e) => {
            return fail(Fail::Invalid {
                parameter: "query",
                reason: e.to_string(),
            });
        }
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter_map(|(name, value)| {
            let value = value.to_str().ok()?;
            Some((name.as_str().to_owned(), value.to_owned()))
        })
        .collect();
    let incoming = IncomingRequest::new(parts.method.as_str(), path)
        .query(&query)
        .headers(&headers)
        .body(&body);
    let account = match authenticate(shared, &incoming, route.project_id(), SystemTime::now()) {
        Ok(account) => account,
        Err(refusal) => return fail(refusal),
    };
    log.account = Some(account.id.clone());
    let context = Context {
        kms: account.provider.as_ref(),
        region: shared.accounts.region(),
        project_id: route.project_id(),
        account: &account.id,
        request_id,
        route: &route,
        query: &query,
        body: &body,
    };
    log.key_id = context.named_key();
    match actions::call(&context).await {
        Ok(answer) => Answer::ok(&answer),
        Err(refusal) => fail(refusal),
    }
}

/// The account whose AK signed the request for `project` (or that takes
/// any credentials), or the refusal.
fn authenticate<'s>(
    shared: &'s Shared,
    request: &IncomingRequest<'_>,
    project: &str,
    now: SystemTime,
) -> Result<&'s Account, Fail> {
    let accounts = &shared.accounts;
    if let Some(anyone) = accounts.any_credentials() {
        return Ok(anyone);
    }
    let secret_of = |id: &str| accounts.credential(id).map(|c| c.secret().to_owned());
    let verified = wire::verify(request, secret_of, now).map_err(Fail::Signature)?;
    let skew = verified
        .timestamp
        .duration_since(now)
        .unwrap_or_else(|early| early.duration());
    if skew > shared.options.max_clock_skew {
        let value = wire::format_sdk_date(verified.timestamp);
        return Err(Fail::Signature(SignatureError::Expired { value }));
    }
    let credential = accounts
        .credential(&verified.access_key_id)
        .ok_or_else(|| Fail::Internal("credential not found".to_owned()))?;
    let signed_project = verified.project_id.as_deref();
    if credential.project_id() != Some(project) || signed_project.is_some_and(|p| p != project) {
        return Err(Fail::ProjectMismatch {
            requested: project.to_owned(),
        });
    }
    // Server::new checked every credential has an account.
    accounts
        .account(credential.account_id())
        .ok_or_else(|| Fail::Internal("account not found".to_owned()))
}
