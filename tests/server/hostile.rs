//! Hostile clients at the HTTP level: a client that trickles its headers or
//! its body a byte at a time, a body announced or sent over the limit,
//! too many or too large headers, and more idle connections than the
//! connection limit. Every limit is short here, so the tests are quick.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use polykms::server::ServerOptions;

use crate::harness::{AKID_A, DataDir, InProcess, SECRET_A};
use crate::raw_http::{Conn, RawRequest, RawResponse, call};

fn list_keys(addr: SocketAddr) -> RawRequest {
    RawRequest::new(addr, "ListKeys", "{}").signed(AKID_A, SECRET_A)
}

/// Writes `bytes` to `stream` one at a time, `every` apart, on a thread of
/// its own, until all are sent, the connection fails or `stop` is set; the
/// thread answers how many were sent.
fn trickle(
    stream: &TcpStream,
    bytes: Vec<u8>,
    every: Duration,
    stop: &Arc<AtomicBool>,
) -> JoinHandle<usize> {
    let mut writer = stream.try_clone().unwrap();
    let stop = stop.clone();
    std::thread::spawn(move || {
        let mut sent = 0;
        for byte in bytes {
            if stop.load(Ordering::Relaxed) || writer.write_all(&[byte]).is_err() {
                break;
            }
            sent += 1;
            std::thread::sleep(every);
        }
        sent
    })
}

/// Waits until the server closes `stream` (end of stream or a reset),
/// accepting an answer of `status` before it; panics on anything else.
fn expect_closed(stream: &mut TcpStream, status: u16) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => panic!(
                "not closed: {e} (read so far {:?})",
                String::from_utf8_lossy(&answer)
            ),
        }
    }
    let text = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || text.starts_with(&format!("HTTP/1.1 {status} ")),
        "unexpected answer {text:?}"
    );
}

/// A client that keeps sending its headers, a byte every 20 ms, is cut off
/// once the header read timeout has passed since its first byte, not kept
/// for as long as it trickles.
#[test]
fn trickled_headers_are_cut_off_at_the_header_read_timeout() {
    let data = DataDir::new();
    let timeout = Duration::from_millis(400);
    let server =
        InProcess::start_with(&data, ServerOptions::default().header_read_timeout(timeout));
    let addr = server.addr;
    let request = list_keys(addr);
    // About 700 bytes: 14 s at this pace.
    let head = request.bytes();
    let mut stream = TcpStream::connect(addr).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let writer = trickle(&stream, head.clone(), Duration::from_millis(20), &stop);
    expect_closed(&mut stream, 408);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let sent = writer.join().unwrap();
    assert!(
        elapsed >= Duration::from_millis(350) && elapsed < Duration::from_secs(4),
        "cut off after {elapsed:?} (timeout {timeout:?})"
    );
    assert!(sent < head.len(), "the whole head was sent ({sent} bytes)");
    // A prompt client is served meanwhile and after.
    call(addr, &list_keys(addr)).ok();
}

