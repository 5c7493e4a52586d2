//! What hostile input must lead to: a typed error, or for valid input the
//! right answer, and never a panic, a hang or an unbounded allocation.
//!
//! Each `pub fn` here takes the raw bytes of one input. The fuzz targets under
//! `fuzz/` call them (`cargo fuzz run <name>`), and `tests/fuzz_regressions.rs`
//! replays every input kept under `tests/data/fuzz/<name>/` through the same
//! functions, so a finding stays fixed.
//!
//! The first bytes of an input choose what to do (which key, which mode); the
//! rest is the hostile part. Three kinds of input reach every check:
//! arbitrary bytes; a valid value (ciphertext, signature, MAC, store file)
//! with bytes changed, removed or added; and a valid prefix followed by
//! arbitrary bytes. A changed value must never be accepted.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use polykms::{
    CreateKeyRequest, DecryptRequest, EncryptRequest, EncryptionAlgorithm, EncryptionContext,
    Error, FileKeyManager, FileOptions, GenerateMacRequest, GetParametersForImportRequest,
    ImportKeyMaterialRequest, ImportPublicKeyRequest, InMemory, KeyManager, KeyManagerExt, KeySpec,
    KeyUsage, MacAlgorithm, MaterialProblem, MessageType, Origin, RootKey,
    ScheduleKeyDeletionRequest, SecretBytes, SignRequest, SigningAlgorithm, StoreError,
    VerifyMacRequest, VerifyRequest, Vocabulary, WrappingAlgorithm, WrappingKeySpec, limits,
    wrap_key_material,
};

#[cfg(feature = "server")]
mod server_http;
#[cfg(feature = "server")]
pub use server_http::server_http;

/// The check a target runs on one input.
pub type Check = fn(&[u8]);

/// Every target: its name (the fuzz target's and the corpus folder's) and its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("decrypt", decrypt),
    ("verify", verify),
    ("verify_mac", verify_mac),
    ("import", import),
    ("vocabulary", vocabulary),
    ("file_store", file_store),
    #[cfg(feature = "server")]
    ("server_http", server_http),
];

/// Reads an input front to back; past its end every read gives zeros.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn u16(&mut self) -> usize {
        usize::from(self.byte()) << 8 | usize::from(self.byte())
    }

    /// The next `n` bytes (fewer at the end).
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        head
    }

    /// A part whose length comes first as two bytes.
    fn part(&mut self) -> &'a [u8] {
        let n = self.u16();
        self.take(n)
    }

    fn rest(self) -> &'a [u8] {
        self.0
    }
}

/// Applies edits to a valid value: each three bytes are a position (two
/// bytes) and a byte. Inside the value the byte is XORed in; one past its end
/// it is appended; a position with the top bit set truncates there instead.
fn mutate(valid: &[u8], edits: &[u8]) -> Vec<u8> {
    let mut out = valid.to_vec();
    for edit in edits.chunks(3) {
        let [hi, lo, byte] = [
            edit[0],
            *edit.get(1).unwrap_or(&0),
            *edit.get(2).unwrap_or(&0),
        ];
        let pos = usize::from(hi & 0x7f) << 8 | usize::from(lo);
        if hi & 0x80 != 0 {
            out.truncate(pos % (out.len() + 1));
        } else {
            let pos = pos % (out.len() + 1);
            if pos == out.len() {
                out.push(byte);
            } else {
                out[pos] ^= byte;
            }
        }
    }
    out
}

/// How to build the hostile value from a valid one.
fn shape(mode: u8, valid: &[u8], input: Input<'_>) -> Vec<u8> {
    match mode % 3 {
        0 => input.rest().to_vec(),
        1 => mutate(valid, input.rest()),
        _ => {
            let mut input = input;
            let keep = usize::from(input.byte()) % (valid.len() + 1);
            let mut out = valid[..keep].to_vec();
            out.extend_from_slice(input.rest());
            out
        }
    }
}

