//! The AWS front: `POST /` with `X-Amz-Target: TrentService.<Operation>`,
//! a JSON 1.1 body, SigV4 authentication, answers with `x-amzn-RequestId`
//! and errors as `{"__type": …, "message": …}`.

mod operations;
mod sigv4;

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use http::request::Parts;
use http::{HeaderValue, Method, Response, StatusCode};
use hyper::body::Bytes;

use super::accounts::Account;
use super::service::bytes_of_body::BodyError;
use super::service::{AuthRefused, ResponseBody, Shared, catch_panic, panic_message};
use crate::wire::{ErrorCode, aws::ERROR_CODES};
use operations::{Call, CallError};
use sigv4::Signer;

const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// An answer before it is rendered: a body, or an AWS error.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
    /// The exception, for the log.
    error: Option<&'static str>,
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

    fn error(status: u16, code: &'static str, message: &str) -> Self {
        let body = serde_json::json!({ "__type": code, "message": message });
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            body: body.to_string().into_bytes(),
            error: Some(code),
            refused: false,
        }
    }

    fn from_kms(error: &crate::Error) -> Self {
        let row = ErrorCode::for_kind(ERROR_CODES, error.kind());
        let (code, status) = row.map_or(("KMSInternalException", 500), |r| (r.code, r.http_status));
        Self::error(status, code, &error.to_string())
    }

    fn from_call(error: CallError) -> Self {
        match error {
            CallError::Kms(e) => Self::from_kms(&e),
            CallError::Malformed(m) => Self::error(400, "SerializationException", &m),
            CallError::Invalid(m) => Self::error(400, "ValidationException", &m),
            CallError::DryRun => Self::error(
                412,
                "DryRunOperationException",
                "The request would have succeeded, but the DryRun option is set.",
            ),
            CallError::NotServed(op) => Self::error(
                400,
                "UnsupportedOperationException",
                &format!("{op} is not supported by this server"),
            ),
            CallError::Unknown(target) => Self::error(
                400,
                "UnknownOperationException",
                &format!("unknown operation {target:?}"),
            ),
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
            headers.insert("x-amzn-requestid", id);
        }
        if self.refused {
            response.extensions_mut().insert(AuthRefused);
        }
        response
    }
}

/// Answers one AWS request.
pub(super) async fn handle(
    shared: Arc<Shared>,
    parts: Parts,
    body: Result<Bytes, BodyError>,
) -> Response<ResponseBody> {
    let started = Instant::now();
    let request_id = uuid::Uuid::new_v4().to_string();
    let target = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let (answer, account, key_id) = answer(&shared, &parts, body, &target).await;
    let operation = target.rsplit('.').next().unwrap_or_default();
    tracing::info!(
        target: "polykms::server",
        front = "aws",
        operation,
        key_id = key_id.as_deref().unwrap_or(""),
        account = account.as_deref().unwrap_or(""),
        status = answer.status.as_u16(),
        error = answer.error.unwrap_or(""),
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
    target: &str,
) -> (Answer, Option<String>, Option<String>) {
    let body = match body {
        Ok(body) => body,
        Err(error) => return (body_refused(error), None, None),
    };
    let account = match authenticate(shared, parts, &body) {
        Ok(account) => account,
        Err(refused) => return (refused, None, None),
    };
    if parts.method != Method::POST || parts.uri.path() != "/" {
        let message = format!(
            "{} {} is not an operation; POST / with X-Amz-Target",
            parts.method,
            parts.uri.path()
        );
        return (
            Answer::error(400, "UnknownOperationException", &message),
            Some(account.id.clone()),
            None,
        );
    }
    let (answer, key_id) = call_operation(account, target, &body).await;
    (answer, Some(account.id.clone()), key_id)
}

/// The answer to a request whose body was not read whole.
fn body_refused(error: BodyError) -> Answer {
    match error {
        BodyError::TooLarge(limit) => {
            let message = format!("the request body is larger than {limit} bytes");
            Answer::error(413, "RequestEntityTooLargeException", &message)
        }
        BodyError::TimedOut => {
            let message = "the request body was not sent within the body read timeout";
            Answer::error(408, "RequestTimeoutException", message)
        }
        BodyError::Broken(e) => Answer::error(400, "SerializationException", &e),
    }
}

/// The account whose credential signed the request (or that takes any
/// credentials), or the refusal.
fn authenticate<'s>(shared: &'s Shared, parts: &Parts, body: &[u8]) -> Result<&'s Account, Answer> {
    let accounts = &shared.accounts;
    let signer = sigv4::verify(
        accounts,
        shared.options.max_clock_skew,
        SystemTime::now(),
        parts,
        body,
    );
    let account = match signer {
        Ok(Signer::Credential(c)) => accounts.account(c.account_id()),
        Ok(Signer::Anyone) => accounts.any_credentials(),
        Err(refusal) => {
            let mut answer = Answer::error(400, refusal.code, &refusal.message);
            answer.refused = true;
            return Err(answer);
        }
    };
    // Server::new checked every credential has an account.
    let not_found = || Answer::error(500, "KMSInternalException", "account not found");
    account.ok_or_else(not_found)
}

/// Runs the operation `target` names for `account`, awaiting its provider
/// (which decides what runs off the executor): the answer and the key the
/// request named.
async fn call_operation(account: &Account, target: &str, body: &[u8]) -> (Answer, Option<String>) {
    let call = operations::call(account.provider.as_ref(), &account.namespace, target, body);
    match catch_panic(call).await {
        Ok(Call { result, key_id }) => (result.map_or_else(Answer::from_call, Answer::ok), key_id),
        Err(panic) => {
            tracing::error!(panic = panic_message(&*panic), "operation panicked");
            let internal = Answer::error(500, "KMSInternalException", "internal error");
            (internal, None)
        }
    }
}