/// A client that sends its headers, then its body a byte every 20 ms, is
/// answered `408 RequestTimeoutException` once the body read timeout has
/// passed, however steadily it sends.
#[test]
fn trickled_body_is_answered_408_at_the_body_read_timeout() {
    let data = DataDir::new();
    let timeout = Duration::from_millis(400);
    let options = ServerOptions::default()
        .body_read_timeout(timeout)
        .max_connections(1);
    let server = InProcess::start_with(&data, options);
    let addr = server.addr;
    let body = format!(r#"{{"Limit": 10{}}}"#, " ".repeat(200));
    let request = RawRequest::new(addr, "ListKeys", body.clone()).signed(AKID_A, SECRET_A);
    let mut conn = Conn::connect(addr);
    conn.stream
        .write_all(&request.head(request.body.len()))
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let writer = trickle(
        &conn.stream,
        body.into_bytes(),
        Duration::from_millis(20),
        &stop,
    );
    let answer = conn.read_response().unwrap();
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let sent = writer.join().unwrap();
    answer.assert_error(408, "RequestTimeoutException");
    assert!(
        elapsed >= Duration::from_millis(350) && elapsed < Duration::from_secs(4),
        "answered after {elapsed:?} (timeout {timeout:?})"
    );
    assert!(sent < request.body.len(), "the whole body was sent");
    drop(conn);
    // The only connection slot is free again.
    call(addr, &list_keys(addr)).ok();
}

/// A body announced over the limit (`Content-Length`) is refused from its
/// headers alone: `413` at once, not after the client has sent it nor
/// after the body read timeout, and the connection is closed with the body
/// unread.
#[test]
fn body_announced_over_the_limit_is_refused_before_it_is_sent() {
    let data = DataDir::new();
    let options = ServerOptions::default()
        .max_body_bytes(4096)
        .body_read_timeout(Duration::from_secs(30));
    let server = InProcess::start_with(&data, options);
    let addr = server.addr;
    for announced in [4097, 1 << 20, 1 << 40] {
        let request = list_keys(addr);
        let mut conn = Conn::connect(addr);
        conn.stream.write_all(&request.head(announced)).unwrap();
        let started = Instant::now();
        let answer = conn.read_response().unwrap();
        answer.assert_error(413, "RequestEntityTooLargeException");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "413 for {announced} bytes took {:?}",
            started.elapsed()
        );
        expect_closed(&mut conn.stream, 413);
    }
    // At the limit is read and answered for what it is.
    let mut at_limit = vec![b' '; 4096];
    at_limit[0] = b'{';
    at_limit[4095] = b'}';
    let request = RawRequest::new(addr, "ListKeys", at_limit).signed(AKID_A, SECRET_A);
    call(addr, &request).ok();
}

/// A chunked body that never ends is answered `413` once it passes the
/// limit, and the server stops reading: the client cannot make it buffer
/// more than the limit and its read buffer.
#[test]
fn endless_chunked_body_is_refused_at_the_limit() {
    let data = DataDir::new();
    let options = ServerOptions::default().max_body_bytes(16 * 1024);
    let server = InProcess::start_with(&data, options);
    let addr = server.addr;
    let request = list_keys(addr);
    let mut conn = Conn::connect(addr);
    let head = request.chunked(1);
    // The head alone: up to the first chunk.
    let head_end = head.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    conn.stream.write_all(&head[..head_end]).unwrap();
    let mut writer = conn.stream.try_clone().unwrap();
    let written = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let (w, s) = (written.clone(), stop.clone());
    let sender = std::thread::spawn(move || {
        let mut chunk = b"4000\r\n".to_vec();
        chunk.extend_from_slice(&[b' '; 0x4000]);
        chunk.extend_from_slice(b"\r\n");
        while !s.load(Ordering::Relaxed) && w.load(Ordering::Relaxed) < 1 << 30 {
            match writer.write(&chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    w.fetch_add(n, Ordering::Relaxed);
                }
            }
        }
    });
    let answer = conn.read_response().unwrap();
    answer.assert_error(413, "RequestEntityTooLargeException");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !sender.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let cut_off = sender.is_finished();
    stop.store(true, Ordering::Relaxed);
    let _ = conn.stream.shutdown(Shutdown::Both);
    sender.join().unwrap();
    let sent = written.load(Ordering::Relaxed);
    assert!(cut_off, "the server kept reading: {sent} bytes sent");
    // What the kernel's socket buffers hold on both sides, plus the limit.
    assert!(sent < 64 << 20, "{sent} bytes were read before closing");
}

/// The head of `request` with `extra` more header fields.
fn with_extra_headers(mut request: RawRequest, extra: usize) -> RawRequest {
    for i in 0..extra {
        request.headers.push((format!("x-extra-{i}"), "1".into()));
    }
    request
}

