//! The server's request path from raw bytes: an input is the bytes a client
//! sends on one HTTP/1.1 connection, served by hyper (configured as the
//! server's listener configures it) in front of the server's tower service,
//! over a fresh in-memory provider per input.
//!
//! The first byte chooses how the bytes are made:
//!
//! - as they are (a request, several pipelined, or anything else);
//! - an AWS request for one of the operations (every served one, an
//!   unsupported one and an unknown one), its JSON body the operation's
//!   valid template as is, replaced, changed or cut and extended, framed by
//!   `Content-Length` or chunked, then signed with SigV4 by the server's own
//!   credential, so the body reaches the operation's parsing; optionally
//!   with header lines added after signing;
//! - an Alibaba request signed with V3 (`ACS3-HMAC-SHA256` in
//!   `Authorization`) or V1 (`Signature` in the query) by the same
//!   credential, one parameter changed;
//! - a Huawei request (`Authorization: SDK-HMAC-SHA256 …`, a JSON body)
//!   signed by the same credential or with a signature from the input.
//!
//! Inputs that name an RSA spec (whose key generation would take most of
//! the fuzzer's time) are not served.
//!
//! What must hold: no panic (a panic in an operation is caught by the
//! server and answered 500, so a 5xx answer fails the check too), the whole
//! exchange ends without waiting on a timer, the answers stay small, and
//! every answer is either hyper's own refusal of a malformed request (no
//! body) or the protocol's: a success only for a validly signed request,
//! else an error status with a JSON error body. A validly signed AWS
//! request is never refused for its signature.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper::server::conn::http1;
use hyper_util::rt::TokioTimer;
use hyper_util::service::TowerToHyperService;
use polykms::server::{Accounts, Credential, Server, ServerOptions};
use polykms::wire::alibaba::{self, AccessKey};
use polykms::wire::huawei;
use polykms::{
    CreateAliasRequest, CreateKeyRequest, EncryptRequest, EncryptionContext, GenerateMacRequest,
    InMemory, KeyManager, KeySpec, KeyUsage, MacAlgorithm, MemoryOptions, Origin,
    ResourceNamespace, SignRequest, SigningAlgorithm,
};
use serde_json::{Value, json};

use super::{Input, mutate};

const REGION: &str = "eu-west-1";
const ACCOUNT: &str = "111122223333";
const AKID: &str = "AKIDFUZZ";
const SECRET: &str = "fuzz/secret+key";
/// The most an exchange may answer, in bytes.
const MAX_ANSWER_BYTES: usize = 4 << 20;

/// A runtime for every input (hyper's timers and the service's timeouts
/// need one; nothing here waits on them).
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime")
});

/// The server's limits: the defaults, as `kms serve` has them.
static OPTIONS: LazyLock<ServerOptions> = LazyLock::new(ServerOptions::default);

/// A fresh account with a few keys, and the server over it.
struct Fixture {
    server: Server,
    aes: String,
    hmac: String,
    ecc: String,
    external: String,
    blob: String,
    signature: String,
    mac: String,
}

const MESSAGE: &[u8] = b"the message of the fuzz fixture";

fn context() -> EncryptionContext {
    EncryptionContext::new().with("tenant", "7")
}

fn create(kms: &InMemory, request: CreateKeyRequest) -> String {
    let metadata = kms.create_key(request).expect("a fixture key");
    metadata.key_id.to_string()
}

