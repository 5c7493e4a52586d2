//! `HuaweiKms` against the crate's own server (its Huawei Cloud front),
//! started in-process on `127.0.0.1:0` over a file store: the operations
//! of the key lifecycle one by one, errors keeping Huawei's code and
//! request id, what the API cannot express refused without a request,
//! retries of throttling and 5xx answers and timeouts (against scripted
//! loopback servers), configuration from the SDK's environment variables
//! (in a child process whose environment the test sets), and the
//! conformance suite through both interfaces.

#[path = "server/server_thread.rs"]
mod server_thread;

use std::ops::Deref;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use polykms::conformance::ThroughAsync;
use polykms::remote::huawei::{HuaweiKms, HuaweiKmsBuilder};
use polykms::server::{Accounts, Credential, Server};
use polykms::{
    AsyncKeyManager, Blocking, CreateKeyRequest, ErrorKind, FileKeyManager, FileOptions,
    ImportPublicKeyRequest, KeyManager, KeySpec, KeyState, KeyUsage, ListKeysRequest, ManualClock,
    RootKey, ScheduleKeyDeletionRequest, SecretBytes, SetMinimumDecryptionVersionRequest,
};
use server_thread::ServerThread;
use tempfile::TempDir;

const ACCESS_KEY_ID: &str = "HPUAPOLYKMSTEST00001";
const SECRET: &str = "polykms-huawei-test-secret-0000000001";
const REGION: &str = "cn-north-4";
const ACCOUNT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const PROJECT: &str = "0123456789abcdef0123456789abcdef";