/// A request with more header fields than `max_headers` is answered `431`
/// and its connection closed; one with exactly that many is served.
#[test]
fn too_many_headers_are_refused() {
    let data = DataDir::new();
    let limit = 24;
    let server = InProcess::start_with(&data, ServerOptions::default().max_headers(limit));
    let addr = server.addr;
    let request = list_keys(addr);
    // The head carries the request's fields and Content-Length.
    let own = request.headers.len() + 1;
    let at_limit = with_extra_headers(request.clone(), limit - own);
    let mut conn = Conn::connect(addr);
    conn.call(&at_limit).ok();

    let over = with_extra_headers(request.clone(), limit - own + 1);
    let mut conn = Conn::connect(addr);
    let answer = conn.call(&over);
    assert_eq!(answer.status, 431, "{answer:?}");
    expect_closed(&mut conn.stream, 431);

    // The default limit holds too: a thousand fields are refused.
    drop(server);
    let server = InProcess::start(&data);
    let addr = server.addr;
    let flood = with_extra_headers(list_keys(addr), 1000);
    let mut conn = Conn::connect(addr);
    // The server may close before reading them all.
    let _ = conn.stream.write_all(&flood.bytes());
    let answer = conn.read_response().unwrap();
    assert_eq!(answer.status, 431, "{answer:?}");
}

/// A head over `max_header_bytes` is answered `431` and its connection
/// closed, and one that never ends is not read past the limit; a head
/// under the limit is served.
#[test]
fn oversized_headers_are_refused() {
    let data = DataDir::new();
    let limit = 16 * 1024;
    let options = ServerOptions::default()
        .max_header_bytes(limit)
        .header_read_timeout(Duration::from_secs(30));
    let server = InProcess::start_with(&data, options);
    let addr = server.addr;
    let padded = |bytes: usize| list_keys(addr).set_header("x-padding", &"p".repeat(bytes));
    call(addr, &padded(limit / 2)).ok();

    let mut conn = Conn::connect(addr);
    let _ = conn.stream.write_all(&padded(limit + 1).bytes());
    let answer = conn.read_response().unwrap();
    assert_eq!(answer.status, 431, "{answer:?}");
    expect_closed(&mut conn.stream, 431);

    // A header that never ends.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(format!("POST / HTTP/1.1\r\nhost: {addr}\r\nx-endless: ").as_bytes())
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let written = Arc::new(AtomicUsize::new(0));
    let w = written.clone();
    let sender = std::thread::spawn(move || {
        let chunk = [b'e'; 4096];
        while w.load(Ordering::Relaxed) < 1 << 30 {
            match writer.write(&chunk) {
                Ok(0) | Err(_) => return true,
                Ok(n) => {
                    w.fetch_add(n, Ordering::Relaxed);
                }
            }
        }
        false
    });
    expect_closed(&mut stream, 431);
    let _ = stream.shutdown(Shutdown::Both);
    assert!(sender.join().unwrap(), "the server kept reading");
    let sent = written.load(Ordering::Relaxed);
    assert!(sent < 64 << 20, "{sent} bytes were read before closing");
}

/// Reads one answer from `conn` if it comes within `wait`.
fn answer_within(conn: &mut Conn, wait: Duration) -> Option<RawResponse> {
    conn.stream.set_read_timeout(Some(wait)).unwrap();
    match conn.read_response() {
        Ok(answer) => Some(answer),
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => None,
        Err(e) => panic!("connection failed: {e}"),
    }
}

/// With `max_connections(4)`, four idle connections hold every slot: three
/// more connections, each with a request sent, are not served; each idle
/// connection that closes lets exactly one of them in.
#[test]
fn connection_cap_holds_against_idle_connections() {
    let data = DataDir::new();
    let cap = 4;
    let options = ServerOptions::default()
        .max_connections(cap)
        .header_read_timeout(Duration::from_secs(60));
    let server = InProcess::start_with(&data, options);
    let addr = server.addr;
    // Each served once, then idle (keep-alive): they hold their slots.
    let mut idle: Vec<Conn> = (0..cap)
        .map(|_| {
            let mut conn = Conn::connect(addr);
            conn.call(&list_keys(addr)).ok();
            conn
        })
        .collect();
    let mut waiting: Vec<Conn> = (0..3)
        .map(|_| {
            let mut conn = Conn::connect(addr);
            conn.send(&list_keys(addr));
            conn
        })
        .collect();
    for conn in &mut waiting {
        let answer = answer_within(conn, Duration::from_millis(300));
        assert!(answer.is_none(), "served over the cap: {answer:?}");
    }
    let mut served = 0;
    for round in 1..=waiting.len() {
        drop(idle.pop());
        // One slot: one of the waiting connections gets it.
        let deadline = Instant::now() + Duration::from_secs(10);
        while served < round && Instant::now() < deadline {
            for conn in waiting.iter_mut() {
                if let Some(answer) = answer_within(conn, Duration::from_millis(50)) {
                    answer.ok();
                    served += 1;
                }
            }
        }
        assert_eq!(served, round, "after {round} idle connections closed");
    }
    // Those let in are served on as any connection.
    for conn in &mut waiting {
        conn.call(&list_keys(addr)).ok();
    }
    idle[0].call(&list_keys(addr)).ok();
}

