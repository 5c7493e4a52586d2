//! Starting servers for the tests: in this process (on a runtime thread of
//! its own) or as `kms serve` processes; credentials files; clients.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use polykms::server::{Accounts, Credential, Server, ServerOptions};
use polykms::{FileKeyManager, FileOptions, ResourceNamespace, RootKey};

use crate::server_thread::ServerThread;

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

/// A server running in this process, on a runtime thread of its own (two
/// workers); stopped (gracefully) on drop.
pub struct InProcess {
    pub addr: SocketAddr,
    running: ServerThread,
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

    pub fn serve(server: Server) -> Self {
        let mut runtime = tokio::runtime::Builder::new_multi_thread();
        runtime.worker_threads(2);
        let running = ServerThread::start(server, runtime);
        Self {
            addr: running.addr,
            running,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits until it has.
    pub fn stop(mut self) {
        self.running.stop().unwrap();
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        self.running.stop().unwrap();
    }
}

/// A `kms serve` process; killed on drop.
pub struct Process {
    pub child: Child,
    pub addr: SocketAddr,
    /// The line it printed first: `kms serve: listening on URL`.
    pub listening: String,
}

impl Process {
    /// `kms serve --listen 127.0.0.1:0 --data-dir … --root-key-file …
    /// --credentials … --region eu-west-1 [extra]`.
    pub fn start(data: &DataDir, extra: &[&str]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kms"));
        command
            .args(["serve", "--listen", "127.0.0.1:0", "--region", REGION])
            .arg("--data-dir")
            .arg(data.data())
            .arg("--root-key-file")
            .arg(data.path("root.key"))
            .arg("--credentials")
            .arg(data.path("credentials.toml"))
            .args(extra)
            .env("KMS_LOG", "warn")
            .env_remove("KMS_STORE");
        Self::spawn(command)
    }

    /// Spawns `command` (a [`kms_serve`] with its flags, say) and reads the
    /// address it listens on; killed on drop.
    pub fn spawn(mut command: Command) -> Self {
        command.stderr(Stdio::inherit());
        Self::spawn_as_set(command)
    }

    /// As [`spawn`](Self::spawn), with the process's stderr (its log)
    /// written to the file `log`.
    pub fn spawn_logging_to(mut command: Command, log: &Path) -> Self {
        command.stderr(std::fs::File::create(log).unwrap());
        Self::spawn_as_set(command)
    }

    fn spawn_as_set(mut command: Command) -> Self {
        let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
        match read_listening_line(&mut child) {
            Ok((addr, listening)) => Self {
                child,
                addr,
                listening,
            },
            Err(problem) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{problem} (did kms serve start?)")
            }
        }
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

/// Reads `kms serve: listening on http://ADDR` from the child's stdout:
/// the address and the (trimmed) line.
fn read_listening_line(child: &mut Child) -> Result<(SocketAddr, String), String> {
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let line = line.trim().to_owned();
    let addr = line.rsplit("://").next().unwrap_or_default();
    match addr.parse() {
        Ok(addr) => Ok((addr, line)),
        Err(e) => Err(format!("no address in {line:?}: {e}")),
    }
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

/// `kms serve` with nothing of the test's environment that it reads
/// (`KMS_*`, `AWS_*`) and `KMS_LOG=warn`; add flags and variables, then
/// [`Process::spawn`] it.
pub fn kms_serve() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kms"));
    command.arg("serve");
    without_kms_or_aws_variables(&mut command).env("KMS_LOG", "warn");
    command
}

/// `command` without the test's `KMS_*` and `AWS_*` environment variables.
pub fn without_kms_or_aws_variables(command: &mut Command) -> &mut Command {
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("KMS_") || name.starts_with("AWS_") {
            command.env_remove(&*name);
        }
    }
    command
}
