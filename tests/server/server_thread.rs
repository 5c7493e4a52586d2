//! A [`Server`] on a runtime thread of its own, listening on
//! `127.0.0.1:0`: the in-process server of the server tests
//! (`harness.rs`) and of the server bench (`benches/server.rs`, which
//! includes this file with `#[path]`).

use std::net::SocketAddr;
use std::thread::JoinHandle;

use polykms::server::Server;

/// A server running on a thread of its own until stopped (or dropped).
pub struct ServerThread {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ServerThread {
    /// Serves `server` on a new thread, on the runtime `runtime` builds
    /// (with every driver enabled); returns once it listens.
    pub fn start(server: Server, mut runtime: tokio::runtime::Builder) -> Self {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = runtime.enable_all().build().unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                server
                    .serve(listener, async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        let addr = addr_rx.recv().unwrap();
        Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Stops the server (gracefully) and waits until its thread has ended:
    /// `Err` if that thread panicked. Once stopped, `Ok` at once.
    pub fn stop(&mut self) -> std::thread::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread.join(),
            None => Ok(()),
        }
    }
}

impl Drop for ServerThread {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}
