//! The server as a tower service: read the body within its limit, pick the
//! protocol front the request speaks, let it answer.

use std::any::Any;
use std::convert::Infallible;
use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes_of_body::{BodyError, collect_limited};
use http::{Request, Response};
use http_body_util::Full;

use super::{Accounts, ServerOptions, alibaba, aws, huawei};

/// The body of every response: the whole answer, in one piece.
pub type ResponseBody = Full<hyper::body::Bytes>;

/// The server as a tower [`Service`](tower_service::Service) over HTTP
/// requests with any body, answering every request (failures are answers
/// in the protocol's error shape, never a service error).
#[derive(Debug, Clone)]
pub struct KmsService {
    shared: Arc<Shared>,
}

/// What every request handler reads.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) accounts: Arc<Accounts>,
    pub(crate) options: Arc<ServerOptions>,
    /// The signature nonces Alibaba requests used recently.
    pub(crate) nonces: alibaba::Nonces,
}

impl KmsService {
    pub(crate) fn new(accounts: Arc<Accounts>, options: Arc<ServerOptions>) -> Self {
        if let Some(account) = accounts.any_credentials() {
            tracing::warn!(
                account = %account.id,
                "ANY CREDENTIALS ACCEPTED: every request, signed or not, acts as this account; \
                 for throwaway local use only"
            );
        }
        Self {
            shared: Arc::new(Shared {
                nonces: alibaba::Nonces::new(options.max_clock_skew),
                accounts,
                options,
            }),
        }
    }
}

/// The protocol fronts, one per vendor protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Front {
    /// AWS KMS's JSON 1.1 protocol.
    Aws,
    /// Alibaba Cloud KMS's RPC protocol.
    Alibaba,
    /// Huawei Cloud KMS's REST protocol.
    Huawei,
}

impl Front {
    /// The front a request speaks: Alibaba's if it names an Alibaba action
    /// or signs the Alibaba way, Huawei's if its path is a Huawei KMS path
    /// (`/v1.0/{project_id}/kms/…`), else AWS's (so an unsigned request
    /// that names nothing gets AWS's "missing authentication token").
    fn of<B>(request: &Request<B>) -> Self {
        if alibaba::speaks(request) {
            Self::Alibaba
        } else if huawei::speaks(request) {
            Self::Huawei
        } else {
            Self::Aws
        }
    }
}

impl<B> tower_service::Service<Request<B>> for KmsService
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = Response<ResponseBody>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let shared = self.shared.clone();
        Box::pin(async move { Ok(shared.handle(request).await) })
    }
}

impl Shared {
    async fn handle<B>(self: Arc<Self>, request: Request<B>) -> Response<ResponseBody>
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let front = Front::of(&request);
        let (parts, body) = request.into_parts();
        let limit = self.options.max_body_bytes;
        let body =
            tokio::time::timeout(self.options.body_read_timeout, collect_limited(body, limit))
                .await
                .unwrap_or(Err(BodyError::TimedOut));
        match front {
            Front::Aws => aws::handle(self, parts, body).await,
            Front::Alibaba => alibaba::handle(self, parts, body).await,
            Front::Huawei => huawei::handle(self, parts, body).await,
        }
    }
}

/// Marks a response that refuses a request for its credentials (a bad
/// signature, an unknown access key, a stale date, a reused nonce): the
/// listener answers it after [`ServerOptions::refusal_delay`] and closes the
/// connection, so that a flood of such requests costs the server little
/// and its clients a new connection each.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AuthRefused;

/// Awaits `future`, turning a panic in any of its polls (in a front's
/// operation layer, or in the provider's future) into `Err`: an answer,
/// not the end of the connection.
pub(crate) async fn catch_panic<T>(
    future: impl Future<Output = T>,
) -> Result<T, Box<dyn Any + Send>> {
    let mut future = pin!(future);
    poll_fn(
        |cx| match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(panic) => Poll::Ready(Err(panic)),
        },
    )
    .await
}

/// The message of a panic, for the log.
pub(crate) fn panic_message(panic: &(dyn Any + Send)) -> &str {
    let text = panic.downcast_ref::<&str>().copied();
    text.or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(not a string)")
}

/// Reading a body within a limit.
pub(crate) mod bytes_of_body {
    use http_body_util::{BodyExt, LengthLimitError, Limited};
    use hyper::body::Bytes;

    /// Why a body could not be read.
    #[derive(Debug)]
    pub(crate) enum BodyError {
        /// It is longer than the limit.
        TooLarge(usize),
        /// The client took longer than the body read timeout to send it.
        TimedOut,
        /// The connection failed while reading it.
        Broken(String),
    }

    /// The whole body, if it is at most `limit` bytes.
    pub(crate) async fn collect_limited<B>(body: B, limit: usize) -> Result<Bytes, BodyError>
    where
        B: http_body::Body,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        match Limited::new(body, limit).collect().await {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(e) if e.is::<LengthLimitError>() => Err(BodyError::TooLarge(limit)),
            Err(e) => Err(BodyError::Broken(e.to_string())),
        }
    }
}
