//! The accept loop: a connection limit, a header read timeout, optional
//! TLS, and a graceful shutdown that lets in-flight requests finish.

use std::future::Future;
use std::io;
use std::sync::Arc;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_rustls::TlsAcceptor;

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
        let service = TowerToHyperService::new(self.service.clone());
        let conn = self.http.serve_connection(TokioIo::new(stream), service);
        if let Err(e) = watcher.watch(conn).await {
            tracing::debug!(error = %e, "connection ended with an error");
        }
    }
}
