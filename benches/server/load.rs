//! The load generator: the operations measured, SigV4-signed JSON 1.1
//! requests over hyper 1 connections, and the cells (server, operation,
//! connections) it measures.

use std::net::SocketAddr;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

use crate::{AKID, REGION, SECRET};

/// How long one request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// An operation measured.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Encrypt,
    Sign,
    GenerateDataKey,
}

/// Every operation measured, in the report's order.
pub const OPS: [Op; 3] = [Op::Encrypt, Op::Sign, Op::GenerateDataKey];

impl Op {
    pub fn target(self) -> &'static str {
        match self {
            Op::Encrypt => "TrentService.Encrypt",
            Op::Sign => "TrentService.Sign",
            Op::GenerateDataKey => "TrentService.GenerateDataKey",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Op::Encrypt => "Encrypt",
            Op::Sign => "Sign",
            Op::GenerateDataKey => "GenerateDataKey",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Op::Encrypt => "Encrypt (4 KiB plaintext, SYMMETRIC_DEFAULT key)",
            Op::Sign => "Sign (ECC_NIST_P256, ECDSA_SHA_256, 32-byte RAW message)",
            Op::GenerateDataKey => "GenerateDataKey (AES_256, SYMMETRIC_DEFAULT key)",
        }
    }

    /// The field every successful response has.
    fn response_field(self) -> &'static str {
        match self {
            Op::Encrypt => "CiphertextBlob",
            Op::Sign => "Signature",
            Op::GenerateDataKey => "Plaintext",
        }
    }
}

pub fn plaintext() -> Vec<u8> {
    (0..4096u32).map(|i| (i * 7 + 3) as u8).collect()
}

pub fn message() -> Vec<u8> {
    (0..32u8).map(|i| i.wrapping_mul(13)).collect()
}

/// The keys an operation uses on one server.
pub struct Keys {
    pub symmetric: String,
    pub p256: String,
}

impl Keys {
    fn body(&self, op: Op) -> Bytes {
        let body = match op {
            Op::Encrypt => json!({"KeyId": self.symmetric, "Plaintext": B64.encode(plaintext())}),
            Op::Sign => json!({
                "KeyId": self.p256,
                "Message": B64.encode(message()),
                "MessageType": "RAW",
                "SigningAlgorithm": "ECDSA_SHA_256",
            }),
            Op::GenerateDataKey => json!({"KeyId": self.symmetric, "KeySpec": "AES_256"}),
        };
        Bytes::from(serde_json::to_vec(&body).unwrap())
    }
}

// ---------------------------------------------------------------------------
// The client: SigV4-signed JSON 1.1 requests over hyper 1 connections

/// One HTTP/1.1 connection's request sender.
type Sender = http1::SendRequest<Full<Bytes>>;

/// A server to send requests to.
#[derive(Clone)]
pub struct Endpoint {
    addr: SocketAddr,
    host: String,
    uri: String,
    identity: Arc<Identity>,
}

impl Endpoint {
    pub fn new(addr: SocketAddr) -> Self {
        let identity: Identity = Credentials::new(AKID, SECRET, None, None, "bench").into();
        Self {
            addr,
            host: addr.to_string(),
            uri: format!("http://{addr}/"),
            identity: Arc::new(identity),
        }
    }

