//! Starting servers for the tests: in this process (on a runtime thread of
//! its own) or as `kms serve` processes; credentials files; clients.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use polykms::server::{Accounts, Credential, Server, ServerOptions};
use polykms::{FileKeyManager, FileOptions, KeyManager, ResourceNamespace, RootKey};

/// The region every test server serves.
pub const REGION: &str = "eu-west-1";
/// Two accounts, each with one access key.
pub const ACCOUNT_A: &str = "111122223333";
pub const ACCOUNT_B: &str = "444455556666";
pub const AKID_A: &str = "AKIDACCOUNTA";
pub const SECRET_A: &str = "secret/a+key";
pub const AKID_B: &str = "AKIDACCOUNTB";
pub const SECRET_B: &str = "secret/b+key";

/// A data directory with a root key file and a credentials file (mode
/// 0600) for both accounts.
pub struct DataDir {
    pub dir: tempfile::TempDir,
}

impl DataDir {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let hex: String = (0..32).map(|i| format!("{:02x}", 100 + i)).collect();
        std::fs::write(dir.path().join("root.key"), hex).unwrap();
        let credentials = format!(
            "[[credentials]]\naccess_key_id = \"{AKID_A}\"\nsecret_access_key = \"{SECRET_A}\"\naccount_id = \"{ACCOUNT_A}\"\n\n\
             [[credentials]]\naccess_key_id = \"{AKID_B}\"\nsecret_access_key = \"{SECRET_B}\"\naccount_id = \"{ACCOUNT_B}\"\n"
        );
        let path = dir.path().join("credentials.toml");
        std::fs::write(&path, credentials).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        Self { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The directory holding one store per account.
    pub fn data(&self) -> PathBuf {
        self.path("data")
    }

    /// The store of `account`, opened directly (the file store is safe to
    /// share with a running server).
    pub fn store(&self, account: &str) -> FileKeyManager {
        std::fs::create_dir_all(self.data()).unwrap();
        FileKeyManager::open_or_create_with(
            self.data().join(account),
            RootKey::KeyFile(self.path("root.key")),
            FileOptions::default().namespace(ResourceNamespace::new("aws", REGION, account)),
        )
        .unwrap()
    }
}

/// A server running in this process, on a runtime thread of its own;
/// stopped (gracefully) on drop.
pub struct InProcess {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl InProcess {
    /// Serves both accounts' file stores under `data`.
    pub fn start(data: &DataDir) -> Self {
        Self::start_with(data, ServerOptions::default())
    }

    pub fn start_with(data: &DataDir, options: ServerOptions) -> Self {
        let accounts = Accounts::new(REGION)
            .with_account(ACCOUNT_A, data.store(ACCOUNT_A))
            .with_account(ACCOUNT_B, data.store(ACCOUNT_B))
            .with_credential(Credential::new(AKID_A, SECRET_A, ACCOUNT_A))
            .with_credential(Credential::new(AKID_B, SECRET_B, ACCOUNT_B));
        Self::serve(Server::with_options(accounts, options).unwrap())
    }

    /// Serves `provider` as account A.
    pub fn over(provider: impl KeyManager + 'static) -> Self {
        let accounts = Accounts::new(REGION)
            .with_account(ACCOUNT_A, provider)
            .with_credential(Credential::new(AKID_A, SECRET_A, ACCOUNT_A));
        Self::serve(Server::new(accounts).unwrap())
    }

    pub fn serve(server: Server) -> Self {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
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

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits until it has.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// A `kms serve` process; killed on drop.
pub struct Process {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Process {
    /// `kms serve --listen 127.0.0.1:0 --data-dir … --root-key-file …
    /// --credentials … --region eu-west-1 [extra]`.
    pub fn start(data: &DataDir, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kms"))
            .args(["serve", "--listen", "127.0.0.1:0", "--region", REGION])
            .arg("--data-dir")
            .arg(data.data())
            .arg("--root-key-file")
            .arg(data.path("root.key"))
            .arg("--credentials")
            .arg(data.path("credentials.toml"))
            .args(extra)
            .env("KMS_LOG", "warn")
            .env_remove("KMS_STORE")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let addr = read_listening_line(&mut child);
        Self { child, addr }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        self.child.wait().unwrap()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `kms serve: listening on http://ADDR` from the child's stdout.
fn read_listening_line(child: &mut Child) -> SocketAddr {
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .rsplit("://")
        .next()
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    addr.parse()
        .unwrap_or_else(|e| panic!("{e}: {line:?} (did kms serve start?)"))
}

/// Runs `python3 script args…` with the server's endpoint and account A's
/// credentials in the environment; panics with its output unless it exits 0.
pub fn python(script: &Path, endpoint: &str, args: &[&str]) -> String {
    let output = Command::new("python3")
        .arg(script)
        .args(args)
        .env("KMS_ENDPOINT", endpoint)
        .env("KMS_REGION", REGION)
        .env("KMS_AKID_A", AKID_A)
        .env("KMS_SECRET_A", SECRET_A)
        .env("KMS_AKID_B", AKID_B)
        .env("KMS_SECRET_B", SECRET_B)
        .env("KMS_ACCOUNT_A", ACCOUNT_A)
        .env("KMS_ACCOUNT_B", ACCOUNT_B)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} failed ({}):\n{stdout}\n{stderr}",
        script.display(),
        output.status
    );
    stdout
}

/// The shared handle type tests pass around.
pub type Provider = Arc<dyn KeyManager>;

/// `kms serve` with nothing of the test's environment that it reads
/// (`KMS_*`, `AWS_*`) and `KMS_LOG=warn`; add flags and variables, then
/// [`Process::spawn`] it.
pub fn kms_serve() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kms"));
    command.arg("serve");
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("KMS_") || name.starts_with("AWS_") {
            command.env_remove(&*name);
        }
    }
    command.env("KMS_LOG", "warn");
    command
}

impl Process {
    /// Spawns `command` (a [`kms_serve`] with its flags) and reads the
    /// address it listens on; killed on drop.
    pub fn spawn(mut command: Command) -> Self {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let addr = read_listening_line(&mut child);
        Self { child, addr }
    }
}