/// While eight connections flood the server with badly signed requests
/// (each refused `InvalidSignatureException` after the refusal delay, its
/// connection then closed, the flooder straight back on a new one), every
/// authenticated request is served.
#[test]
fn authenticated_requests_succeed_during_a_flood() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    let created = call(
        addr,
        &RawRequest::new(addr, "CreateKey", "{}").signed(AKID_A, SECRET_A),
    )
    .ok();
    let key = created["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();

    let stop = Arc::new(AtomicBool::new(false));
    let bad = RawRequest::new(addr, "ListKeys", "{}").signed(AKID_A, "not the secret");
    let flood: Vec<JoinHandle<usize>> = (0..8)
        .map(|_| {
            let (stop, bad) = (stop.clone(), bad.clone());
            std::thread::spawn(move || {
                let mut refused = 0;
                while !stop.load(Ordering::Relaxed) {
                    let mut conn = Conn::connect(addr);
                    let answer = conn.call(&bad);
                    answer.assert_error(400, "InvalidSignatureException");
                    assert_eq!(answer.header("connection"), Some("close"));
                    refused += 1;
                }
                refused
            })
        })
        .collect();
    let clients: Vec<JoinHandle<usize>> = (0..2)
        .map(|_| {
            let key = key.clone();
            std::thread::spawn(move || {
                let mut conn = Conn::connect(addr);
                let body = serde_json::json!({"KeyId": key, "Plaintext": "aGVsbG8="}).to_string();
                for _ in 0..100 {
                    let request =
                        RawRequest::new(addr, "Encrypt", body.clone()).signed(AKID_A, SECRET_A);
                    conn.call(&request).ok();
                }
                100
            })
        })
        .collect();
    let served: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();
    stop.store(true, Ordering::Relaxed);
    let refused: usize = flood.into_iter().map(|f| f.join().unwrap()).sum();
    assert_eq!(served, 200);
    assert!(refused >= 8, "the flood hardly ran: {refused} requests");
}

/// A request refused for its credentials is answered after the refusal
/// delay, on a connection the server then closes; one with good credentials
/// is answered at once on a connection that stays open. A second
/// `Authorization` or `X-Amz-Date` header, added after signing, is refused.
#[test]
fn refusals_are_held_back_and_close_the_connection() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    let mut conn = Conn::connect(addr);
    let good = RawRequest::new(addr, "ListKeys", "{}").signed(AKID_A, SECRET_A);
    let started = Instant::now();
    let answer = conn.call(&good);
    assert_ne!(answer.header("connection"), Some("close"));
    answer.ok();
    assert!(started.elapsed() < Duration::from_millis(100));

    let bad = RawRequest::new(addr, "ListKeys", "{}").signed(AKID_A, "not the secret");
    let started = Instant::now();
    let answer = conn.call(&bad);
    answer.assert_error(400, "InvalidSignatureException");
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert_eq!(answer.header("connection"), Some("close"));
    assert!(conn.read_response().is_err(), "the connection was closed");

    for name in ["Authorization", "X-Amz-Date"] {
        let mut doubled = RawRequest::new(addr, "ListKeys", "{}").signed(AKID_A, SECRET_A);
        let value = doubled.header(name).unwrap().to_owned();
        doubled.headers.push((name.to_owned(), value));
        call(addr, &doubled).assert_error(400, "IncompleteSignatureException");
    }
}