/// Panics with the outcome when it is not one of the allowed errors.
fn expect_err<T: std::fmt::Debug>(what: &str, outcome: polykms::Result<T>, allowed: &[&str]) {
    match outcome {
        Ok(value) => panic!("{what}: hostile input accepted: {value:?}"),
        Err(e) => expect_kind(what, &e, allowed),
    }
}

fn expect_kind(what: &str, error: &Error, allowed: &[&str]) {
    let kind = kind(error);
    assert!(
        allowed.contains(&kind),
        "{what}: {kind} is not among {allowed:?}: {error}"
    );
    // Every error renders without panicking and names something.
    assert!(!error.to_string().is_empty());
}

/// The variant's name.
pub fn kind(error: &Error) -> &'static str {
    match error {
        Error::NotFound { .. } => "NotFound",
        Error::AlreadyExists { .. } => "AlreadyExists",
        Error::Disabled { .. } => "Disabled",
        Error::InvalidState { .. } => "InvalidState",
        Error::InvalidKeyUsage { .. } => "InvalidKeyUsage",
        Error::UnsupportedOperation { .. } => "UnsupportedOperation",
        Error::AlgorithmNotAllowed { .. } => "AlgorithmNotAllowed",
        Error::InvalidArgument { .. } => "InvalidArgument",
        Error::InvalidAliasName { .. } => "InvalidAliasName",
        Error::UnrecognizedName { .. } => "UnrecognizedName",
        Error::NotImplemented { .. } => "NotImplemented",
        Error::LimitExceeded { .. } => "LimitExceeded",
        Error::IncorrectKey { .. } => "IncorrectKey",
        Error::InvalidCiphertext => "InvalidCiphertext",
        Error::InvalidSignature => "InvalidSignature",
        Error::InvalidMac => "InvalidMac",
        Error::VersionRetired { .. } => "VersionRetired",
        Error::PublicKeyOnly { .. } => "PublicKeyOnly",
        Error::InvalidImportToken { .. } => "InvalidImportToken",
        Error::ExpiredImportToken { .. } => "ExpiredImportToken",
        Error::ImportTokenForAnotherKey { .. } => "ImportTokenForAnotherKey",
        Error::InvalidKeyMaterial { problem, .. } => match problem {
            MaterialProblem::Unwrap => "InvalidKeyMaterial(Unwrap)",
            MaterialProblem::WrongLength { .. } => "InvalidKeyMaterial(WrongLength)",
            MaterialProblem::WrongKeyType { .. } => "InvalidKeyMaterial(WrongKeyType)",
            MaterialProblem::Malformed { .. } => "InvalidKeyMaterial(Malformed)",
            _ => "InvalidKeyMaterial(other)",
        },
        Error::IncorrectKeyMaterial { .. } => "IncorrectKeyMaterial",
        Error::Rng => "Rng",
        Error::Store(store) => match store {
            StoreError::Io { .. } => "Store(Io)",
            StoreError::Corrupt { .. } => "Store(Corrupt)",
            StoreError::WrongRootKey { .. } => "Store(WrongRootKey)",
            StoreError::UnknownFormat { .. } => "Store(UnknownFormat)",
            StoreError::Locked { .. } => "Store(Locked)",
            StoreError::NoStore { .. } => "Store(NoStore)",
            StoreError::StoreExists { .. } => "Store(StoreExists)",
            _ => "Store(other)",
        },
        _ => "other",
    }
}

// ---------------------------------------------------------------------------
// Keys made once per process.

const MESSAGE: &[u8] = b"the message every fixture signature and MAC is over";

fn context() -> EncryptionContext {
    EncryptionContext::new()
        .with("tenant", "7")
        .with("purpose", "fuzz")
}

struct EncryptionKey {
    id: String,
    spec: KeySpec,
    algorithm: EncryptionAlgorithm,
    /// Made with [`context`] for symmetric keys, without context otherwise.
    blob: Vec<u8>,
    plaintext: Vec<u8>,
}

struct SigningCase {
    id: String,
    spec: KeySpec,
    algorithm: SigningAlgorithm,
    message_type: MessageType,
    /// The message for RAW, its digest for DIGEST.
    message: Vec<u8>,
    signature: Vec<u8>,
}