/// A clock for the provider behind the server, starting at a whole second
/// (Huawei's protocol writes times in milliseconds).
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
        let root = RootKey::Key(SecretBytes::from(vec![0x42; 32]));
        let options = FileOptions::default().clock(clock);
        let store = FileKeyManager::create_with(dir.path().join("store"), root, options).unwrap();
        let accounts = Accounts::new(REGION)
            .with_account(ACCOUNT, store)
            .with_credential(
                Credential::new(ACCESS_KEY_ID, SECRET, ACCOUNT).with_project_id(PROJECT),
            );
        let mut runtime = tokio::runtime::Builder::new_multi_thread();
        runtime.worker_threads(2);
        let server = ServerThread::start(Server::new(accounts).unwrap(), runtime);
        Self { server, _dir: dir }
    }

    fn url(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    fn builder(&self) -> HuaweiKmsBuilder {
        HuaweiKms::builder()
            .region(REGION)
            .endpoint_url(self.url())
            .credentials(ACCESS_KEY_ID, SECRET, None)
            .project_id(PROJECT)
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

/// The blocking interface: `HuaweiKms` behind `Blocking`.
fn blocking() -> (Remote<Blocking<HuaweiKms>>, Arc<ManualClock>) {
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

/// The async interface: `HuaweiKms` itself, each call awaited on a
/// runtime with every driver (the HTTP client needs I/O and timers).
fn asynchronous() -> (Remote<ThroughAsync<HuaweiKms>>, Arc<ManualClock>) {
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

/// The lifecycle the server's Huawei front serves, one endpoint at a
/// time: create-key, describe-key, list-keys, disable-key, enable-key,
/// schedule-key-deletion, cancel-key-deletion.
#[test]
fn the_key_lifecycle_through_huawei_endpoints() {
    let (kms, _clock) = blocking();
    let created = kms
        .create_key(CreateKeyRequest::new(KeySpec::Sm2).description("signing"))
        .unwrap();
    assert_eq!(created.key_spec, KeySpec::Sm2);
    // No usage asked: the spec's default, sent.
    assert_eq!(created.key_usage, KeySpec::Sm2.default_usage());
    assert_eq!(created.key_state, KeyState::Enabled);
    assert_eq!(created.description, "signing");
    let id = created.key_id.as_str();
    let described = kms.describe_key(id).unwrap();
    assert_eq!(described.key_id, created.key_id);
    assert_eq!(described.creation_date, created.creation_date);

    // An alias asked for is the key's key_alias, reachable as alias/<name>.
    let other = kms
        .create_key(
            CreateKeyRequest::new(KeySpec::SymmetricDefault)
                .usage(KeyUsage::EncryptDecrypt)
                .alias("alias/huawei-app"),
        )
        .unwrap();
    assert_eq!(
        kms.describe_key("alias/huawei-app").unwrap().key_id,
        other.key_id
    );
    let mut first = ListKeysRequest::new();
    first.limit = Some(1);
    let page = kms.list_keys(first.clone()).unwrap();
    assert_eq!(page.keys.len(), 1);
    let marker = page.next_marker.clone().expect("a second page");
    let mut second = first;
    second.marker = Some(marker);
    let rest = kms.list_keys(second).unwrap();
    assert_eq!(rest.keys.len(), 1);
    assert!(rest.next_marker.is_none());
    let mut listed = vec![page.keys[0].key_id.clone(), rest.keys[0].key_id.clone()];
    listed.sort();
    let mut expected = vec![created.key_id.clone(), other.key_id.clone()];
    expected.sort();
    assert_eq!(listed, expected);

    kms.disable_key(id).unwrap();
    assert_eq!(kms.describe_key(id).unwrap().key_state, KeyState::Disabled);
    kms.enable_key(id).unwrap();
    assert_eq!(kms.describe_key(id).unwrap().key_state, KeyState::Enabled);
    let scheduled = kms
        .schedule_key_deletion(ScheduleKeyDeletionRequest::new(id).pending_window_in_days(7))
        .unwrap();
    assert_eq!(scheduled.key_state, KeyState::PendingDeletion);
    assert_eq!(scheduled.pending_deletion_window_in_days, Some(7));
    assert!(scheduled.deletion_date.is_some());
    let err = kms.enable_key(id).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidState, "{err}");
    let cancelled = kms.cancel_key_deletion(id).unwrap();
    assert_ne!(cancelled.key_state, KeyState::PendingDeletion);
    assert_eq!(cancelled.deletion_date, None);
}

/// What the server answers keeps Huawei's code, request id and status; a
/// wrong SK is refused as Huawei's gateway refuses it.
#[test]
fn errors_keep_the_code_request_id_and_status() {
    let (kms, _clock) = blocking();
    let err = kms
        .describe_key("1234abcd-12ab-34cd-56ef-1234567890ab")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.vendor_code(), Some("KMS.0207"));
    let request_id = err.request_id().expect("a request id");
    assert!(!request_id.is_empty());
    let polykms::Error::Remote(remote) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(remote.http_status, Some(404));
    assert!(err.to_string().contains("describe-key"), "{err}");

    let upstream = Upstream::start(clock());
    let wrong = upstream
        .builder()
        .credentials(ACCESS_KEY_ID, "not-the-secret", None)
        .max_attempts(1)
        .build_blocking()
        .unwrap();
    let err = wrong
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AccessDenied, "{err}");
    assert_eq!(err.vendor_code(), Some("APIG.0301"));
    // A security token is signed and sent: the signature still verifies,
    // and the AK is what is checked.
    let with_token = upstream
        .builder()
        .credentials(ACCESS_KEY_ID, SECRET, Some("security-token".into()))
        .build_blocking()
        .unwrap();
    with_token
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
}

/// A port where nothing listens.
fn closed_port_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}")
}

fn builder_for(url: String) -> HuaweiKmsBuilder {
    HuaweiKms::builder()
        .endpoint_url(url)
        .credentials(ACCESS_KEY_ID, SECRET, None)
        .project_id(PROJECT)
}

/// What Huawei's API cannot express is refused without a request: the
/// provider points at a port where nothing listens, and the error is
/// still `UnsupportedOperation`, never a transport error.
#[test]
fn what_the_api_cannot_express_is_refused_without_a_request() {
    let kms = builder_for(closed_port_url()).build_blocking().unwrap();
    let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let refusals = [
        (
            kms.set_minimum_decryption_version(SetMinimumDecryptionVersionRequest::new(id, 1))
                .unwrap_err(),
            "SetMinimumDecryptionVersion",
        ),
        (
            kms.import_public_key(ImportPublicKeyRequest::new(id, [0x30, 0x00]))
                .unwrap_err(),
            "ImportPublicKey",
        ),
        (kms.get_key_last_usage(id).unwrap_err(), "GetKeyLastUsage"),
        (
            kms.enable_key_rotation(
                polykms::EnableKeyRotationRequest::new(id).rotation_period_in_days(7),
            )
            .unwrap_err(),
            "rotation period",
        ),
    ];
    for (i, (err, name)) in refusals.into_iter().enumerate() {
        let kind = if i == 3 {
            ErrorKind::InvalidArgument
        } else {
            ErrorKind::UnsupportedOperation
        };
        assert_eq!(err.kind(), kind, "{err}");
        assert!(err.to_string().contains(name), "{err}");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let err = runtime
        .block_on(kms.inner().get_key_last_usage(id))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedOperation);
}

