//! The Alibaba Cloud front: RPC-style actions of API version `2016-01-20`,
//! named by the `Action` parameter (signature V1) or the `x-acs-action`
//! header (signature V3), with flat parameters in the query or a form body,
//! answered with JSON that carries `RequestId`, and errors as
//! `{"HttpStatus", "Code", "Message", "RequestId"}`.
//!
//! Both of Alibaba's signatures are checked ([`wire::alibaba::verify`]),
//! against the same credentials as the AWS front: the AccessKey id names
//! the credential, the credential its account. A nonce is refused if the
//! same AccessKey used it within the signature window
//! (`SignatureNonceUsed`).

mod actions;
mod nonces;

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use http::request::Parts;
use http::{HeaderValue, Response, StatusCode};
use hyper::body::Bytes;

use super::accounts::Account;
use super::service::bytes_of_body::BodyError;
use super::service::{AuthRefused, ResponseBody, Shared};
use crate::wire::alibaba::{self as wire, ErrorBody, IncomingRequest, Payload};
use actions::{Call, Context, Fail};
pub(crate) use nonces::Nonces;

const CONTENT_TYPE: &str = "application/json;charset=utf-8";

/// Whether a request speaks Alibaba's protocol: it names an action (the
/// `x-acs-action` header, or an `Action` query parameter), signs with
/// `ACS3-HMAC-SHA256`, or sends its parameters as a form (AWS's protocol
/// never does).
pub(super) fn speaks<B>(request: &http::Request<B>) -> bool {
    let headers = request.headers();
    if headers.contains_key("x-amz-target") {
        return false;
    }
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let acs3 = header("authorization").is_some_and(|a| a.starts_with(wire::v3::ALGORITHM));
    let form =
        header("content-type").is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    let action = request.uri().query().is_some_and(|query| {
        query
            .split('&')
            .any(|pair| pair.split('=').next() == Some("Action"))
    });
    headers.contains_key("x-acs-action") || acs3 || form || action
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
    fn ok(body: Vec<u8>) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            error: None,
            refused: false,
        }
    }

    fn error(status: u16, code: &str, message: &str, request_id: &str) -> Self {
        let body = ErrorBody::new(code, message, request_id).http_status(status);
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            body: serde_json::to_vec(&body).unwrap_or_default(),
            error: Some(code.to_owned()),
            refused: false,
        }
    }

    fn from_fail(fail: Fail, request_id: &str) -> Self {
        let (status, code, message) = fail.render();
        Self::error(status, code, &message, request_id)
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
            headers.insert("x-acs-request-id", id);
        }
        if self.refused {
            response.extensions_mut().insert(AuthRefused);
        }
        response
    }
}

/// Answers one Alibaba request.
pub(super) async fn handle(
    shared: Arc<Shared>,
    parts: Parts,
    body: Result<Bytes, BodyError>,
) -> Response<ResponseBody> {
    let started = Instant::now();
    let request_id = uuid::Uuid::new_v4().to_string().to_uppercase();
    let mut action = String::new();
    let (answer, account, key_id) = answer(&shared, &parts, body, &request_id, &mut action).await;
    tracing::info!(
        target: "polykms::server",
        front = "alibaba",
        operation = action.as_str(),
        key_id = key_id.as_deref().unwrap_or(""),
        account = account.as_deref().unwrap_or(""),
        status = answer.status.as_u16(),
        error = answer.error.as_deref().unwrap_or(""),
        latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        request_id = %request_id,
        "request"
    );
    answer.into_response(&request_id)
}

/// The answer, the account that asked (once known) and the key it named.
async fn answer(
    shared: &Shared,
    parts: &Parts,
    body: Result<Bytes, BodyError>,
    request_id: &str,
    action: &mut String,
) -> (Answer, Option<String>, Option<String>) {
    let refuse = |fail: Fail| (Answer::from_fail(fail, request_id), None, None);
    let body = match body {
        Ok(body) => body,
        Err(error) => return refuse(Fail::Body(error)),
    };
    let request = match Request::read(parts, &body) {
        Ok(request) => request,
        Err(fail) => return refuse(fail),
    };
    *action = request.action().unwrap_or_default().to_owned();
    let account = match authenticate(shared, &request, &body) {
        Ok(account) => account,
        Err(fail) => {
            let refused = matches!(fail, Fail::Signature(_));
            let (mut answer, account, key) = refuse(fail);
            answer.refused = refused;
            return (answer, account, key);
        }
    };
    let account_id = Some(account.id.clone());
    if let Some(version) = request.version()
        && version != wire::API_VERSION
    {
        let fail = Fail::Invalid {
            parameter: "Version",
            reason: format!("this server speaks API version {}", wire::API_VERSION),
        };
        return (Answer::from_fail(fail, request_id), account_id, None);
    }
    let Some(action) = request.action() else {
        let fail = Fail::Missing("Action");
        return (Answer::from_fail(fail, request_id), account_id, None);
    };
    let context = Context {
        kms: account.provider.as_ref(),
        region: shared.accounts.region(),
        account: &account.id,
        request_id,
        parameters: &request.parameters,
    };
    let Call { result, key_id } = actions::call(&context, action).await;
    let answer = match result {
        Ok(body) => Answer::ok(body),
        Err(fail) => Answer::from_fail(fail, request_id),
    };
    (answer, account_id, key_id)
}

