//! `moto_server` (pip `moto[server]`) as a subprocess, the server measured
//! beside ours.

use std::net::{SocketAddr, TcpListener as StdListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::load::Endpoint;

/// A `moto_server` subprocess; killed on drop.
pub struct Moto {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Moto {
    fn program() -> String {
        std::env::var("MOTO_SERVER").unwrap_or_else(|_| "moto_server".into())
    }

    pub fn start() -> Result<Self, String> {
        let port = {
            let probe = StdListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
            probe.local_addr().unwrap().port()
        };
        let program = Self::program();
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => format!(
                    "`{program}` is not installed (pip install 'moto[server]'); the moto columns are skipped"
                ),
                _ => format!("cannot start `{program}`: {e}; the moto columns are skipped"),
            })?;
        Ok(Self {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        })
    }

    /// Waits until moto answers a signed request (up to 60 s).
    pub async fn wait(&mut self, endpoint: &Endpoint) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "moto_server exited ({status}); the moto columns are skipped"
                ));
            }
            if endpoint
                .call("TrentService.ListKeys", json!({}))
                .await
                .is_ok()
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(
                    "moto_server did not answer within 60 s; the moto columns are skipped".into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The version of the `moto` Python package, if it says.
    pub fn version() -> Option<String> {
        let out = Command::new("python3")
            .args(["-c", "import moto; print(moto.__version__)"])
            .output()
            .ok()?;
        let version = String::from_utf8(out.stdout).ok()?.trim().to_owned();
        (!version.is_empty()).then_some(version)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
