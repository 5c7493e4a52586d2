//! `AwsKms` against moto (the Python AWS mock, `pip install 'moto[server]'`):
//! the conformance suite's `contract` and `import` tiers through both
//! interfaces, with every case moto gets wrong listed with what moto does
//! wrong ([`MOTO_WRONG`]). Without moto the test process fails, saying
//! how to install it: nothing is skipped.
//!
//! # The tiers run
//!
//! - `contract` and `import`, through the blocking interface
//!   (`build_blocking`) and the async one (`ThroughAsync`).
//! - Not `local`: it rests on this crate's own ciphertext blob layout and
//!   resource namespace, which only this crate's server keeps.
//! - Not `clock`: its cases move the provider's clock, and moto runs on the
//!   wall clock, which nothing outside it can move. The two clocked cases of
//!   the `import` tier get a [`ManualClock`] that moves nothing (they fail
//!   before they use it, and are listed).
//! - Not `extensions`: AWS has no counterpart of its operations
//!   (`tests/aws.rs` checks that `AwsKms` refuses them).
//!
//! # One moto per test process, one region per test
//!
//! moto takes about half a second to start and answer (Python, then its
//! KMS backend on the first request), and the file has about a hundred
//! tests: one server for the whole process is started by the first test
//! that needs it, on a port the system picks (`127.0.0.1:0`). It serves on
//! loopback only, and stops when its stdin closes, that is when this
//! process ends, however it ends (a `static` is never dropped, so the
//! [`Moto`] guard's `Drop`, which kills it, is not what stops this one).
//!
//! moto keeps its keys per account and per region, and the cases need a
//! fresh store each (`list_keys_pages` expects exactly the keys it made,
//! `aliases` every alias listed, several cases reuse the same alias names,
//! and the tests run concurrently). moto takes the account from the
//! environment (`MOTO_ACCOUNT_ID`, fixed for the server), from an
//! `x-moto-account-id` header or from an access key made in its IAM: none
//! of these can differ per test through `AwsKms`'s builder. The region is
//! the one of the request's SigV4 credential scope, which is the builder's
//! region: each test gets a region of its own (`polykms-1`, `polykms-2`,
//! …), which moto accepts with `MOTO_ALLOW_NONEXISTENT_REGION=true` (AWS
//! has far fewer regions than the file has tests).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use polykms::conformance::ThroughAsync;
use polykms::remote::aws::{AwsKms, AwsKmsBuilder};
use polykms::{Blocking, ManualClock};

/// What to do when moto is missing.
const INSTALL: &str = "these tests need moto's server: pip install 'moto[server]'";

/// The server, in Python: moto's own threaded server (the application
/// `moto_server` runs) on a loopback port the system picks, printed on
/// stdout once it listens; it stops when its stdin closes.
const LAUNCHER: &str = r#"
import logging, sys
try:
    from moto.server import ThreadedMotoServer
except ImportError as e:
    print(f"cannot import moto.server: {e}", file=sys.stderr, flush=True)
    sys.exit(3)
logging.getLogger("werkzeug").setLevel(logging.ERROR)
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
"#;

/// A moto server on `127.0.0.1`, killed when dropped.
struct Moto {
    child: Child,
    url: String,
}