/// A request's parts as the signature checks read them.
struct Request<'p> {
    method: &'p str,
    path: &'p str,
    /// The query's parameters, decoded.
    query: Vec<(String, String)>,
    /// A form body's parameters, decoded.
    form: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    /// The query's and the form's parameters together (the form's last,
    /// so that a name in both reads as the form's).
    parameters: Vec<(String, String)>,
}

impl<'p> Request<'p> {
    fn read(parts: &'p Parts, body: &[u8]) -> Result<Self, Fail> {
        let malformed = |e: wire::MalformedQuery| Fail::Invalid {
            parameter: "query",
            reason: e.to_string(),
        };
        let query = wire::parse_query(parts.uri.query().unwrap_or_default()).map_err(malformed)?;
        let form_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        let form = if form_type && !body.is_empty() {
            let text = std::str::from_utf8(body).map_err(|_| Fail::Invalid {
                parameter: "body",
                reason: "a form body must be UTF-8".to_owned(),
            })?;
            wire::parse_query(text).map_err(malformed)?
        } else {
            Vec::new()
        };
        let headers = parts
            .headers
            .iter()
            .filter_map(|(name, value)| {
                let value = value.to_str().ok()?;
                Some((name.as_str().to_owned(), value.to_owned()))
            })
            .collect();
        let parameters = query.iter().chain(&form).cloned().collect();
        Ok(Self {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query,
            form,
            headers,
            parameters,
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        let mut found = self.headers.iter().filter(|(n, _)| n == name);
        found.next().map(|(_, v)| v.as_str())
    }

    fn parameter(&self, name: &str) -> Option<&str> {
        let mut found = self.parameters.iter().rev().filter(|(n, _)| n == name);
        found.next().map(|(_, v)| v.as_str())
    }

    /// The action: the `x-acs-action` header (V3), else `Action` (V1).
    fn action(&self) -> Option<&str> {
        self.header("x-acs-action")
            .or_else(|| self.parameter("Action"))
            .filter(|a| !a.is_empty())
    }

    /// The API version, where the request names one.
    fn version(&self) -> Option<&str> {
        self.header("x-acs-version")
            .or_else(|| self.parameter("Version"))
    }
}

/// The account whose AccessKey signed the request (or that takes any
/// credentials), or the refusal.
fn authenticate<'s>(
    shared: &'s Shared,
    request: &Request<'_>,
    body: &[u8],
) -> Result<&'s Account, Fail> {
    let accounts = &shared.accounts;
    if let Some(anyone) = accounts.any_credentials() {
        return Ok(anyone);
    }
    let incoming = IncomingRequest::new(request.method, request.path)
        .query(&request.query)
        .form(&request.form)
        .headers(&request.headers)
        .payload(Payload::Body(body));
    let now = SystemTime::now();
    let secret_of = |id: &str| accounts.credential(id).map(|c| c.secret().to_owned());
    let verified = wire::verify(&incoming, secret_of, now).map_err(Fail::Signature)?;
    if !shared.nonces.first_use(
        &verified.access_key_id,
        &verified.nonce,
        verified.timestamp,
        now,
    ) {
        return Err(Fail::Signature(wire::SignatureError::NonceUsed {
            nonce: verified.nonce,
        }));
    }
    let credential = accounts.credential(&verified.access_key_id);
    let account = credential.and_then(|c| accounts.account(c.account_id()));
    // Server::new checked every credential has an account.
    account.ok_or_else(|| Fail::Internal("account not found".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::speaks;

    fn request(uri: &str, headers: &[(&str, &str)]) -> http::Request<()> {
        let mut builder = http::Request::post(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap()
    }

    #[test]
    fn alibaba_requests_are_told_from_aws_ones() {
        let v3 = [("x-acs-action", "Encrypt")];
        assert!(speaks(&request("/?KeyId=k", &v3)));
        assert!(speaks(&request("/?Action=Encrypt&KeyId=k", &[])));
        let acs3 = [(
            "authorization",
            "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=00",
        )];
        assert!(speaks(&request("/", &acs3)));
        let form = [("content-type", "application/x-www-form-urlencoded")];
        assert!(speaks(&request("/", &form)));

        let aws = [
            ("x-amz-target", "TrentService.Encrypt"),
            ("content-type", "application/x-amz-json-1.1"),
        ];
        assert!(!speaks(&request("/", &aws)));
        // An AWS target wins even over an Action-like query.
        assert!(!speaks(&request("/?Action=Encrypt", &aws)));
        // An unsigned request that names nothing is AWS's to refuse.
        assert!(!speaks(&request("/", &[])));
        assert!(!speaks(&request("/?NotAction=Encrypt", &[])));
    }
}