/// No server listening: a transport error, after the retries.
#[test]
fn a_server_that_is_not_there_is_a_transport_error() {
    let kms = builder_for(closed_port_url())
        .max_attempts(2)
        .build_blocking()
        .unwrap();
    let err = kms.describe_key("alias/any").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(err.is_retryable());
    assert_eq!(err.vendor_code(), None);
}

/// A loopback server that answers each connection with the next of
/// `answers` (status, `X-Request-Id` and body, then the connection
/// closes), counting the requests it read.
fn scripted(answers: Vec<(u16, &'static str, String)>) -> (String, Arc<AtomicUsize>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for (status, request_id, body) in answers {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let mut length = 0usize;
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut request_body = vec![0; length];
            let _ = reader.read_exact(&mut request_body);
            seen.fetch_add(1, Ordering::SeqCst);
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                 x-request-id: {request_id}\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, count)
}

/// Throttling and 5xx answers are retried, each attempt signed anew, up
/// to `max_attempts`; what still fails keeps Huawei's code and request id.
#[test]
fn throttling_and_unavailability_are_retried() {
    let busy = |code: &str, status: u16, id: &'static str| {
        (
            status,
            id,
            format!(r#"{{"error":{{"error_code":"{code}","error_msg":"busy"}}}}"#),
        )
    };
    let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let described = format!(
        r#"{{"key_info":{{"key_id":"{id}","domain_id":"{ACCOUNT}","key_alias":"a",
            "key_spec":"AES_256","key_usage":"ENCRYPT_DECRYPT","key_state":"2",
            "origin":"kms","creation_date":"1714564800000"}}}}"#
    );
    let (url, count) = scripted(vec![
        busy("APIG.0308", 429, "r-429"),
        busy("KMS.0102", 503, "r-503"),
        (200, "r-ok", described),
    ]);
    let kms = builder_for(url).max_attempts(3).build_blocking().unwrap();
    assert_eq!(kms.describe_key(id).unwrap().key_id.as_str(), id);
    assert_eq!(count.load(Ordering::SeqCst), 3);

    let (url, count) = scripted(vec![
        busy("APIG.0308", 429, "r-1"),
        busy("APIG.0308", 429, "r-2"),
    ]);
    let kms = builder_for(url).max_attempts(2).build_blocking().unwrap();
    let err = kms.describe_key(id).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Throttled, "{err}");
    assert_eq!(err.vendor_code(), Some("APIG.0308"));
    assert_eq!(err.request_id(), Some("r-2"));
    assert_eq!(count.load(Ordering::SeqCst), 2);

    // A refusal is not retried.
    let (url, count) = scripted(vec![
        busy("KMS.0207", 404, "r-404"),
        (200, "r-ok", "{}".into()),
    ]);
    let kms = builder_for(url).build_blocking().unwrap();
    let err = kms.describe_key(id).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.request_id(), Some("r-404"));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

/// A server that accepts and never answers: a timeout after the time set.
#[test]
fn a_server_that_never_answers_is_a_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let held = std::thread::spawn(move || listener.accept().map(|(stream, _)| stream));
    let kms = builder_for(url)
        .timeout(Duration::from_millis(300))
        .max_attempts(1)
        .build_blocking()
        .unwrap();
    let started = std::time::Instant::now();
    let err = kms.describe_key("alias/any").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(held.join());
}

/// Set in a child process: the test to run there, and the server's URL.
const CHILD: &str = "POLYKMS_HUAWEI_TEST_CHILD";
const CHILD_URL: &str = "POLYKMS_HUAWEI_TEST_URL";