struct MacKey {
    id: String,
    algorithm: MacAlgorithm,
    mac: Vec<u8>,
}

struct ImportTarget {
    spec: KeySpec,
    id: String,
    token: Vec<u8>,
    wrapping_public_key: Vec<u8>,
    algorithm: WrappingAlgorithm,
    /// A key for `import_public_key`.
    public_only_id: Option<String>,
}

struct Fixture {
    kms: InMemory,
    encryption: Vec<EncryptionKey>,
    signing: Vec<SigningCase>,
    mac: Vec<MacKey>,
    import: Vec<ImportTarget>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(make_fixture);

fn create(kms: &InMemory, spec: KeySpec, usage: KeyUsage) -> String {
    kms.create_key(CreateKeyRequest::new(spec).usage(usage))
        .expect("create a fixture key")
        .key_id
        .to_string()
}

fn make_fixture() -> Fixture {
    let kms = InMemory::new();
    let ctx = context();
    let mut encryption = Vec::new();
    let mut signing = Vec::new();
    let mut mac = Vec::new();
    for spec in KeySpec::all() {
        for &usage in spec.allowed_usages() {
            let id = create(&kms, spec, usage);
            match usage {
                KeyUsage::EncryptDecrypt => {
                    for &algorithm in spec.encryption_algorithms() {
                        let plaintext = format!("plaintext for {spec} {algorithm}").into_bytes();
                        let mut request = EncryptRequest::new(&id, &plaintext).algorithm(algorithm);
                        if algorithm == EncryptionAlgorithm::SymmetricDefault {
                            request = request.context(&ctx);
                        }
                        let blob = kms.encrypt(request).expect("encrypt").ciphertext_blob;
                        encryption.push(EncryptionKey {
                            id: id.clone(),
                            spec,
                            algorithm,
                            blob,
                            plaintext,
                        });
                    }
                    if spec.rotates() {
                        // Blobs of version 1 must still open; version 2 exists.
                        kms.rotate_key_on_demand(&id).expect("rotate");
                    }
                }
                KeyUsage::SignVerify => {
                    for &algorithm in spec.signing_algorithms() {
                        for &message_type in algorithm.message_types() {
                            let message = match message_type {
                                MessageType::Raw => MESSAGE.to_vec(),
                                _ => vec![0x5a; algorithm.digest_len()],
                            };
                            let signature = kms
                                .sign(
                                    SignRequest::new(&id, &message, algorithm)
                                        .message_type(message_type),
                                )
                                .expect("sign")
                                .signature;
                            signing.push(SigningCase {
                                id: id.clone(),
                                spec,
                                algorithm,
                                message_type,
                                message,
                                signature,
                            });
                        }
                    }
                }
                KeyUsage::GenerateVerifyMac => {
                    for &algorithm in spec.mac_algorithms() {
                        let tag = kms
                            .generate_mac(GenerateMacRequest::new(&id, MESSAGE, algorithm))
                            .expect("mac")
                            .mac;
                        mac.push(MacKey {
                            id: id.clone(),
                            algorithm,
                            mac: tag,
                        });
                    }
                    // The MAC above is of version 1; verify-MAC must still take it.
                    kms.rotate_key_on_demand(&id).expect("rotate");
                }
                _ => {}
            }
        }
    }
    let mut import = Vec::new();
    for spec in KeySpec::all() {
        // Small material goes through SM2 (quick to make); RSA private keys
        // need the AES key wrap, with an RSA-2048 wrapping key made once.
        let (algorithm, wrapping) =
            if matches!(spec, KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096) {
                (
                    WrappingAlgorithm::RsaAesKeyWrapSha256,
                    WrappingKeySpec::Rsa2048,
                )
            } else {
                (WrappingAlgorithm::Sm2Pke, WrappingKeySpec::Sm2)
            };
        let usage = spec.default_usage();
        let id = kms
            .create_key(
                CreateKeyRequest::new(spec)
                    .usage(usage)
                    .origin(Origin::External),
            )
            .expect("external key")
            .key_id
            .to_string();
        let params = kms
            .get_parameters_for_import(GetParametersForImportRequest::new(&id, algorithm, wrapping))
            .expect("import parameters");
        let public_only_id = spec.is_asymmetric().then(|| {
            kms.create_key(
                CreateKeyRequest::new(spec)
                    .usage(usage)
                    .origin(Origin::External),
            )
            .expect("external key")
            .key_id
            .to_string()
        });
        import.push(ImportTarget {
            spec,
            id,
            token: params.import_token,
            wrapping_public_key: params.public_key,
            algorithm,
            public_only_id,
        });
    }
    Fixture {
        kms,
        encryption,
        signing,
        mac,
        import,
    }
}

// ---------------------------------------------------------------------------
// Targets.

/// Decrypt of an arbitrary or altered blob, with or without key id, context
/// and algorithm. Only the unaltered blob with its context opens, and then to
/// its plaintext; an altered blob of a known key fails as `InvalidCiphertext`
/// whatever was altered (no hint of which check failed).
pub fn decrypt(data: &[u8]) {
    let fx = &*FIXTURE;
    let mut input = Input(data);
    let flags = input.byte();
    let key = &fx.encryption[usize::from(input.byte()) % fx.encryption.len()];
    let blob = shape(flags >> 4, &key.blob, input);
    let ctx = context();
    let with_key_id = flags & 1 != 0;
    let with_context = flags & 2 != 0;
    let with_algorithm = flags & 4 != 0 || key.algorithm != EncryptionAlgorithm::SymmetricDefault;
    let mut request = DecryptRequest::new(&blob);
    if with_key_id {
        request = request.key_id(&key.id);
    }
    if with_context {
        request = request.context(&ctx);
    }
    if with_algorithm {
        request = request.algorithm(key.algorithm);
    }
    let outcome = fx.kms.decrypt(request);
    let symmetric = key.algorithm == EncryptionAlgorithm::SymmetricDefault;
    let exact = blob == key.blob;
    let context_right = with_context == symmetric;
    let key_id_right = with_key_id || symmetric;
    match outcome {
        Ok(response) => {
            assert!(
                exact && context_right && key_id_right,
                "decrypt accepted an altered request for {} {}",
                key.spec,
                key.algorithm
            );
            assert_eq!(response.plaintext.expose_secret(), &key.plaintext[..]);
            assert_eq!(response.key_id.as_str(), key.id);
        }
        Err(e) => {
            assert!(
                !(exact && context_right && key_id_right),
                "the unaltered blob of {} {} failed: {e}",
                key.spec,
                key.algorithm
            );
            let in_bounds = !blob.is_empty() && blob.len() <= limits::MAX_CIPHERTEXT;
            // A blob that still names its key (the header unaltered) and is
            // asked for with what it was made with fails in one way only.
            let header_kept = symmetric && blob.len() >= 34 && blob[..34] == key.blob[..34];
            if in_bounds && context_right && (header_kept || !symmetric) && key_id_right {
                expect_kind("decrypt", &e, &["InvalidCiphertext"]);
            } else {
                expect_kind(
                    "decrypt",
                    &e,
                    &[
                        "InvalidCiphertext",
                        "InvalidArgument",
                        "IncorrectKey",
                        "NotFound",
                    ],
                );
            }
        }
    }
}

/// Verify with arbitrary or altered messages and signatures, for every
/// signing spec, algorithm and message type. Only the signature made over
/// that message verifies; any other in-bounds signature is `InvalidSignature`.
pub fn verify(data: &[u8]) {
    let fx = &*FIXTURE;
    let mut input = Input(data);
    let flags = input.byte();
    let case = &fx.signing[usize::from(input.byte()) % fx.signing.len()];
    let (message, signature) = if flags & 1 == 0 {
        // Altered or arbitrary signature over the signed message.
        (
            case.message.clone(),
            shape(flags >> 4, &case.signature, input),
        )
    } else {
        // Altered or arbitrary message with the valid signature, or both arbitrary.
        let message = if flags & 2 == 0 {
            shape(flags >> 4, &case.message, input)
        } else {
            input.part().to_vec()
        };
        (message, case.signature.clone())
    };
    let outcome = fx.kms.verify(
        VerifyRequest::new(&case.id, &message, case.algorithm, &signature)
            .message_type(case.message_type),
    );
    let message_ok = match case.message_type {
        MessageType::Raw => (1..=limits::MAX_SIGN_MESSAGE).contains(&message.len()),
        _ => message.len() == case.algorithm.digest_len(),
    };
    let signature_ok = (1..=limits::MAX_SIGNATURE).contains(&signature.len());
    judge_verification(
        || {
            format!(
                "{} {} {} (message {}, signature {})",
                case.spec,
                case.algorithm,
                case.message_type,
                hex(&message),
                hex(&signature)
            )
        },
        outcome,
        message == case.message && signature == case.signature,
        message_ok && signature_ok,
        "InvalidSignature",
    );
}

/// A verification's outcome: it succeeds exactly for the unaltered input;
/// otherwise an input within bounds fails as `failure` (nothing more
/// specific), and one out of bounds as `InvalidArgument`.
fn judge_verification<T>(
    what: impl Fn() -> String,
    outcome: polykms::Result<T>,
    exact: bool,
    in_bounds: bool,
    failure: &str,
) {
    match outcome {
        Ok(_) => assert!(exact, "{}: a changed input verified", what()),
        Err(e) => {
            assert!(!exact, "{}: the unaltered input failed: {e}", what());
            let expected = if in_bounds {
                failure
            } else {
                "InvalidArgument"
            };
            if kind(&e) != expected {
                expect_kind(&what(), &e, &[expected]);
            }
        }
    }
}

/// Verify-MAC with arbitrary or altered messages and MACs, for every HMAC
/// spec (each rotated once, so two versions are tried).
pub fn verify_mac(data: &[u8]) {
    let fx = &*FIXTURE;
    let mut input = Input(data);
    let flags = input.byte();
    let key = &fx.mac[usize::from(input.byte()) % fx.mac.len()];
    let (message, mac) = if flags & 1 == 0 {
        (MESSAGE.to_vec(), shape(flags >> 4, &key.mac, input))
    } else {
        (shape(flags >> 4, MESSAGE, input), key.mac.clone())
    };
    let outcome = fx.kms.verify_mac(VerifyMacRequest::new(
        &key.id,
        &message,
        key.algorithm,
        &mac,
    ));
    let message_ok = (1..=limits::MAX_MAC_MESSAGE).contains(&message.len());
    let mac_ok = (1..=limits::MAX_MAC).contains(&mac.len());
    judge_verification(
        || format!("verify-MAC {} (MAC {})", key.algorithm, hex(&mac)),
        outcome,
        message == MESSAGE && mac == key.mac,
        message_ok && mac_ok,
        "InvalidMac",
    );
}

/// Import of arbitrary key material (wrapped correctly), of arbitrary wrapped
/// material, with arbitrary tokens, of arbitrary public keys, and wrapping
/// for an arbitrary wrapping public key.
pub fn import(data: &[u8]) {
    let fx = &*FIXTURE;
    let mut input = Input(data);
    let mode = input.byte();
    let target = &fx.import[usize::from(input.byte()) % fx.import.len()];
    let kms = &fx.kms;
    match mode % 5 {
        0 => {
            // Arbitrary material, wrapped as the client would.
            let material = input.rest();
            let wrapped =
                match wrap_key_material(&target.wrapping_public_key, target.algorithm, material) {
                    Ok(wrapped) => wrapped,
                    Err(e) => return expect_kind("wrap", &e, &["InvalidArgument"]),
                };
            let outcome = kms.import_key_material(ImportKeyMaterialRequest::new(
                &target.id,
                &target.token,
                &wrapped,
            ));
            match outcome {
                Ok(()) => key_works(kms, &target.id, target.spec),
                Err(e) => expect_kind(
                    "import",
                    &e,
                    &[
                        "InvalidKeyMaterial(WrongLength)",
                        "InvalidKeyMaterial(WrongKeyType)",
                        "InvalidKeyMaterial(Malformed)",
                        "IncorrectKeyMaterial",
                    ],
                ),
            }
        }
        1 => {
            // Arbitrary wrapped material with a valid token.
            let wrapped = input.rest();
            let outcome = kms.import_key_material(ImportKeyMaterialRequest::new(
                &target.id,
                &target.token,
                wrapped,
            ));
            expect_err(
                "import of arbitrary wrapped material",
                outcome,
                &["InvalidKeyMaterial(Unwrap)", "InvalidArgument"],
            );
        }
        2 => {
            // An arbitrary or altered token; the material does not matter.
            let token = shape(mode >> 4, &target.token, input);
            let outcome = kms
                .import_key_material(ImportKeyMaterialRequest::new(&target.id, &token, [0u8; 64]));
            if token == target.token {
                expect_err(
                    "import",
                    outcome,
                    &["InvalidKeyMaterial(Unwrap)", "InvalidArgument"],
                );
            } else {
                expect_err(
                    "import with a changed token",
                    outcome,
                    &[
                        "InvalidImportToken",
                        "ImportTokenForAnotherKey",
                        "InvalidArgument",
                    ],
                );
            }
        }
        3 => {
            // An arbitrary public key (DER SubjectPublicKeyInfo).
            let Some(id) = &target.public_only_id else {
                return;
            };
            let der = input.rest();
            match kms.import_public_key(ImportPublicKeyRequest::new(id, der)) {
                Ok(()) => {
                    let public = kms
                        .get_public_key(id)
                        .expect("public key of an imported key");
                    assert!(!public.public_key.is_empty());
                    if let Some(&algorithm) = target.spec.signing_algorithms().first() {
                        let outcome =
                            kms.verify(VerifyRequest::new(id, MESSAGE, algorithm, &[1u8; 64]));
                        expect_err(
                            "verify with an imported public key",
                            outcome,
                            &["InvalidSignature"],
                        );
                    }
                }
                Err(e) => expect_kind(
                    "import public key",
                    &e,
                    &[
                        "InvalidKeyMaterial(WrongKeyType)",
                        "InvalidKeyMaterial(Malformed)",
                        "IncorrectKeyMaterial",
                        "InvalidArgument",
                    ],
                ),
            }
        }
        _ => {
            // The client side: wrapping for an arbitrary public key.
            let algorithm = WrappingAlgorithm::all()
                [usize::from(input.byte()) % WrappingAlgorithm::all().len()];
            let public_key = input.rest();
            if let Err(e) = wrap_key_material(public_key, algorithm, &[7u8; 32]) {
                expect_kind("wrap", &e, &["InvalidArgument", "NotImplemented"]);
            }
        }
    }
}

/// A key that took imported material does what its spec says.
fn key_works(kms: &InMemory, id: &str, spec: KeySpec) {
    match spec.default_usage() {
        KeyUsage::EncryptDecrypt => {
            let algorithm = spec.encryption_algorithms()[0];
            let blob = kms
                .encrypt(EncryptRequest::new(id, b"imported").algorithm(algorithm))
                .expect("encrypt with imported material")
                .ciphertext_blob;
            let plain = kms
                .decrypt(DecryptRequest::new(&blob).key_id(id).algorithm(algorithm))
                .expect("decrypt with imported material");
            assert_eq!(plain.plaintext.expose_secret(), b"imported");
        }
        KeyUsage::SignVerify => {
            let algorithm = spec.signing_algorithms()[0];
            let signature = kms
                .sign(SignRequest::new(id, MESSAGE, algorithm))
                .expect("sign with imported material")
                .signature;
            kms.verify(VerifyRequest::new(id, MESSAGE, algorithm, &signature))
                .expect("verify with imported material");
        }
        KeyUsage::GenerateVerifyMac => {
            let algorithm = spec.mac_algorithms()[0];
            let mac = kms
                .generate_mac(GenerateMacRequest::new(id, MESSAGE, algorithm))
                .expect("MAC with imported material")
                .mac;
            kms.verify_mac(VerifyMacRequest::new(id, MESSAGE, algorithm, &mac))
                .expect("verify-MAC with imported material");
        }
        _ => {}
    }
}

/// Parsing of every vendor spelling of every vocabulary, key ids and key
/// references: a name parses to the value that prints as it, or is a typed
/// error.
pub fn vocabulary(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    check_vocabulary::<KeySpec>(text);
    check_vocabulary::<KeyUsage>(text);
    check_vocabulary::<EncryptionAlgorithm>(text);
    check_vocabulary::<SigningAlgorithm>(text);
    check_vocabulary::<MacAlgorithm>(text);
    check_vocabulary::<MessageType>(text);
    check_vocabulary::<polykms::KeyState>(text);
    check_vocabulary::<Origin>(text);
    check_vocabulary::<polykms::DataKeySpec>(text);
    check_vocabulary::<polykms::DataKeyPairSpec>(text);
    check_vocabulary::<WrappingAlgorithm>(text);
    check_vocabulary::<WrappingKeySpec>(text);
    check_vocabulary::<polykms::RotationType>(text);
    match polykms::KeyId::parse(text) {
        Ok(id) => assert_eq!(polykms::KeyId::parse(id.as_str()).unwrap(), id),
        Err(e) => expect_kind("key id", &e, &["InvalidArgument"]),
    }
    // Any key reference: id, alias, key or alias resource name.
    let outcome = FIXTURE.kms.describe_key(text);
    if let Err(e) = outcome {
        expect_kind(
            "key reference",
            &e,
            &["NotFound", "InvalidArgument", "InvalidAliasName"],
        );
    }
}

fn check_vocabulary<V: Vocabulary + std::fmt::Debug>(text: &str) {
    match V::parse_name(text) {
        Ok(value) => assert!(
            value.as_str() == text
                || Vendor::ALL
                    .iter()
                    .any(|&vendor| value.spelling(vendor) == Some(text)),
            "{text:?} parsed as {value:?}, which is not spelled so"
        ),
        Err(e) => expect_kind(V::KIND, &e, &["UnrecognizedName", "NotImplemented"]),
    }
    for vendor in Vendor::ALL {
        match V::parse_vendor(vendor, text) {
            Ok(value) => assert_eq!(value.spelling(vendor), Some(text)),
            Err(e) => expect_kind(V::KIND, &e, &["UnrecognizedName"]),
        }
    }
}

use polykms::Vendor;

/// A store made once: its three files, the root key, and a blob to decrypt.
struct StoreTemplate {
    header: Vec<u8>,
    log: Vec<u8>,
    head: Vec<u8>,
    root_key: [u8; 32],
    blob: Vec<u8>,
}

static STORE: LazyLock<StoreTemplate> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root_key = [0x42u8; 32];
    let blob;
    {
        let kms = FileKeyManager::create(
            dir.path(),
            RootKey::Key(SecretBytes::new(root_key.to_vec())),
        )
        .expect("a new store");
        let aes = kms
            .create_key(
                CreateKeyRequest::new(KeySpec::SymmetricDefault)
                    .alias("alias/fuzz")
                    .tag("team", "fuzz")
                    .description("a key in the template store"),
            )
            .expect("create");
        let id = aes.key_id.to_string();
        kms.rotate_key_on_demand(&id).expect("rotate");
        blob = kms
            .encrypt(EncryptRequest::new(&id, b"stored"))
            .expect("encrypt")
            .ciphertext_blob;
        create_quick(&kms, KeySpec::EccNistP256, KeyUsage::SignVerify);
        create_quick(&kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
        let external = kms
            .create_key(
                CreateKeyRequest::new(KeySpec::Sm4)
                    .usage(KeyUsage::EncryptDecrypt)
                    .origin(Origin::External),
            )
            .expect("external key");
        kms.get_parameters_for_import(GetParametersForImportRequest::new(
            external.key_id.as_str(),
            WrappingAlgorithm::Sm2Pke,
            WrappingKeySpec::Sm2,
        ))
        .expect("import parameters");
        let doomed = create_quick(&kms, KeySpec::Sm4, KeyUsage::EncryptDecrypt);
        kms.schedule_key_deletion(
            ScheduleKeyDeletionRequest::new(&doomed).pending_window_in_days(7),
        )
        .expect("schedule deletion");
    }
    let read = |name: &str| std::fs::read(dir.path().join(name)).expect("store file");
    StoreTemplate {
        header: read("store.json"),
        log: read("keys.log"),
        head: read("HEAD"),
        root_key,
        blob,
    }
    // (The directory goes now: each input gets a fresh copy of the files.)
});

