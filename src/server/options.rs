//! The limits a server serves under.

use std::time::Duration;

/// The limits a server serves under. The defaults suit a server on
/// loopback or a private network.
///
/// ```
/// use std::time::Duration;
/// use polykms::server::ServerOptions;
///
/// let options = ServerOptions::default()
///     .max_connections(256)
///     .header_read_timeout(Duration::from_secs(5));
/// assert_eq!(options.max_body_bytes, 64 * 1024);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerOptions {
    /// The largest request body accepted (default 64 KiB; the largest valid
    /// KMS request, an RSA-4096 private key to import, is under 8 KiB).
    pub max_body_bytes: usize,
    /// How long a client may take to send a request's headers, and a TLS
    /// handshake (default 10 s).
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request's body once its headers
    /// are in (default 10 s); a slower one is answered `408` and the
    /// connection's slot is freed.
    pub body_read_timeout: Duration,
    /// How many connections are served at once (default 1024); further
    /// connections wait in the listen backlog until one closes.
    pub max_connections: usize,
    /// How far a request's signing date may be from the server's clock
    /// (default 15 minutes, as AWS).
    pub max_clock_skew: Duration,
    /// How long a shutdown waits for in-flight requests (default 30 s).
    pub shutdown_grace: Duration,
    /// The most header fields a request may have (default 64; a signed
    /// request of any SDK has about ten). A request with more is answered
    /// `431` and its connection closed.
    pub max_headers: usize,
    /// The most bytes a request's line and headers may take (default
    /// 64 KiB, at least 8 KiB; a signed request of any SDK takes under
    /// 2 KiB, and an Alibaba request with its parameters in the query under
    /// 16 KiB). A longer head is answered `431` and its connection closed;
    /// this is also the most the server reads ahead of a body.
    pub max_header_bytes: usize,
    /// How long the answer to a request refused for its credentials (a
    /// bad signature, an unknown access key, a date out of the window, a
    /// reused nonce) is held back (default 100 ms); its connection is then
    /// closed. A client with good credentials never meets it; a flood of
    /// badly signed requests is slowed to one per connection per delay,
    /// each on a new connection, so that it barely slows authenticated
    /// clients (see BENCHMARKS.md).
    pub refusal_delay: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            max_body_bytes: 64 * 1024,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            max_connections: 1024,
            max_clock_skew: Duration::from_secs(15 * 60),
            shutdown_grace: Duration::from_secs(30),
            max_headers: 64,
            max_header_bytes: 64 * 1024,
            refusal_delay: Duration::from_millis(100),
        }
    }
}

impl ServerOptions {
    /// Sets the largest request body accepted.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Sets the header read (and TLS handshake) timeout.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets the body read timeout.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// Sets how many connections are served at once.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }

    /// Sets how far a signing date may be from the server's clock.
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// Sets how long a shutdown waits for in-flight requests.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// Sets the most header fields a request may have.
    pub fn max_headers(mut self, headers: usize) -> Self {
        self.max_headers = headers.max(1);
        self
    }

    /// Sets how long the answer to a request refused for its credentials
    /// is held back before its connection closes.
    pub fn refusal_delay(mut self, delay: Duration) -> Self {
        self.refusal_delay = delay;
        self
    }

    /// Sets the most bytes a request's line and headers may take (at least
    /// 8 KiB, the smallest buffer the HTTP parser works with).
    pub fn max_header_bytes(mut self, bytes: usize) -> Self {
        self.max_header_bytes = bytes.max(MIN_HEADER_BYTES);
        self
    }
}

/// The smallest [`ServerOptions::max_header_bytes`]: the HTTP parser's
/// first read buffer.
const MIN_HEADER_BYTES: usize = 8 * 1024;