/// Runs the test `name` of this binary in a child process with exactly the
/// Huawei environment given (every `HUAWEICLOUD_` variable of ours
/// removed).
fn in_child(name: &str, url: &str, vars: &[(String, String)]) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([name, "--exact", "--nocapture", "--test-threads", "1"]);
    for (key, _) in std::env::vars() {
        if key.starts_with("HUAWEICLOUD_") {
            command.env_remove(key);
        }
    }
    command.env(CHILD, name).env(CHILD_URL, url);
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

/// In the child: `from_env` alone (the endpoint from the SDK's region
/// endpoint variable) creates a key through the blocking interface, and
/// the async one describes it.
#[test]
fn credentials_project_and_endpoint_from_environment_variables() {
    if std::env::var(CHILD).is_ok() {
        let kms = HuaweiKms::builder().build_blocking().unwrap();
        assert_eq!(kms.inner().region(), Some("ap-southeast-1"));
        assert_eq!(kms.inner().project_id(), PROJECT);
        let url = std::env::var(CHILD_URL).unwrap();
        assert_eq!(kms.inner().endpoint(), url);
        let key = kms
            .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let kms = runtime.block_on(HuaweiKms::from_env()).unwrap();
        let described = runtime
            .block_on(kms.describe_key(key.key_id.as_str()))
            .unwrap();
        assert_eq!(described.key_id, key.key_id);
        return;
    }
    let upstream = Upstream::start(clock());
    let url = upstream.url();
    let vars = [
        ("HUAWEICLOUD_SDK_AK", ACCESS_KEY_ID),
        ("HUAWEICLOUD_SDK_SK", SECRET),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "security-token"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT),
        ("HUAWEICLOUD_SDK_REGION", "ap-southeast-1"),
        ("HUAWEICLOUD_SDK_REGION_KMS_AP_SOUTHEAST_1", url.as_str()),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    in_child(
        "credentials_project_and_endpoint_from_environment_variables",
        &url,
        &vars,
    );
}

/// Without credentials or a project, building fails and says which
/// variable to set.
#[test]
fn missing_configuration_names_the_variables() {
    if std::env::var(CHILD).is_ok() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let err = runtime.block_on(HuaweiKms::from_env()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert!(err.to_string().contains("HUAWEICLOUD_SDK_AK"), "{err}");
        let err = runtime
            .block_on(
                HuaweiKms::builder()
                    .credentials("ak", "sk", None)
                    .region(REGION)
                    .build(),
            )
            .unwrap_err();
        assert!(
            err.to_string().contains("HUAWEICLOUD_SDK_PROJECT_ID"),
            "{err}"
        );
        let kms = runtime
            .block_on(
                HuaweiKms::builder()
                    .credentials("ak", "sk", None)
                    .project_id(PROJECT)
                    .region(REGION)
                    .build(),
            )
            .unwrap();
        assert_eq!(kms.endpoint(), "https://kms.cn-north-4.myhuaweicloud.com");
        return;
    }
    in_child("missing_configuration_names_the_variables", "", &[]);
}