fn create_quick(kms: &FileKeyManager, spec: KeySpec, usage: KeyUsage) -> String {
    kms.create_key(CreateKeyRequest::new(spec).usage(usage))
        .expect("create")
        .key_id
        .to_string()
}

/// A fresh directory for one input (under /dev/shm when there is one, so
/// that fsync costs little).
fn scratch_dir() -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    base.join(format!(
        "polykms-fuzz-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Opening a store whose files (header, log, HEAD, key file) are arbitrary
/// or altered bytes: it opens and works, or fails with a typed error.
pub fn file_store(data: &[u8]) {
    let template = &*STORE;
    let mut input = Input(data);
    let mode = input.byte();
    let (mut header, mut log, mut head) = (
        template.header.clone(),
        template.log.clone(),
        template.head.clone(),
    );
    let mut key_file = None;
    match mode % 6 {
        0 => {
            header = input.part().to_vec();
            log = input.part().to_vec();
            head = input.rest().to_vec();
        }
        1 => {
            log = input.part().to_vec();
            head = input.rest().to_vec();
        }
        2 => log = shape(mode >> 4, &template.log, input),
        3 => head = shape(mode >> 4, &template.head, input),
        4 => header = shape(mode >> 4, &template.header, input),
        _ => key_file = Some(input.rest().to_vec()),
    }
    let unaltered = header == template.header && log == template.log && head == template.head;
    let dir = scratch_dir();
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    write("store.json", &header);
    write("keys.log", &log);
    write("HEAD", &head);
    let root_key = match &key_file {
        Some(bytes) => {
            write("root.key", bytes);
            RootKey::KeyFile(dir.join("root.key"))
        }
        None => RootKey::Key(SecretBytes::new(template.root_key.to_vec())),
    };
    let options = FileOptions::default().lock_timeout(Duration::from_millis(100));
    let outcome = FileKeyManager::open_with(&dir, root_key, options);
    match outcome {
        Ok(kms) => {
            if unaltered && key_file.is_none() {
                let plain = kms
                    .decrypt(DecryptRequest::new(&template.blob))
                    .expect("the template store decrypts its blob");
                assert_eq!(plain.plaintext.expose_secret(), b"stored");
            }
            use_store(&kms, &template.blob);
        }
        Err(e) => {
            assert!(
                !(unaltered && key_file.is_none()),
                "the unaltered store failed to open: {e}"
            );
            expect_kind(
                "open store",
                &e,
                &[
                    "Store(Corrupt)",
                    "Store(UnknownFormat)",
                    "Store(WrongRootKey)",
                    "InvalidArgument",
                    "Store(Io)",
                ],
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whatever a store opened with, reading it and using its keys never panics.
fn use_store(kms: &FileKeyManager, blob: &[u8]) {
    let _ = kms.decrypt(DecryptRequest::new(blob));
    let Ok(keys) = kms.list_all_keys() else {
        return;
    };
    for entry in keys {
        let id = entry.key_id.as_str();
        let Ok(meta) = kms.describe_key(id) else {
            continue;
        };
        let _ = kms.list_all_aliases(Some(id));
        let _ = kms.list_all_resource_tags(id);
        let _ = kms.get_key_rotation_status(id);
        let symmetric =
            meta.key_usage == KeyUsage::EncryptDecrypt && meta.key_spec.is_symmetric_encryption();
        if let (true, Ok(sealed)) = (symmetric, kms.encrypt(EncryptRequest::new(id, b"x"))) {
            let plain = kms
                .decrypt(DecryptRequest::new(&sealed.ciphertext_blob))
                .expect("a blob just made opens");
            assert_eq!(plain.plaintext.expose_secret(), b"x");
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
