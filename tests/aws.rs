//! `AwsKms` against the crate's own server, started in-process on
//! `127.0.0.1:0` over a file store: the whole conformance suite through
//! both interfaces (every tier the AWS API can express: `contract`,
//! `local`, `clock`, `import`), the two extensions refused without a
//! request, and the standard credential chain (environment variables, a
//! shared credentials file with a profile) in child processes whose
//! environment the test sets.

#[path = "server/server_thread.rs"]
mod server_thread;

use std::ops::Deref;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use polykms::conformance::ThroughAsync;
use polykms::remote::aws::AwsKms;
use polykms::server::{Accounts, Credential, Server};
use polykms::{
    AsyncKeyManager, Blocking, CreateKeyRequest, EncryptRequest, ErrorKind, FileKeyManager,
    FileOptions, ImportPublicKeyRequest, KeyManager, KeySpec, ManualClock, RootKey, SecretBytes,
    SetMinimumDecryptionVersionRequest,
};
use server_thread::ServerThread;
use tempfile::TempDir;

const ACCESS_KEY_ID: &str = "AKIAPOLYKMSTEST00001";
const SECRET: &str = "polykms-test-secret-access-key-0000000001";
/// The default namespace's region and account (`arn:aws:kms:local:000000000000`),
/// so that the `local` tier's resource names hold through the server.
const REGION: &str = "local";
const ACCOUNT: &str = "000000000000";

/// A clock for the provider behind the server, starting at a whole second:
/// AWS's protocol carries times as seconds since the epoch (a JSON number),
/// exact for whole seconds (the suite moves the clock by whole seconds).
fn clock() -> Arc<ManualClock> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    Arc::new(ManualClock::starting_at(
        UNIX_EPOCH + Duration::from_secs(now.as_secs()),
    ))
}

/// The crate's server over a file store on `clock`, in a temporary directory.
struct Upstream {
    server: ServerThread,
    _dir: TempDir,
}

impl Upstream {
    fn start(clock: Arc<ManualClock>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = RootKey::Key(SecretBytes::from(vec![0x24; 32]));
        let options = FileOptions::default().clock(clock);
        let store = FileKeyManager::create_with(dir.path().join("store"), root, options).unwrap();
        let accounts = Accounts::new(REGION)
            .with_account(ACCOUNT, store)
            .with_credential(Credential::new(ACCESS_KEY_ID, SECRET, ACCOUNT));
        let mut runtime = tokio::runtime::Builder::new_multi_thread();
        runtime.worker_threads(2);
        let server = ServerThread::start(Server::new(accounts).unwrap(), runtime);
        Self { server, _dir: dir }
    }

    fn url(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    fn builder(&self) -> polykms::remote::aws::AwsKmsBuilder {
        AwsKms::builder()
            .region(REGION)
            .endpoint_url(self.url())
            .credentials(ACCESS_KEY_ID, SECRET, None)
    }
}

/// A provider with the server it talks to, kept alive together.
struct Remote<K> {
    kms: K,
    _upstream: Upstream,
}

impl<K> Deref for Remote<K> {
    type Target = K;

    fn deref(&self) -> &K {
        &self.kms
    }
}

/// The blocking interface: `AwsKms` behind `Blocking`.
fn blocking() -> (Remote<Blocking<AwsKms>>, Arc<ManualClock>) {
    let clock = clock();
    let upstream = Upstream::start(clock.clone());
    let kms = upstream.builder().build_blocking().unwrap();
    (
        Remote {
            kms,
            _upstream: upstream,
        },
        clock,
    )
}

/// The async interface: `AwsKms` itself, each call awaited on a runtime
/// with every driver (the SDK's HTTP client needs I/O and timers).
fn asynchronous() -> (Remote<ThroughAsync<AwsKms>>, Arc<ManualClock>) {
    let clock = clock();
    let upstream = Upstream::start(clock.clone());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let kms = runtime.block_on(upstream.builder().build()).unwrap();
    let kms = ThroughAsync::with_runtime(kms, runtime);
    (
        Remote {
            kms,
            _upstream: upstream,
        },
        clock,
    )
}

/// What AWS KMS's API cannot express, so neither can `AwsKms` in front of
/// any server: the two `local` cases that rest on the local providers'
/// own model. (The `extensions` tier is not run: its operations have no
/// AWS counterpart; `the_extensions_are_unsupported_operations` checks the
/// error.)
const AWS_CANNOT: &[(&str, &str)] = &[
    (
        "material_versions_are_reported",
        "AWS KMS reports no material versions: the version fields are None",
    ),
    (
        "rotation_periods_down_to_a_week",
        "AWS KMS's shortest rotation period is 90 days (EnableKeyRotation refuses 7)",
    ),
];

mod through_blocking {
    use super::*;
    polykms::conformance_suite!(blocking(); contract, local, clock, import; known_failures = AWS_CANNOT);
}

mod through_async {
    use super::*;
    polykms::conformance_suite!(asynchronous(); contract, local, clock, import; known_failures = AWS_CANNOT);
}

/// The crate's two extensions have no AWS operation: an error of kind
/// `UnsupportedOperation` naming each, through both interfaces.
#[test]
fn the_extensions_are_unsupported_operations() {
    let (kms, _clock) = blocking();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let id = key.key_id.as_str();
    let err = kms
        .set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(id, 1))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedOperation);
    assert!(
        err.to_string().contains("SetMinimumDecryptionVersion"),
        "{err}"
    );
    let err = kms
        .import_public_key(ImportPublicKeyRequest::new(id, [0x30, 0x00]))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedOperation);
    assert!(err.to_string().contains("ImportPublicKey"), "{err}");
    let provider: &AwsKms = kms.inner();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let err = runtime
        .block_on(
            provider.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(id, 1)),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedOperation);
}