    /// A request as the SDKs send it, signed now.
    pub fn request(&self, target: &str, body: &Bytes) -> http::Request<Full<Bytes>> {
        let mut request = http::Request::builder()
            .method("POST")
            .uri("/")
            .header("host", &self.host)
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", target)
            .header("content-length", body.len())
            .header("user-agent", "polykms-bench/0.1")
            .header("amz-sdk-invocation-id", uuid::Uuid::new_v4().to_string())
            .header("amz-sdk-request", "attempt=1; max=3")
            .body(Full::new(body.clone()))
            .unwrap();
        let params = v4::SigningParams::builder()
            .identity(&self.identity)
            .region(REGION)
            .name("kms")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.to_str().unwrap()));
        let signable =
            SignableRequest::new("POST", &self.uri, headers, SignableBody::Bytes(body)).unwrap();
        let (instructions, _) = sign(signable, &params).unwrap().into_parts();
        instructions.apply_to_request_http1x(&mut request);
        request
    }

    async fn connect(&self) -> Result<Sender, String> {
        let stream = tokio::net::TcpStream::connect(self.addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(sender)
    }

    /// Sends one request; the status and body.
    async fn send(
        sender: &mut Sender,
        request: http::Request<Full<Bytes>>,
    ) -> Result<(u16, Bytes), String> {
        sender
            .ready()
            .await
            .map_err(|e| format!("connection: {e}"))?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| format!("request: {e}"))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        Ok((status, body))
    }

    /// One call on a fresh connection, its JSON answer (for setup).
    pub async fn call(&self, target: &str, body: Value) -> Result<Value, String> {
        let body = Bytes::from(serde_json::to_vec(&body).unwrap());
        let mut sender = self.connect().await?;
        let (status, answer) = Self::send(&mut sender, self.request(target, &body)).await?;
        let text = String::from_utf8_lossy(&answer);
        if status != 200 {
            return Err(format!("{target}: HTTP {status}: {text}"));
        }
        serde_json::from_slice(&answer).map_err(|e| format!("{target}: {e}: {text}"))
    }

    async fn create_keys(&self) -> Result<Keys, String> {
        let mut ids = Vec::new();
        for (spec, usage) in [
            ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"),
            ("ECC_NIST_P256", "SIGN_VERIFY"),
        ] {
            let answer = self
                .call(
                    "TrentService.CreateKey",
                    json!({"KeySpec": spec, "KeyUsage": usage, "Description": "bench"}),
                )
                .await?;
            let id = answer["KeyMetadata"]["KeyId"]
                .as_str()
                .ok_or_else(|| format!("CreateKey answered {answer}"))?;
            ids.push(id.to_owned());
        }
        let p256 = ids.pop().unwrap();
        let symmetric = ids.pop().unwrap();
        Ok(Keys { symmetric, p256 })
    }

    /// Checks that `op` succeeds and answers what it should.
    async fn check(&self, keys: &Keys, op: Op) -> Result<(), String> {
        let body: Value = serde_json::from_slice(&keys.body(op)).unwrap();
        let answer = self.call(op.target(), body).await?;
        match answer[op.response_field()].as_str() {
            Some(b64) if B64.decode(b64).is_ok_and(|b| !b.is_empty()) => Ok(()),
            _ => Err(format!("{} answered {answer}", op.name())),
        }
    }
}

/// A server the load generator measures, with the keys made on it.
pub struct Target {
    pub endpoint: Endpoint,
    pub keys: Keys,
}

impl Target {
    /// Makes the keys on `endpoint`'s server and checks that every
    /// operation succeeds there.
    pub async fn prepare(endpoint: Endpoint) -> Result<Self, String> {
        let keys = endpoint.create_keys().await?;
        for op in OPS {
            endpoint.check(&keys, op).await?;
        }
        Ok(Self { endpoint, keys })
    }
}

/// What one cell (server, operation, connections) measured.
#[derive(Default)]
pub struct Cell {
    /// Latencies of the requests started and finished in the timed window.
    pub samples: Vec<u64>,
    pub seconds: f64,
    pub errors: u64,
    pub reconnects: u64,
    pub first_error: Option<String>,
    /// Cores used over the cell (warm-up included) by the server and by the
    /// load generator.
    pub server_cores: f64,
    pub client_cores: f64,
}

impl Cell {
    pub fn rps(&self) -> f64 {
        self.samples.len() as f64 / self.seconds
    }

    /// Nearest-rank percentile, in nanoseconds (samples sorted).
    pub fn percentile(&self, q: f64) -> Option<u64> {
        if self.samples.is_empty() {
            return None;
        }
        let rank = (q * self.samples.len() as f64).ceil() as usize;
        Some(self.samples[rank.clamp(1, self.samples.len()) - 1])
    }

    pub fn json(&self) -> Value {
        json!({
            "rps": self.rps(),
            "requests": self.samples.len(),
            "p50_us": self.percentile(0.50).map(|n| n as f64 / 1e3),
            "p99_us": self.percentile(0.99).map(|n| n as f64 / 1e3),
            "errors": self.errors,
            "reconnects": self.reconnects,
            "first_error": self.first_error,
            "server_cores": self.server_cores,
            "client_cores": self.client_cores,
        })
    }
}