/// What Huawei Cloud KMS's API cannot express, so neither can `HuaweiKms`
/// in front of any server: each such case fails, for the reason given.
/// (The `extensions` tier is not run: its operations are this crate's
/// own; `what_the_api_cannot_express_is_refused_without_a_request` checks
/// the error. Nor is the `local` tier: it checks the local providers'
/// resource names.)
const HUAWEI_CANNOT: &[(&str, &str)] = &[
    (
        "last_usage_follows_operations",
        "Huawei Cloud KMS does not report when a key was last used (no such endpoint)",
    ),
    (
        "rotation_period_bounds",
        "Huawei Cloud KMS's rotation_interval is 30 to 365 days (the case asks for 2560)",
    ),
    (
        "automatic_rotation_applies_when_due_by_the_clock",
        "get-key-rotation-status does not say whether a material version came from automatic \
         rotation or rotate-on-demand",
    ),
    (
        "ml_dsa_round_trips",
        "Huawei Cloud KMS has no ML-DSA key spec",
    ),
    (
        "symmetric_round_trips",
        "encrypt-data takes text: the plaintext goes as its base64, and plain_text holds at \
         most 4096 characters, so at most 3072 bytes encrypt (the case encrypts 4096)",
    ),
    (
        "rsa_round_trips",
        "encrypt-data takes text: the plaintext goes as its base64, a third longer, so the \
         largest plaintexts RSAES_OAEP allows do not fit",
    ),
    (
        "sm2_round_trips",
        "encrypt-data takes text: the plaintext goes as its base64, a third longer, so a \
         1024-byte SM2 plaintext is 1368 characters, beyond SM2_ENCRYPT's 1024",
    ),
    (
        "sizes_out_of_range_are_refused",
        "Huawei takes pending_days 7 to 1096; the server's front (its store keeps keys 7 to 30 \
         days) answers 31 with KMS.0211, UnsupportedOperation, not InvalidArgument",
    ),
    (
        "data_keys_round_trip",
        "create-datakey's data keys decrypt with decrypt-datakey (key id and length given), \
         not decrypt-data: Decrypt reads decrypt-data's plaintext as the base64 text encrypt-data \
         was given, and a data key is raw bytes",
    ),
    (
        "data_key_pairs_round_trip",
        "decrypts a data key pair's private key blob with Decrypt: Huawei's data key \
         ciphertexts are not encrypt-data's base64 text (see data_keys_round_trip)",
    ),
    (
        "debug_output_never_shows_secrets",
        "decrypts a data key's blob with Decrypt: Huawei's data key ciphertexts are not \
         encrypt-data's base64 text (see data_keys_round_trip)",
    ),
    (
        "rotation_keeps_old_ciphertexts_decrypting",
        "decrypts a data key's blob with Decrypt: Huawei's data key ciphertexts are not \
         encrypt-data's base64 text (see data_keys_round_trip)",
    ),
    (
        "aliases",
        "create-key requires key_alias: a key created without an alias gets a generated \
         polykms-… one, which the server's front lists among the aliases",
    ),
    (
        "list_aliases_pages",
        "create-key requires key_alias: a key created without an alias gets a generated \
         polykms-… one, which the server's front lists among the aliases",
    ),
    (
        "wrong_usage_for_each_operation",
        "Huawei answers a key of the wrong usage with KMS.0308 (invalid parameter), which reads \
         back as InvalidArgument, not InvalidKeyUsage",
    ),
    (
        "key_agreement_usage_rules",
        "Huawei answers a key of the wrong usage with KMS.0308 (invalid parameter), which reads \
         back as InvalidArgument, not InvalidKeyUsage",
    ),
    (
        "re_encrypt_moves_ciphertexts_between_keys",
        "Huawei answers a key of the wrong usage with KMS.0308 (invalid parameter), which reads \
         back as InvalidArgument, not InvalidKeyUsage",
    ),
    (
        "algorithms_outside_the_spec_are_refused",
        "Huawei answers an algorithm the key's spec does not allow with KMS.0308 (invalid \
         parameter), which reads back as InvalidArgument, not AlgorithmNotAllowed",
    ),
    (
        "import_token_errors",
        "Huawei answers get-parameters-for-import on a key that is not EXTERNAL with KMS.0308 \
         (invalid parameter), which reads back as InvalidArgument, not UnsupportedOperation",
    ),
    (
        "every_wrapping_algorithm_and_key_spec",
        "Huawei wraps import material with RSAES_OAEP_SHA_256 (RSA 2048) or SM2_ENCRYPT only",
    ),
    (
        "symmetric_and_hmac_material_imports",
        "wraps with RSAES_OAEP_SHA_1; Huawei wraps with RSAES_OAEP_SHA_256 or SM2_ENCRYPT only",
    ),
    (
        "asymmetric_private_keys_import",
        "wraps private keys with RSA_AES_KEY_WRAP_SHA_256; Huawei imports asymmetric keys as \
         encrypted_privatekey under imported symmetric material, which the trait cannot express",
    ),
    (
        "import_material_errors",
        "wraps private keys with RSA_AES_KEY_WRAP_SHA_256; Huawei imports asymmetric keys as \
         encrypted_privatekey under imported symmetric material, which the trait cannot express",
    ),
    (
        "reimport_takes_the_same_material_only",
        "Huawei imports material into a key pending import only (KMS.0310): the same material \
         cannot be imported again to change its expiry",
    ),
];

mod through_blocking {
    use super::*;
    polykms::conformance_suite!(blocking(); contract, clock, import; known_failures = HUAWEI_CANNOT);
}

mod through_async {
    use super::*;
    polykms::conformance_suite!(asynchronous(); contract, clock, import; known_failures = HUAWEI_CANNOT);
}