/// What the server answers keeps AWS's code and the request id; a wrong
/// secret is refused as AWS refuses it.
#[test]
fn errors_keep_the_code_and_request_id() {
    let (kms, _clock) = blocking();
    let err = kms
        .encrypt(EncryptRequest::new("alias/missing", b"x"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.vendor_code(), Some("NotFoundException"));
    let request_id = err.request_id().expect("a request id");
    assert!(!request_id.is_empty());
    assert!(err.to_string().contains("NotFoundException"), "{err}");

    let upstream = Upstream::start(clock());
    let wrong = AwsKms::builder()
        .region(REGION)
        .endpoint_url(upstream.url())
        .credentials(ACCESS_KEY_ID, "not-the-secret", None)
        .max_attempts(1)
        .build_blocking()
        .unwrap();
    let err = wrong
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AccessDenied, "{err}");
    assert_eq!(err.vendor_code(), Some("InvalidSignatureException"));
}

/// No server listening: a transport error, after the SDK's retries.
#[test]
fn a_server_that_is_not_there_is_a_transport_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let kms = AwsKms::builder()
        .region(REGION)
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .credentials(ACCESS_KEY_ID, SECRET, None)
        .max_attempts(2)
        .build_blocking()
        .unwrap();
    let err = kms.describe_key("alias/any").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(err.is_retryable());
    assert_eq!(err.vendor_code(), None);
}

/// Set in a child process: the test to run there, and the server's URL.
const CHILD: &str = "POLYKMS_AWS_TEST_CHILD";
const CHILD_URL: &str = "POLYKMS_AWS_TEST_URL";

/// Runs the test `name` of this binary in a child process with exactly the
/// AWS environment given (every `AWS_` variable of ours removed; config
/// files pointed at nothing unless given; instance metadata off).
fn in_child(name: &str, url: &str, dir: &Path, vars: &[(&str, String)]) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([name, "--exact", "--nocapture", "--test-threads", "1"]);
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            command.env_remove(key);
        }
    }
    command
        .env(CHILD, name)
        .env(CHILD_URL, url)
        .env("AWS_CONFIG_FILE", dir.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true");
    for (key, value) in vars {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "the child test {name} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("1 passed"), "{stdout}");
}

/// In the child: the provider from the chain alone creates a key and
/// encrypts with it, through the blocking and the async interface.
fn from_the_chain_alone() {
    let kms = Blocking::build(AwsKms::from_env).unwrap();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let sealed = kms
        .encrypt(EncryptRequest::new(&key.key_id, b"hi"))
        .unwrap();
    assert_eq!(sealed.key_id, key.key_id);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let kms = runtime.block_on(AwsKms::from_env()).unwrap();
    let described = runtime
        .block_on(kms.describe_key(key.key_id.as_str()))
        .unwrap();
    assert_eq!(described.key_id, key.key_id);
    assert!(
        described
            .arn
            .starts_with("arn:aws:kms:local:000000000000:key/")
    );
}

#[test]
fn credentials_and_endpoint_from_environment_variables() {
    if std::env::var(CHILD).is_ok() {
        return from_the_chain_alone();
    }
    let upstream = Upstream::start(clock());
    let dir = tempfile::tempdir().unwrap();
    in_child(
        "credentials_and_endpoint_from_environment_variables",
        &upstream.url(),
        dir.path(),
        &[
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.into()),
            ("AWS_SECRET_ACCESS_KEY", SECRET.into()),
            ("AWS_REGION", REGION.into()),
            ("AWS_ENDPOINT_URL_KMS", upstream.url()),
        ],
    );
}

#[test]
fn credentials_from_a_shared_credentials_file_and_profile() {
    if std::env::var(CHILD).is_ok() {
        return from_the_chain_alone();
    }
    let upstream = Upstream::start(clock());
    let dir = tempfile::tempdir().unwrap();
    let credentials = dir.path().join("credentials");
    std::fs::write(
        &credentials,
        format!(
            "[default]\naws_access_key_id = AKIAWRONGWRONGWRONG0\n\
             aws_secret_access_key = wrong\n\n\
             [polykms-ci]\naws_access_key_id = {ACCESS_KEY_ID}\n\
             aws_secret_access_key = {SECRET}\n"
        ),
    )
    .unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile polykms-ci]\nregion = {REGION}\nendpoint_url = {}\n",
            upstream.url()
        ),
    )
    .unwrap();
    in_child(
        "credentials_from_a_shared_credentials_file_and_profile",
        &upstream.url(),
        dir.path(),
        &[
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                credentials.display().to_string(),
            ),
            ("AWS_CONFIG_FILE", config.display().to_string()),
            ("AWS_PROFILE", "polykms-ci".into()),
        ],
    );
}
