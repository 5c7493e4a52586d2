//! The accept loop: a connection limit, a header read timeout, limits on
//! the request head, a body announced over the limit refused before it is
//! read, optional TLS, and a graceful shutdown that lets in-flight requests
//! finish.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderValue, Request};
use http_body_util::{Either, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_rustls::TlsAcceptor;
use tower_service::Service;

use super::service::AuthRefused;
use super::{KmsService, ServerOptions};

/// What one connection needs.
struct Connection {
    http: http1::Builder,
    service: KmsService,
    tls: Option<TlsAcceptor>,
    options: ServerOptions,
}

/// Serves `listener` until `shutdown` completes.
pub(super) async fn run(
    listener: TcpListener,
    service: KmsService,
    options: &ServerOptions,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let addr = listener.local_addr()?;
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .max_headers(options.max_headers)
        .max_buf_size(options.max_header_bytes)
        .keep_alive(true);
    let connection = Arc::new(Connection {
        http,
        service,
        tls,
        options: options.clone(),
    });
    let permits = Arc::new(Semaphore::new(options.max_connections));
    let graceful = GracefulShutdown::new();
    tracing::info!(%addr, tls = connection.tls.is_some(), "kms server listening");
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener, &permits) => accepted,
        };
        let Some((stream, permit)) = accepted else {
            continue;
        };
        let connection = connection.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move { connection.serve(stream, watcher, permit).await });
    }
    drop(listener);
    tracing::info!(%addr, "kms server stopping: waiting for in-flight requests");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!(%addr, "kms server stopped"),
        () = tokio::time::sleep(options.shutdown_grace) => {
            tracing::warn!(%addr, "kms server stopped with requests still in flight");
        }
    }
    Ok(())
}

/// The next connection, once the connection limit lets one in; `None` if
/// accepting failed (logged; the caller goes on).
async fn accept(
    listener: &TcpListener,
    permits: &Arc<Semaphore>,
) -> Option<(TcpStream, OwnedSemaphorePermit)> {
    let permit = permits.clone().acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, _peer)) => {
            // Small request, small response: send at once.
            let _ = stream.set_nodelay(true);
            Some((stream, permit))
        }
        Err(e) => {
            // Out of file descriptors and the like: back off a little
            // rather than spin.
            tracing::warn!(error = %e, "accept failed");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            None
        }
    }
}

impl Connection {
    /// Serves one connection (after the TLS handshake, if any), holding its
    /// slot of the connection limit until it closes.
    async fn serve(&self, stream: TcpStream, watcher: Watcher, _permit: OwnedSemaphorePermit) {
        let Some(tls) = &self.tls else {
            return self.serve_http(stream, watcher).await;
        };
        let handshake = tokio::time::timeout(self.options.header_read_timeout, tls.accept(stream));
        match handshake.await {
            Ok(Ok(stream)) => self.serve_http(stream, watcher).await,
            Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
            Err(_) => tracing::debug!("TLS handshake timed out"),
        }
    }

    async fn serve_http<S>(&self, stream: S, watcher: Watcher)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let service = TowerToHyperService::new(AnnouncedLength {
            service: self.service.clone(),
            max_body_bytes: self.options.max_body_bytes,
            refusal_delay: self.options.refusal_delay,
        });
        let conn = self.http.serve_connection(TokioIo::new(stream), service);
        if let Err(e) = watcher.watch(conn).await {
            tracing::debug!(error = %e, "connection ended with an error");
        }
    }
}

/// The body a request reaches the service with: as it comes, or, when its
/// `Content-Length` is over the limit, one that fails at once as a body
/// over the limit does.
type RequestBody = Either<Incoming, Limited<Full<Bytes>>>;

/// Refuses a body whose `Content-Length` is over the limit before reading
/// any of it: the service is handed a body that fails as one over the limit
/// (so the answer is the protocol's own `413`), and the connection closes
/// with the announced body unread. A body without a length (chunked) is cut
/// off by the service once it passes the limit.
///
/// It also holds back the answer to a request refused for its credentials
/// ([`AuthRefused`]) by the refusal delay and closes its connection.
#[derive(Clone)]
struct AnnouncedLength {
    service: KmsService,
    max_body_bytes: usize,
    refusal_delay: Duration,
}

impl Service<Request<Incoming>> for AnnouncedLength {
    type Response = <KmsService as Service<Request<RequestBody>>>::Response;
    type Error = <KmsService as Service<Request<RequestBody>>>::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        Service::<Request<RequestBody>>::poll_ready(&mut self.service, cx)
    }

    fn call(&mut self, request: Request<Incoming>) -> Self::Future {
        let announced = request
            .headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let over = announced.is_some_and(|length| {
            usize::try_from(length).map_or(true, |length| length > self.max_body_bytes)
        });
        let request = if over {
            // One byte under a limit of none: the length-limit error.
            let refused = Limited::new(Full::new(Bytes::from_static(b" ")), 0);
            request.map(|_unread| Either::Right(refused))
        } else {
            request.map(Either::Left)
        };
        let answer = self.service.call(request);
        let delay = self.refusal_delay;
        Box::pin(async move {
            let mut response = answer.await?;
            if response.extensions().get::<AuthRefused>().is_some() {
                tokio::time::sleep(delay).await;
                response
                    .headers_mut()
                    .insert(http::header::CONNECTION, HeaderValue::from_static("close"));
            }
            Ok(response)
        })
    }
}
