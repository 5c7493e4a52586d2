//! Raw HTTP/1.1 on `TcpStream` for the HTTP-level tests: requests built
//! header by header and signed with `aws-sigv4` (then tampered with, at
//! will), and responses read off the wire as they come.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use serde_json::Value;

use crate::harness::REGION;

pub const JSON_11: &str = "application/x-amz-json-1.1";

/// A request about to be sent: its headers (in order) and body. The
/// request line is always `POST / HTTP/1.1`.
#[derive(Clone, Debug)]
pub struct RawRequest {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawRequest {
    /// An unsigned `TrentService.<operation>` request to `addr`.
    pub fn new(addr: SocketAddr, operation: &str, body: impl Into<Vec<u8>>) -> Self {
        Self::target(addr, &format!("TrentService.{operation}"), body)
    }

    /// An unsigned request with this exact `X-Amz-Target`.
    pub fn target(addr: SocketAddr, target: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            headers: vec![
                ("host".into(), addr.to_string()),
                ("content-type".into(), JSON_11.into()),
                ("x-amz-target".into(), target.into()),
            ],
            body: body.into(),
        }
    }

    /// Signs the request as it is now (adding `x-amz-date` and
    /// `authorization`), for `kms` in `region`, at `time`.
    pub fn signed_at(mut self, akid: &str, secret: &str, region: &str, time: SystemTime) -> Self {
        let identity: Identity = Credentials::new(akid, secret, None, None, "test").into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name("kms")
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let signable = SignableRequest::new(
            "POST",
            "/",
            self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            SignableBody::Bytes(&self.body),
        )
        .unwrap();
        let (instructions, _signature) = sign(signable, &params).unwrap().into_parts();
        let added: Vec<(String, String)> = instructions
            .headers()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
            .collect();
        self.headers.extend(added);
        self
    }

    /// Signed now, in the server's region.
    pub fn signed(self, akid: &str, secret: &str) -> Self {
        self.signed_at(akid, secret, REGION, SystemTime::now())
    }

    /// Sets header `name` (replacing any), after signing: tampering.
    pub fn set_header(mut self, name: &str, value: &str) -> Self {
        self.remove_header(name);
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Removes header `name`.
    pub fn without_header(mut self, name: &str) -> Self {
        self.remove_header(name);
        self
    }

    fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The request line and headers (with `Content-Length` for the body).
    pub fn head(&self, content_length: usize) -> Vec<u8> {
        self.head_framed(&format!("content-length: {content_length}\r\n"))
    }

    /// The request line and headers, then `framing` (the body's framing
    /// header lines, each ending in CRLF) and the blank line.
    fn head_framed(&self, framing: &str) -> Vec<u8> {
        let mut head = String::from("POST / HTTP/1.1\r\n");
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(framing);
        head.push_str("\r\n");
        head.into_bytes()
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut bytes = self.head(self.body.len());
        bytes.extend_from_slice(&self.body);
        bytes
    }

    /// The request with its body sent `Transfer-Encoding: chunked`, in
    /// chunks of `chunk` bytes (the last one shorter).
    pub fn chunked(&self, chunk: usize) -> Vec<u8> {
        let mut bytes = self.head_framed("transfer-encoding: chunked\r\n");
        for chunk in self.body.chunks(chunk) {
            bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            bytes.extend_from_slice(chunk);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"0\r\n\r\n");
        bytes
    }
}

/// The value of header `name` (any case) in `headers`.
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A response as read off the wire.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// Asserts the status (the body in the message if it differs).
    pub fn assert_status(&self, status: u16) {
        let body = String::from_utf8_lossy(&self.body);
        assert_eq!(self.status, status, "{body}");
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{e}: response {} body {:?}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// Every answer of the AWS front carries a request id and the JSON 1.1
    /// content type.
    pub fn assert_aws_headers(&self) {
        let id = self.header("x-amzn-requestid");
        assert!(
            id.is_some_and(|id| !id.is_empty()),
            "no x-amzn-RequestId: {self:?}"
        );
        assert_eq!(self.header("content-type"), Some(JSON_11), "{self:?}");
    }

    /// A 200 with a JSON body.
    pub fn ok(self) -> Value {
        self.assert_status(200);
        self.assert_aws_headers();
        self.json()
    }

    /// An AWS error answer: the status, the headers and `__type`.
    pub fn assert_error(&self, status: u16, error_type: &str) {
        if let Err(problem) = self.check_error(status, error_type) {
            panic!("{problem}");
        }
    }

    /// As [`assert_error`](Self::assert_error), as a result.
    pub fn check_error(&self, status: u16, error_type: &str) -> Result<(), String> {
        let body = String::from_utf8_lossy(&self.body);
        let json: Option<Value> = serde_json::from_slice(&self.body).ok();
        let found = json.as_ref().and_then(|j| j["__type"].as_str());
        let has_message = json.as_ref().is_some_and(|j| j["message"].is_string());
        let id = self.header("x-amzn-requestid").unwrap_or_default();
        let content_type = self.header("content-type");
        if self.status != status
            || found != Some(error_type)
            || !has_message
            || id.is_empty()
            || content_type != Some(JSON_11)
        {
            return Err(format!(
                "expected {status} {error_type} with a message, x-amzn-RequestId and \
                 Content-Type {JSON_11}; got {} {body} (x-amzn-RequestId {id:?}, \
                 Content-Type {content_type:?})",
                self.status
            ));
        }
        Ok(())
    }
}

/// One HTTP/1.1 connection (keep-alive).
pub struct Conn {
    pub stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    pub fn connect(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        Self {
            stream,
            buf: Vec::new(),
        }
    }

    pub fn send(&mut self, request: &RawRequest) {
        self.stream.write_all(&request.bytes()).unwrap();
    }

    pub fn call(&mut self, request: &RawRequest) -> RawResponse {
        self.send(request);
        self.read_response().unwrap()
    }

    /// Reads one response (`Content-Length` framed, as the server answers).
    pub fn read_response(&mut self) -> std::io::Result<RawResponse> {
        let head_end = loop {
            if let Some(at) = find(&self.buf, b"\r\n\r\n") {
                break at + 4;
            }
            self.fill()?;
        };
        let head = String::from_utf8(self.buf[..head_end].to_vec()).unwrap();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
        let headers: Vec<(String, String)> = lines
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (k, v) = l.split_once(':').unwrap();
                (k.trim().to_ascii_lowercase(), v.trim().to_owned())
            })
            .collect();
        let length: usize = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .map_or(0, |(_, v)| v.parse().unwrap());
        while self.buf.len() < head_end + length {
            self.fill()?;
        }
        let body = self.buf[head_end..head_end + length].to_vec();
        self.buf.drain(..head_end + length);
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    fn fill(&mut self) -> std::io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::Error::new(
                ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Sends one request on a fresh connection.
pub fn call(addr: SocketAddr, request: &RawRequest) -> RawResponse {
    Conn::connect(addr).call(request)
}