/// `connections` connections to `target` sending `op` one request at a
/// time for `warmup` then `duration`; latencies of the timed window.
pub async fn run_cell(
    target: &Target,
    op: Op,
    connections: usize,
    warmup: Duration,
    duration: Duration,
) -> Cell {
    let body = target.keys.body(op);
    let begin = Instant::now() + warmup;
    let window = begin..begin + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let connection = Connection {
                endpoint: target.endpoint.clone(),
                op,
                body: body.clone(),
                window: window.clone(),
            };
            tokio::spawn(connection.run())
        })
        .collect();
    let mut total = Cell {
        seconds: duration.as_secs_f64(),
        ..Cell::default()
    };
    for task in tasks {
        let cell = task.await.unwrap();
        total.samples.extend(cell.samples);
        total.errors += cell.errors;
        total.reconnects += cell.reconnects;
        if total.first_error.is_none() {
            total.first_error = cell.first_error;
        }
    }
    total.samples.sort_unstable();
    total
}

/// One connection of a cell (reconnecting when it has to).
struct Connection {
    endpoint: Endpoint,
    op: Op,
    /// The request's body.
    body: Bytes,
    /// The timed window: warm-up before it, the end of the cell at its end.
    window: Range<Instant>,
}

impl Connection {
    /// Sends `op` one request at a time until the window ends; what it
    /// measured.
    async fn run(self) -> Cell {
        let mut cell = Cell::default();
        let mut sender: Option<Sender> = None;
        while Instant::now() < self.window.end {
            // A request that needs a new connection (the server closed
            // the last one) pays for connecting in its latency, as an
            // SDK's request would; signing is not counted.
            let started = Instant::now();
            if let Some(s) = sender.as_mut()
                && s.ready().await.is_err()
            {
                cell.reconnects += 1;
                sender = None;
            }
            let connected = match sender.as_mut() {
                Some(s) => s,
                None => match self.endpoint.connect().await {
                    Ok(s) => sender.insert(s),
                    Err(e) => {
                        cell.errors += 1;
                        cell.first_error.get_or_insert(e);
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                },
            };
            let connecting = started.elapsed();
            if !self
                .request(connected, started, connecting, &mut cell)
                .await
            {
                sender = None;
            }
            // A server that closes the connection after a response (no
            // keep-alive) costs a reconnection, counted as such.
            if sender.as_ref().is_some_and(|s| s.is_closed()) {
                cell.reconnects += 1;
                sender = None;
            }
        }
        cell
    }

    /// One request on `sender`, started at `started` (`connecting` of it
    /// spent connecting), recorded in `cell`: whether the connection is
    /// still usable.
    async fn request(
        &self,
        sender: &mut Sender,
        started: Instant,
        connecting: Duration,
        cell: &mut Cell,
    ) -> bool {
        let request = self.endpoint.request(self.op.target(), &self.body);
        let start = Instant::now();
        let sent = tokio::time::timeout(REQUEST_TIMEOUT, Endpoint::send(sender, request)).await;
        let finish = Instant::now();
        match sent {
            Ok(Ok((200, _))) => {
                if started >= self.window.start && finish <= self.window.end {
                    cell.samples
                        .push((finish - start + connecting).as_nanos() as u64);
                }
                true
            }
            Ok(Ok((status, answer))) => {
                cell.errors += 1;
                cell.first_error.get_or_insert_with(|| {
                    format!("HTTP {status}: {}", String::from_utf8_lossy(&answer))
                });
                true
            }
            Ok(Err(e)) => {
                cell.errors += 1;
                cell.reconnects += 1;
                cell.first_error.get_or_insert(e);
                false
            }
            Err(_) => {
                cell.errors += 1;
                cell.reconnects += 1;
                cell.first_error.get_or_insert("timeout".into());
                false
            }
        }
    }
}

/// Microseconds to sign one Encrypt request (4 KiB body) with SigV4.
pub fn signing_cost(target: &Target) -> f64 {
    let (endpoint, body) = (&target.endpoint, target.keys.body(Op::Encrypt));
    for _ in 0..200 {
        std::hint::black_box(endpoint.request(Op::Encrypt.target(), &body));
    }
    let n = 5_000;
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(endpoint.request(Op::Encrypt.target(), &body));
    }
    start.elapsed().as_secs_f64() * 1e6 / n as f64
}