impl Fixture {
    fn new() -> Self {
        let namespace = ResourceNamespace::new("aws", REGION, ACCOUNT);
        let kms = InMemory::with_options(MemoryOptions::default().namespace(namespace));
        let aes = create(&kms, CreateKeyRequest::new(KeySpec::SymmetricDefault));
        let hmac = create(
            &kms,
            CreateKeyRequest::new(KeySpec::Hmac256).usage(KeyUsage::GenerateVerifyMac),
        );
        let ecc = create(
            &kms,
            CreateKeyRequest::new(KeySpec::EccNistP256).usage(KeyUsage::SignVerify),
        );
        let external = create(
            &kms,
            CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External),
        );
        kms.create_alias(CreateAliasRequest::new("alias/fuzz", &aes))
            .expect("the fixture alias");
        let blob = kms
            .encrypt(EncryptRequest::new(&aes, b"hello").context(context()))
            .expect("encrypt")
            .ciphertext_blob;
        let signature = kms
            .sign(SignRequest::new(
                &ecc,
                MESSAGE,
                SigningAlgorithm::EcdsaSha256,
            ))
            .expect("sign")
            .signature;
        let mac = kms
            .generate_mac(GenerateMacRequest::new(
                &hmac,
                MESSAGE,
                MacAlgorithm::HmacSha256,
            ))
            .expect("mac")
            .mac;
        let accounts = Accounts::new(REGION)
            .with_account(ACCOUNT, kms)
            .with_credential(Credential::new(AKID, SECRET, ACCOUNT).with_project_id(ACCOUNT));
        let server = Server::with_options(accounts, OPTIONS.clone()).expect("a server");
        Self {
            server,
            aes,
            hmac,
            ecc,
            external,
            blob: BASE64.encode(blob),
            signature: BASE64.encode(signature),
            mac: BASE64.encode(mac),
        }
    }

    /// Every AWS target the input can choose, with a valid body for it.
    fn aws_operations(&self) -> Vec<(&'static str, Value)> {
        let (aes, hmac, ecc, external) = (&self.aes, &self.hmac, &self.ecc, &self.external);
        let message = BASE64.encode(MESSAGE);
        let context = json!({"tenant": "7"});
        let key = |id: &str| json!({ "KeyId": id });
        vec![
            (
                "CreateKey",
                json!({"KeySpec": "SYMMETRIC_DEFAULT", "KeyUsage": "ENCRYPT_DECRYPT",
                       "Description": "fuzz", "Tags": [{"TagKey": "k", "TagValue": "v"}]}),
            ),
            ("DescribeKey", key(aes)),
            ("ListKeys", json!({"Limit": 10})),
            ("EnableKey", key(aes)),
            ("DisableKey", key(ecc)),
            (
                "UpdateKeyDescription",
                json!({"KeyId": aes, "Description": "new"}),
            ),
            (
                "ScheduleKeyDeletion",
                json!({"KeyId": ecc, "PendingWindowInDays": 7}),
            ),
            ("CancelKeyDeletion", key(ecc)),
            (
                "CreateAlias",
                json!({"AliasName": "alias/new", "TargetKeyId": aes}),
            ),
            (
                "UpdateAlias",
                json!({"AliasName": "alias/fuzz", "TargetKeyId": hmac}),
            ),
            ("DeleteAlias", json!({"AliasName": "alias/fuzz"})),
            ("ListAliases", json!({"KeyId": aes, "Limit": 5})),
            (
                "TagResource",
                json!({"KeyId": aes, "Tags": [{"TagKey": "a", "TagValue": "b"}]}),
            ),
            ("UntagResource", json!({"KeyId": aes, "TagKeys": ["a"]})),
            ("ListResourceTags", json!({"KeyId": aes, "Limit": 5})),
            (
                "Encrypt",
                json!({"KeyId": "alias/fuzz", "Plaintext": "aGVsbG8=",
                       "EncryptionContext": context}),
            ),
            (
                "Decrypt",
                json!({"CiphertextBlob": self.blob, "EncryptionContext": context}),
            ),
            (
                "ReEncrypt",
                json!({"CiphertextBlob": self.blob, "SourceEncryptionContext": context,
                       "DestinationKeyId": aes}),
            ),
            (
                "GenerateDataKey",
                json!({"KeyId": aes, "KeySpec": "AES_256", "EncryptionContext": context}),
            ),
            (
                "GenerateDataKeyWithoutPlaintext",
                json!({"KeyId": aes, "NumberOfBytes": 32}),
            ),
            (
                "GenerateDataKeyPair",
                json!({"KeyId": aes, "KeyPairSpec": "ECC_NIST_P256"}),
            ),
            (
                "GenerateDataKeyPairWithoutPlaintext",
                json!({"KeyId": aes, "KeyPairSpec": "ECC_NIST_P256"}),
            ),
            ("GenerateRandom", json!({"NumberOfBytes": 32})),
            (
                "Sign",
                json!({"KeyId": ecc, "Message": message, "MessageType": "RAW",
                       "SigningAlgorithm": "ECDSA_SHA_256"}),
            ),
            (
                "Verify",
                json!({"KeyId": ecc, "Message": message, "MessageType": "RAW",
                       "SigningAlgorithm": "ECDSA_SHA_256", "Signature": self.signature}),
            ),
            ("GetPublicKey", key(ecc)),
            (
                "GenerateMac",
                json!({"KeyId": hmac, "Message": message, "MacAlgorithm": "HMAC_SHA_256"}),
            ),
            (
                "VerifyMac",
                json!({"KeyId": hmac, "Message": message, "MacAlgorithm": "HMAC_SHA_256",
                       "Mac": self.mac}),
            ),
            (
                "EnableKeyRotation",
                json!({"KeyId": aes, "RotationPeriodInDays": 90}),
            ),
            ("DisableKeyRotation", key(aes)),
            ("GetKeyRotationStatus", key(aes)),
            ("ListKeyRotations", json!({"KeyId": aes, "Limit": 5})),
            ("RotateKeyOnDemand", key(aes)),
            (
                "GetParametersForImport",
                json!({"KeyId": external, "WrappingAlgorithm": "SM2PKE",
                       "WrappingKeySpec": "SM2"}),
            ),
            (
                "ImportKeyMaterial",
                json!({"KeyId": external, "ImportToken": "AAAA", "EncryptedKeyMaterial": "AAAA",
                       "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}),
            ),
            ("DeleteImportedKeyMaterial", key(external)),
            (
                "PolyKms.SetMinimumDecryptionVersion",
                json!({"KeyId": aes, "MinimumVersion": 1}),
            ),
            (
                "PolyKms.ImportPublicKey",
                json!({"KeyId": external, "PublicKey": "MCowBQYDK2VwAyEA"}),
            ),
            (
                "CreateGrant",
                json!({"KeyId": aes, "GranteePrincipal": "arn:aws:iam::111122223333:root",
                       "Operations": ["Encrypt"]}),
            ),
            ("NoSuchOperation", json!({})),
        ]
    }

    /// Alibaba actions the input can choose, with valid parameters.
    fn alibaba_actions(&self) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
        let (aes, ecc) = (self.aes.clone(), self.ecc.clone());
        vec![
            (
                "CreateKey",
                vec![
                    ("KeySpec", "Aliyun_AES_256".into()),
                    ("KeyUsage", "ENCRYPT/DECRYPT".into()),
                ],
            ),
            ("DescribeKey", vec![("KeyId", aes.clone())]),
            (
                "ListKeys",
                vec![("PageNumber", "1".into()), ("PageSize", "10".into())],
            ),
            (
                "Encrypt",
                vec![("KeyId", aes.clone()), ("Plaintext", "aGVsbG8=".into())],
            ),
            ("Decrypt", vec![("CiphertextBlob", self.blob.clone())]),
            (
                "GenerateDataKey",
                vec![("KeyId", aes.clone()), ("NumberOfBytes", "32".into())],
            ),
            (
                "CreateAlias",
                vec![("AliasName", "alias/ali".into()), ("KeyId", aes.clone())],
            ),
            (
                "TagResource",
                vec![
                    ("KeyId", aes.clone()),
                    ("Tags", r#"[{"TagKey":"a","TagValue":"b"}]"#.into()),
                ],
            ),
            ("DisableKey", vec![("KeyId", aes.clone())]),
            (
                "ScheduleKeyDeletion",
                vec![("KeyId", ecc.clone()), ("PendingWindowInDays", "7".into())],
            ),
            (
                "AsymmetricSign",
                vec![
                    ("KeyId", ecc),
                    ("KeyVersionId", "1".into()),
                    ("Algorithm", "ECDSA_SHA_256".into()),
                    ("Digest", BASE64.encode([0x5a; 32])),
                ],
            ),
        ]
    }
}

/// A SigV4 signature of `POST /` with `headers` and `body`
/// by the fixture's credential, now: the headers to add.
fn sigv4(headers: &[(String, String)], body: &[u8]) -> Vec<(String, String)> {
    let identity: Identity = Credentials::new(AKID, SECRET, None, None, "fuzz").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(REGION)
        .name("kms")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .expect("signing parameters")
        .into();
    let signable = SignableRequest::new(
        "POST",
        "/",
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(body),
    )
    .expect("a signable request");
    let (instructions, _signature) = sign(signable, &params).expect("signed").into_parts();
    instructions
        .headers()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
        .collect()
}

/// A request's bytes: the request line, the headers, the framing, the body.
fn request_bytes(
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
    chunked: bool,
) -> Vec<u8> {
    let mut bytes = format!("POST {target} HTTP/1.1\r\n").into_bytes();
    for (name, value) in headers {
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(b": ");
        bytes.extend_from_slice(value.as_bytes());
        bytes.extend_from_slice(b"\r\n");
    }
    if chunked {
        bytes.extend_from_slice(b"transfer-encoding: chunked\r\n\r\n");
        for chunk in body.chunks(700) {
            bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            bytes.extend_from_slice(chunk);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"0\r\n\r\n");
    } else {
        bytes.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
        bytes.extend_from_slice(body);
    }
    bytes
}

/// Header lines from the input, after signing: raw bytes, each line
/// ending in CRLF.
fn header_lines(raw: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(raw)
        .split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// What the input says the exchange is.
struct Made {
    bytes: Vec<u8>,
    /// Validly signed (success answers allowed).
    signed: bool,
    /// An AWS request validly signed and not tampered with afterwards: the
    /// answer must not be a signature refusal.
    aws_authentic: bool,
    /// A Huawei request validly signed: likewise.
    huawei_authentic: bool,
}

/// A body from a valid one and the input: as is, the rest of the input
/// instead, changed by the input's edits, or cut and extended.
fn body_of(shape: u8, valid: &[u8], mut input: Input<'_>) -> Vec<u8> {
    match shape % 4 {
        0 => valid.to_vec(),
        1 => input.rest().to_vec(),
        2 => mutate(valid, input.rest()),
        _ => {
            let keep = input.u16() % (valid.len() + 1);
            let mut out = valid[..keep].to_vec();
            out.extend_from_slice(input.rest());
            out
        }
    }
}

fn aws(fixture: &Fixture, mut input: Input<'_>) -> Made {
    let operations = fixture.aws_operations();
    let (operation, template) = &operations[usize::from(input.byte()) % operations.len()];
    let flags = input.byte();
    let extra = if flags & 0x10 != 0 { input.part() } else { &[] };
    let body = body_of(flags, template.to_string().as_bytes(), input);
    let target = if operation.contains('.') {
        (*operation).to_owned()
    } else {
        format!("TrentService.{operation}")
    };
    let mut headers: Vec<(String, String)> = vec![
        ("host".into(), "kms.eu-west-1.amazonaws.com".into()),
        ("content-type".into(), "application/x-amz-json-1.1".into()),
        ("x-amz-target".into(), target),
    ];
    let signature = sigv4(&headers, &body);
    headers.extend(signature);
    let tampered = !extra.is_empty();
    headers.extend(header_lines(extra));
    let mut bytes = request_bytes("/", &headers, &body, flags & 0x04 != 0);
    if flags & 0x08 != 0 {
        // The same request again, pipelined.
        bytes.extend_from_slice(&bytes.clone());
    }
    Made {
        bytes,
        signed: true,
        aws_authentic: !tampered,
        huawei_authentic: false,
    }
}

static NONCE: AtomicU64 = AtomicU64::new(0);

fn nonce() -> String {
    format!("fuzz-{}", NONCE.fetch_add(1, Ordering::Relaxed))
}

/// The action's parameters with one replaced (or one added) from the input.
fn alibaba_parameters(
    fixture: &Fixture,
    input: &mut Input<'_>,
) -> (&'static str, Vec<(String, String)>) {
    let actions = fixture.alibaba_actions();
    let (action, parameters) = &actions[usize::from(input.byte()) % actions.len()];
    let mut parameters: Vec<(String, String)> = parameters
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let which = usize::from(input.byte());
    let shape = input.byte();
    let rest = std::mem::replace(input, Input(&[]));
    if let Some((_, value)) = parameters.get_mut(which) {
        *value = String::from_utf8_lossy(&body_of(shape, value.as_bytes(), rest)).into_owned();
    } else if !shape.is_multiple_of(4) {
        let value = String::from_utf8_lossy(rest.rest()).into_owned();
        parameters.push(("Fuzz".into(), value));
    }
    (action, parameters)
}

fn alibaba_v3(fixture: &Fixture, mut input: Input<'_>) -> Made {
    let (action, parameters) = alibaba_parameters(fixture, &mut input);
    let mut request = alibaba::v3::Request::new("POST", "kms.eu-west-1.aliyuncs.com", action)
        .header("accept", "application/json");
    for (name, value) in parameters {
        request = request.query(name, value);
    }
    let key = AccessKey::new(AKID, SECRET);
    let signed = request.sign(&key, SystemTime::now(), &nonce());
    let target = format!("/?{}", signed.query_string());
    Made {
        bytes: request_bytes(&target, &signed.headers, &signed.body, false),
        signed: true,
        aws_authentic: false,
        huawei_authentic: false,
    }
}

fn alibaba_v1(fixture: &Fixture, mut input: Input<'_>) -> Made {
    let (action, parameters) = alibaba_parameters(fixture, &mut input);
    let mut request = alibaba::v1::Request::new("POST", action).region_id(REGION);
    for (name, value) in parameters {
        request = request.parameter(name, value);
    }
    let key = AccessKey::new(AKID, SECRET);
    let signed = request.sign(&key, SystemTime::now(), &nonce());
    let target = format!("/?{}", signed.query_string());
    let headers = vec![("host".to_owned(), "kms.eu-west-1.aliyuncs.com".to_owned())];
    Made {
        bytes: request_bytes(&target, &headers, b"", false),
        signed: true,
        aws_authentic: false,
        huawei_authentic: false,
    }
}

/// A Huawei request: an endpoint's valid body as is or changed, signed
/// with `SDK-HMAC-SHA256` by the fixture's credential, or (one input in
/// two) with a signature from the input.
fn huawei(fixture: &Fixture, mut input: Input<'_>) -> Made {
    let (aes, ecc) = (&fixture.aes, &fixture.ecc);
    let actions: Vec<(&str, Value)> = vec![
        (
            "create-key",
            json!({"key_alias": "fuzz", "key_spec": "AES_256"}),
        ),
        ("describe-key", json!({"key_id": aes})),
        ("list-keys", json!({"limit": "10"})),
        (
            "encrypt-data",
            json!({"key_id": aes, "plain_text": "hello"}),
        ),
        ("decrypt-data", json!({"cipher_text": fixture.blob})),
        (
            "create-datakey",
            json!({"key_id": aes, "datakey_length": "256"}),
        ),
        (
            "sign",
            json!({"key_id": ecc, "message": BASE64.encode(MESSAGE),
                   "signing_algorithm": "ECDSA_SHA_256", "message_type": "RAW"}),
        ),
        ("gen-random", json!({"random_data_length": "256"})),
        ("create-alias", json!({"key_id": aes, "alias": "alias/hw"})),
        ("enable-key", json!({"key_id": aes})),
        ("disable-key", json!({"key_id": ecc})),
        (
            "schedule-key-deletion",
            json!({"key_id": aes, "pending_days": "7"}),
        ),
        ("cancel-key-deletion", json!({"key_id": aes})),
        (
            "update-key-alias",
            json!({"key_id": aes, "key_alias": "renamed"}),
        ),
        (
            "update-key-description",
            json!({"key_id": aes, "key_description": "fuzz"}),
        ),
        ("list-aliases", json!({"key_id": aes, "limit": "10"})),
        (
            "batch-tags",
            json!({"key_id": aes, "action": "create",
                   "tags": [{"key": "k", "value": "v"}]}),
        ),
        (
            "encrypt-datakey",
            json!({"key_id": aes, "plain_text": "00".repeat(64),
                   "datakey_plain_length": "32"}),
        ),
        (
            "decrypt-datakey",
            json!({"key_id": aes, "cipher_text": "00", "datakey_cipher_length": "32"}),
        ),
        (
            "verify",
            json!({"key_id": ecc, "message": BASE64.encode(MESSAGE),
                   "signature": fixture.signature, "signing_algorithm": "ECDSA_SHA_256",
                   "message_type": "RAW"}),
        ),
        ("get-publickey", json!({"key_id": ecc})),
        (
            "generate-mac",
            json!({"key_id": fixture.hmac, "mac_algorithm": "HMAC_SHA_256",
                   "message": BASE64.encode(MESSAGE)}),
        ),
        ("enable-key-rotation", json!({"key_id": aes})),
        ("get-key-rotation-status", json!({"key_id": aes})),
        (
            "get-parameters-for-import",
            json!({"key_id": fixture.external, "wrapping_algorithm": "SM2_ENCRYPT"}),
        ),
        (
            "create-ec-datakey-pair",
            json!({"key_id": aes, "key_spec": "ECC_NIST_P256", "with_plain_text": true}),
        ),
    ];
    let (name, template) = &actions[usize::from(input.byte()) % actions.len()];
    let flags = input.byte();
    let forged = (flags & 0x10 != 0).then(|| String::from_utf8_lossy(input.part()).into_owned());
    let body = body_of(flags, template.to_string().as_bytes(), input);
    let endpoint = huawei::Endpoint::named(name).expect("a Huawei endpoint");
    let path = endpoint
        .path_for(&[("project_id", ACCOUNT)])
        .unwrap_or_else(|| format!("/v1.0/{ACCOUNT}/kms/{name}"));
    let signed = huawei::Request::new(endpoint.method, "kms.eu-west-1.myhuaweicloud.com", &path)
        .project_id(ACCOUNT)
        .json_body(body)
        .sign(&huawei::AccessKey::new(AKID, SECRET), SystemTime::now());
    let mut headers = signed.headers.clone();
    if let Some(signature) = &forged {
        let authorization = format!(
            "SDK-HMAC-SHA256 Access={AKID}, SignedHeaders=host;x-sdk-date, Signature={signature}"
        );
        headers.retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
        headers.push(("authorization".into(), authorization));
    }
    let target = signed.uri();
    let mut bytes = format!("{} {target} HTTP/1.1\r\n", endpoint.method).into_bytes();
    let rest = request_bytes("/", &headers, &signed.body, false);
    let after_line = rest.iter().position(|&b| b == b'\n').map_or(0, |at| at + 1);
    bytes.extend_from_slice(&rest[after_line..]);
    Made {
        bytes,
        signed: forged.is_none(),
        aws_authentic: false,
        huawei_authentic: forged.is_none(),
    }
}

/// One side of a connection: reads the input, then its end; keeps what
/// the server writes, up to [`MAX_ANSWER_BYTES`].
struct Wire {
    input: Vec<u8>,
    read: usize,
    /// Shared, so what was written before hyper gave up is kept.
    output: Rc<RefCell<Vec<u8>>>,
}

impl Read for Wire {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        mut buf: ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = buf.remaining().min(self.input.len() - self.read);
        let at = self.read;
        buf.put_slice(&self.input[at..at + n]);
        self.read += n;
        Poll::Ready(Ok(()))
    }
}

impl Write for Wire {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let mut output = self.output.borrow_mut();
        assert!(
            output.len() + buf.len() <= MAX_ANSWER_BYTES,
            "the server answered over {MAX_ANSWER_BYTES} bytes"
        );
        output.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Serves `bytes` as one connection: what the server wrote back.
fn serve(server: &Server, bytes: Vec<u8>) -> Vec<u8> {
    let options = &*OPTIONS;
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .max_headers(options.max_headers)
        .max_buf_size(options.max_header_bytes)
        // The input ends where a client would wait for its answers.
        .half_close(true)
        .keep_alive(true);
    let output = Rc::new(RefCell::new(Vec::new()));
    let wire = Wire {
        input: bytes,
        read: 0,
        output: output.clone(),
    };
    let service = TowerToHyperService::new(server.service());
    let connection = http.serve_connection(wire, service);
    // Nothing in an exchange waits on a timer: the input's end is read at
    // once, so a wait this long is a hang. A connection that ends in an
    // error (a malformed request) may have been answered first.
    let served =
        RUNTIME.block_on(async { tokio::time::timeout(Duration::from_secs(30), connection).await });
    assert!(served.is_ok(), "the exchange hung");
    output.take()
}

/// One answer read off the wire.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// The answers in `output`, in order (each framed by `Content-Length`, as
/// the server and hyper frame them).
fn answers(mut output: &[u8]) -> Vec<Answer> {
    let mut answers = Vec::new();
    while !output.is_empty() {
        let end = output
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("an answer without an end of head: {output:?}"));
        let head = std::str::from_utf8(&output[..end]).expect("an ASCII head");
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status: u16 = status_line
            .strip_prefix("HTTP/1.1 ")
            // An HTTP/1.0 request is answered in HTTP/1.0.
            .or_else(|| status_line.strip_prefix("HTTP/1.0 "))
            .and_then(|s| s.get(..3))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a bad status line {status_line:?}"));
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let length = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .map_or(0, |(_, v)| v.parse::<usize>().expect("a length"));
        let start = end + 4;
        assert!(start + length <= output.len(), "a truncated answer");
        answers.push(Answer {
            status,
            headers,
            body: output[start..start + length].to_vec(),
        });
        output = &output[start + length..];
    }
    answers
}

/// The error code of a protocol error body, in whichever vendor's shape
/// (Huawei's KMS nests it under `error`, its gateway does not).
fn error_code(body: &Value) -> Option<&str> {
    let huawei = body.get("error").and_then(|e| e.get("error_code"));
    ["__type", "Code", "error_code"]
        .iter()
        .find_map(|field| body.get(field))
        .or(huawei)
        .and_then(Value::as_str)
}

/// The AWS front's refusals of a signature.
const SIGNATURE_REFUSALS: &[&str] = &[
    "IncompleteSignatureException",
    "InvalidSignatureException",
    "MissingAuthenticationTokenException",
    "UnrecognizedClientException",
];

fn check(made: &Made, output: &[u8]) {
    for answer in answers(output) {
        let status = answer.status;
        if answer.body.is_empty() {
            // hyper's own refusal of what is not a request it can read.
            assert!(
                matches!(status, 400 | 408 | 413 | 414 | 431 | 501 | 505),
                "an empty answer {status}"
            );
            continue;
        }
        assert!(
            status < 500,
            "answered {status}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        let json: Value = serde_json::from_slice(&answer.body).unwrap_or_else(|e| {
            panic!(
                "{e}: a body that is not JSON: {}",
                String::from_utf8_lossy(&answer.body)
            )
        });
        assert!(json.is_object(), "a body that is not a JSON object: {json}");
        if (200..300).contains(&status) {
            assert!(made.signed, "an unsigned request succeeded: {json}");
            continue;
        }
        assert!(status >= 400, "answered {status}: {json}");
        let code = error_code(&json).unwrap_or_else(|| panic!("an error without a code: {json}"));
        if made.aws_authentic {
            assert!(
                !SIGNATURE_REFUSALS.contains(&code),
                "a validly signed request refused: {json}"
            );
            let id = answer.headers.iter().find(|(k, _)| k == "x-amzn-requestid");
            assert!(id.is_some(), "an AWS answer without a request id");
        }
        if made.huawei_authentic {
            assert_ne!(
                code, "APIG.0301",
                "a validly signed request refused: {json}"
            );
            let id = answer.headers.iter().find(|(k, _)| k == "x-request-id");
            assert!(id.is_some(), "a Huawei answer without a request id");
        }
    }
}

/// The check of the `server_http` target.
pub fn server_http(data: &[u8]) {
    let mut input = Input(data);
    let mode = input.byte();
    let fixture = Fixture::new();
    let made = match mode % 8 {
        0 | 1 => Made {
            bytes: input.rest().to_vec(),
            signed: false,
            aws_authentic: false,
            huawei_authentic: false,
        },
        2..=4 => aws(&fixture, input),
        5 => alibaba_v3(&fixture, input),
        6 => alibaba_v1(&fixture, input),
        _ => huawei(&fixture, input),
    };
    if made.bytes.windows(3).any(|w| w == b"RSA") {
        // RSA key generation (an RSA key spec, key pair spec or wrapping
        // key spec) takes a tenth of a second to seconds per key, more in
        // an instrumented build: a few such inputs would take all the
        // fuzzer's time. Other tests generate RSA keys through the server.
        return;
    }
    let output = serve(&fixture.server, made.bytes.clone());
    check(&made, &output);
}