impl Moto {
    /// Starts moto and waits until it answers a KMS request; `Err` says
    /// why it did not (and, when moto is missing, how to install it).
    fn start() -> Result<Self, String> {
        let started = Instant::now();
        let mut child = Command::new("python3")
            .args(["-c", LAUNCHER])
            .env("MOTO_ALLOW_NONEXISTENT_REGION", "true")
            .env_remove("MOTO_ACCOUNT_ID")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{INSTALL} (python3 could not run: {e})"))?;
        let mut stderr = child.stderr.take().unwrap();
        let mut line = String::new();
        let _ = BufReader::new(child.stdout.take().unwrap()).read_line(&mut line);
        let Ok(port) = line.trim().parse::<u16>() else {
            let _ = child.kill();
            let status = child.wait().map_err(|e| e.to_string())?;
            let mut message = String::new();
            let _ = stderr.read_to_string(&mut message);
            return Err(format!(
                "{INSTALL}\nmoto did not start ({status}):\n{line}{message}"
            ));
        };
        // moto writes the traceback of each of its 500s to stderr: read it
        // all, lest the pipe fill; shown with POLYKMS_MOTO_LOG set.
        let show = std::env::var_os("POLYKMS_MOTO_LOG").is_some();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                match line {
                    Ok(line) if show => eprintln!("moto: {line}"),
                    Ok(_) => {}
                    Err(_) => return,
                }
            }
        });
        let mut moto = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        moto.wait_until_it_answers(port)?;
        eprintln!("moto started in {:?}", started.elapsed());
        Ok(moto)
    }

    /// Sends KMS `ListKeys` until moto answers it (the first request also
    /// loads moto's KMS backend).
    fn wait_until_it_answers(&mut self, port: u16) -> Result<(), String> {
        let request = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
             X-Amz-Target: TrentService.ListKeys\r\n\
             Content-Type: application/x-amz-json-1.1\r\n\
             Authorization: AWS4-HMAC-SHA256 \
             Credential=testing/20240101/polykms-0/kms/aws4_request, \
             SignedHeaders=host, Signature=0\r\n\
             Content-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let answer = TcpStream::connect(("127.0.0.1", port)).and_then(|mut stream| {
                stream.write_all(request.as_bytes())?;
                let mut answer = String::new();
                stream.read_to_string(&mut answer)?;
                Ok(answer)
            });
            match answer {
                Ok(answer) if answer.starts_with("HTTP/1.1 200") => return Ok(()),
                other => {
                    if let Ok(Some(status)) = self.child.try_wait() {
                        return Err(format!("moto at {} ended ({status}): {other:?}", self.url));
                    }
                    if Instant::now() > deadline {
                        return Err(format!("moto at {} does not answer: {other:?}", self.url));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The one moto of this process, started by the first test that needs it.
///
/// Without moto, the whole test process ends in failure, saying why
/// (written to stderr past the harness's capture): a panic would not do,
/// since a listed case passes when its test panics, whatever the panic.
fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| {
        Moto::start().unwrap_or_else(|why| {
            let _ = writeln!(std::io::stderr(), "\n{why}\n");
            std::process::exit(1)
        })
    })
}

/// A region no other test of this process uses: a store of its own.
fn fresh_region() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    format!("polykms-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A provider on moto, in a fresh region. One attempt per call: moto
/// answers the operations it lacks with a 500, which the SDK's standard
/// retries would only repeat, with backoff.
fn builder() -> AwsKmsBuilder {
    AwsKms::builder()
        .region(fresh_region())
        .endpoint_url(moto().url.clone())
        .credentials("testing", "testing", None)
        .max_attempts(1)
}

/// The blocking interface: `AwsKms` behind `Blocking`, and a clock that
/// nothing moves (moto runs on the wall clock).
fn blocking() -> (Box<Blocking<AwsKms>>, Arc<ManualClock>) {
    let kms = builder().build_blocking().unwrap();
    (Box::new(kms), Arc::new(ManualClock::new()))
}

/// The async interface: `AwsKms` itself, each call awaited on a runtime
/// with every driver (the SDK's HTTP client needs I/O and timers).
fn asynchronous() -> (Box<ThroughAsync<AwsKms>>, Arc<ManualClock>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let kms = runtime.block_on(builder().build()).unwrap();
    (
        Box::new(ThroughAsync::with_runtime(kms, runtime)),
        Arc::new(ManualClock::new()),
    )
}

/// The cases moto 5.2.1 gets wrong, each with what moto does wrong or
/// cannot do (the first thing the case trips on, then what else it would
/// meet). Where AWS KMS lacks the feature too (the Alibaba and Huawei key
/// specs, HMAC rotation), that is said: the suite covers the crate's whole
/// vocabulary. moto's KMS is in `moto/kms/{responses,models,utils}.py`.
const MOTO_WRONG: &[(&str, &str)] = &[
    // Key specs and algorithms.
    (
        "symmetric_round_trips",
        "moto has no Aliyun_AES_128, Aliyun_AES_192 or SM4 key spec (nor has AWS KMS): \
         CreateKey answers a ValidationException (SYMMETRIC_DEFAULT round-trips)",
    ),
    (
        "rsa_round_trips",
        "moto ignores MessageType: a DIGEST message is hashed again before signing, so an \
         RSA signature of the RAW message does not verify as its DIGEST; moto's RSA \
         'encryption' is its own AES-GCM blob, not OAEP",
    ),
    (
        "ecc_and_ed25519_round_trips",
        "moto ignores MessageType: a DIGEST message is hashed again, so an ECDSA signature \
         of the RAW message does not verify as its DIGEST; and moto has no \
         ECC_NIST_EDWARDS25519 keys (ValidationException)",
    ),
    (
        "sm2_round_trips",
        "moto's SM2 keys are RSA-2048 keys underneath: Sign with SM2DSA is refused \
         (ValidationException listing the RSASSA algorithms), and SM2PKE 'encryption' is \
         moto's AES-GCM blob",
    ),
    (
        "hmac_round_trips",
        "moto has no HMAC_SM3 key spec (nor has AWS KMS): ValidationException \
         (HMAC_224 to HMAC_512 pass)",
    ),
    (
        "metadata_lists_the_algorithms_of_the_usage",
        "moto has no Aliyun_AES_128/192, SM4, ECC_NIST_EDWARDS25519, HMAC_SM3 or ML_DSA_* \
         key spec, its key metadata never lists MacAlgorithms for HMAC keys, nor \
         KeyAgreementAlgorithms for KEY_AGREEMENT keys",
    ),
    (
        "ml_dsa_round_trips",
        "moto (5.2) has no ML_DSA_44/65/87 key spec: CreateKey answers a ValidationException",
    ),
    (
        "ecdh_agrees_both_ways",
        "moto (5.2) has no DeriveSharedSecret, and its GetPublicKey answer has no KeySpec \
         (AwsKms: 'answered GetPublicKey without KeySpec')",
    ),
    (
        "key_agreement_usage_rules",
        "moto (5.2) takes KEY_AGREEMENT for any key spec (an ECC_SECG_P256K1 key is created \
         with it) and has no DeriveSharedSecret",
    ),
    (
        "bad_peer_keys_are_refused",
        "moto (5.2) has no DeriveSharedSecret, and its GetPublicKey answer has no KeySpec",
    ),
    (
        "public_keys_are_subject_public_key_info",
        "moto's GetPublicKey answer has only the deprecated CustomerMasterKeySpec, no \
         KeySpec (AwsKms: 'answered GetPublicKey without KeySpec'); moto also has no \
         Ed25519 keys, and its SM2 public keys are RSA keys",
    ),
    (
        "data_keys_round_trip",
        "moto (like AWS KMS) takes only AES_128 and AES_256 as data key specs: \
         GenerateDataKey with SM4 or an HMAC_* spec is a ValidationException; no SM4 keys \
         either",
    ),
    (
        "data_key_pairs_round_trip",
        "moto has no GenerateDataKeyPair: it answers 500 (NotImplementedError)",
    ),
    (
        "re_encrypt_moves_ciphertexts_between_keys",
        "moto has no SM4 keys; its ReEncrypt also ignores the algorithms and never checks \
         the destination key's usage",
    ),
    (
        "every_key_reference_form_works",
        "moto's ListAliases entries have no CreationDate (a TODO in moto), which AwsKms \
         requires ('answered ListAliases without CreationDate')",
    ),
    (
        "verification_names_the_key",
        "moto's VerifyMac answers with the KeyId as sent ('alias/mac') instead of the key's \
         ARN or id, which is not a key id",
    ),
    // Refusals.
    (
        "forbidden_usages_at_creation",
        "moto creates a key of any KeyUsage with any KeySpec (SYMMETRIC_DEFAULT with \
         SIGN_VERIFY is accepted)",
    ),
    (
        "wrong_usage_for_each_operation",
        "moto never checks a key's usage for Encrypt, GenerateDataKey or Decrypt: Encrypt \
         under an ECC_NIST_P256 SIGN_VERIFY key succeeds; GetPublicKey of a symmetric key \
         answers an RSA public key",
    ),
    (
        "algorithms_outside_the_spec_are_refused",
        "moto ignores EncryptionAlgorithm (every key encrypts with moto's AES-GCM): Encrypt \
         under SYMMETRIC_DEFAULT with RSAES_OAEP_SHA_1 succeeds",
    ),
    (
        "disabled_keys_refuse_every_operation",
        "moto never checks the key state in cryptographic operations: Encrypt under a \
         disabled key succeeds",
    ),
    (
        "pending_deletion_keys_refuse_every_operation",
        "moto never checks the key state in cryptographic operations: Encrypt under a key \
         pending deletion succeeds",
    ),
    (
        "wrong_key_is_detected",
        "moto answers a Decrypt naming another key than the ciphertext's with \
         AccessDeniedException, not IncorrectKeyException",
    ),
    (
        "unknown_keys_and_aliases_are_not_found",
        "moto has no GenerateDataKeyPair: it answers 500 (NotImplementedError) for an \
         unknown key too, not NotFoundException",
    ),
    (
        "debug_output_never_shows_secrets",
        "moto has no GenerateDataKeyPair (500, NotImplementedError), nor Ed25519 keys",
    ),
    // Inputs.
    (
        "tampered_blobs_never_decrypt",
        "moto's ciphertext starts with the key id in ASCII: a flipped byte there names an \
         unknown key, which moto answers with AccessDeniedException, not \
         InvalidCiphertextException; no Aliyun_AES_128/192 or SM4 keys either",
    ),
    (
        "tampered_asymmetric_ciphertexts_are_detected",
        "moto's RSA and SM2 'ciphertexts' are its AES-GCM blobs with the key id in ASCII: a \
         flipped id byte is answered with AccessDeniedException, not \
         InvalidCiphertextException",
    ),
    (
        "encryption_context_must_match_exactly",
        "moto's encryption context is each key and value concatenated without lengths: \
         {\"ab\": \"c\"} and {\"a\": \"bc\"} are the same context to it",
    ),
    (
        "digest_lengths_must_match",
        "moto ignores MessageType: a DIGEST of any length is hashed and signed",
    ),
    (
        "sizes_out_of_range_are_refused",
        "moto's RSA encryption is AES-GCM of up to 4096 bytes: a plaintext over \
         RSAES_OAEP_SHA_1's 214 bytes is accepted; moto also ignores ListKeys' Limit and \
         Marker, and schedules no deletion, without an error, for a window outside 7 to 30 \
         days",
    ),
    (
        "huge_inputs_are_refused_with_their_limit",
        "moto has no GetParametersForImport: it answers 500 (NotImplementedError); every \
         limit checked before it passes",
    ),
    // Lifecycle, listings, aliases, tags.
    (
        "enable_disable_cycle",
        "moto never checks the key state: Decrypt under a disabled key succeeds",
    ),
    (
        "list_keys_pages",
        "moto ignores ListKeys' Limit (every key on one page, never a NextMarker) and lists \
         keys in creation order, not by key id",
    ),
    (
        "list_aliases_pages",
        "moto's ListAliases entries have no CreationDate, which AwsKms requires; moto also \
         ignores Limit and always lists its 14 predefined alias/aws/* aliases, each with a \
         target key",
    ),
    (
        "list_resource_tags_pages",
        "moto ignores ListResourceTags' Limit: 7 tags on one page asked to hold 3",
    ),
    (
        "aliases",
        "moto has no SM4 keys; then its ListAliases has no CreationDate and lists its \
         alias/aws/* aliases, and its UpdateAlias moves an alias to a key of another usage",
    ),
    (
        "tags",
        "moto lists tags in the order they were added, not by tag key, and has no limit of \
         50 tags per key",
    ),
    // Rotation.
    (
        "hmac_rotation_verifies_old_macs",
        "moto's RotateKeyOnDemand only records a rotation, the key material never changes: \
         the MAC after a rotation is the old one (AWS KMS does not rotate HMAC keys at all)",
    ),
    (
        "rotating_needs_an_enabled_key",
        "moto rotates a disabled key (RotateKeyOnDemand checks no key state); its \
         GetKeyRotationStatus answer also has no KeyId",
    ),
    (
        "rotation_period_bounds",
        "moto's EnableKeyRotation ignores RotationPeriodInDays (0, 6 and 2561 days are \
         accepted), and its GetKeyRotationStatus answers neither KeyId nor \
         RotationPeriodInDays",
    ),
    (
        "list_key_rotations_pages",
        "moto answers a marker it never gave out with its generic paginator error \
         InvalidToken (400), not InvalidMarkerException",
    ),
    // Import.
    (
        "pending_import_keys_refuse_every_operation",
        "moto creates keys of origin EXTERNAL Enabled, with material of its own: Encrypt \
         under a key awaiting import succeeds",
    ),
    (
        "external_origin_awaits_import",
        "moto creates keys of origin EXTERNAL in state Enabled, not PendingImport",
    ),
    (
        "symmetric_and_hmac_material_imports",
        "moto creates keys of origin EXTERNAL Enabled, not PendingImport, and has no \
         GetParametersForImport or ImportKeyMaterial (500)",
    ),
    (
        "asymmetric_private_keys_import",
        "moto has no GenerateDataKeyPair (500), which makes the private keys to import, nor \
         any import operation",
    ),
    (
        "every_wrapping_algorithm_and_key_spec",
        "moto creates keys of origin EXTERNAL Enabled, not PendingImport, and has no \
         GetParametersForImport or ImportKeyMaterial (500)",
    ),
    (
        "import_material_errors",
        "moto creates keys of origin EXTERNAL Enabled, not PendingImport, and has no \
         GetParametersForImport or ImportKeyMaterial (500)",
    ),
    (
        "reimport_takes_the_same_material_only",
        "moto creates keys of origin EXTERNAL Enabled, not PendingImport, and has no \
         GetParametersForImport, ImportKeyMaterial or DeleteImportedKeyMaterial (500)",
    ),
    (
        "import_token_errors",
        "moto creates keys of origin EXTERNAL Enabled, not PendingImport, and has no import \
         operations (500); the case also moves the clock, and moto's is the wall clock",
    ),
    (
        "imported_material_expires",
        "moto creates keys of origin EXTERNAL Enabled, not PendingImport, and has no import \
         operations (500); the case also moves the clock, and moto's is the wall clock",
    ),
];

mod through_blocking {
    use super::*;
    polykms::conformance_suite!(blocking(); contract, import; known_failures = MOTO_WRONG);
}

mod through_async {
    use super::*;
    polykms::conformance_suite!(asynchronous(); contract, import; known_failures = MOTO_WRONG);
}
