//! The server at the HTTP level, through raw HTTP/1.1 on `TcpStream`
//! (`raw_http.rs`):
//! SigV4 refusals (signed with `aws-sigv4`, then tampered with), protocol
//! errors, the body limit, the header read timeout, the connection limit,
//! graceful shutdown, account isolation and `allow_any_credentials`.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use polykms::server::{Accounts, Server, ServerOptions};
use polykms::{KeyManager, KeyManagerExt};
use serde_json::{Value, json};

use crate::harness::{
    ACCOUNT_A, ACCOUNT_B, AKID_A, AKID_B, DataDir, InProcess, REGION, SECRET_A, SECRET_B,
};
use crate::raw_http::{Conn, RawRequest, RawResponse, call};

/// A signed call of account A.
fn call_a(addr: SocketAddr, operation: &str, body: Value) -> RawResponse {
    call(
        addr,
        &RawRequest::new(addr, operation, body.to_string()).signed(AKID_A, SECRET_A),
    )
}

/// A signed call of account B.
fn call_b(addr: SocketAddr, operation: &str, body: Value) -> RawResponse {
    call(
        addr,
        &RawRequest::new(addr, operation, body.to_string()).signed(AKID_B, SECRET_B),
    )
}

fn list_keys(addr: SocketAddr) -> RawRequest {
    RawRequest::new(addr, "ListKeys", "{}")
}

/// The `KeyId` in the `KeyMetadata` of an answer.
fn key_id_of(answer: &Value) -> String {
    answer["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned()
}

/// The baseline: a correctly signed request works, so the refusals below
/// are about the tampering alone.
#[test]
fn signed_request_is_answered() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let body = call(
        server.addr,
        &list_keys(server.addr).signed(AKID_A, SECRET_A),
    )
    .ok();
    assert_eq!(body["Keys"], json!([]), "{body}");
    let created = call_a(server.addr, "CreateKey", json!({"Description": "raw"})).ok();
    assert_eq!(created["KeyMetadata"]["AWSAccountId"], ACCOUNT_A);
    assert_eq!(created["KeyMetadata"]["KeyState"], "Enabled");
}

/// A refusal case: its name, the request, the `__type` expected.
type Refusal = (&'static str, RawRequest, &'static str);

/// Requests signed wrongly: with the wrong secret or key, at the wrong
/// time, for the wrong region.
fn wrongly_signed(addr: SocketAddr) -> Vec<Refusal> {
    let now = SystemTime::now();
    let minutes_20 = Duration::from_secs(20 * 60);
    let at = |time| list_keys(addr).signed_at(AKID_A, SECRET_A, REGION, time);
    let invalid = "InvalidSignatureException";
    vec![
        (
            "wrong secret",
            list_keys(addr).signed(AKID_A, "not the secret"),
            invalid,
        ),
        (
            "secret of another account",
            list_keys(addr).signed(AKID_A, SECRET_B),
            invalid,
        ),
        (
            "unknown access key",
            list_keys(addr).signed("AKIDNOBODY", SECRET_A),
            "UnrecognizedClientException",
        ),
        ("signed 20 minutes ago", at(now - minutes_20), invalid),
        ("signed 20 minutes ahead", at(now + minutes_20), invalid),
        (
            "signed for another region",
            list_keys(addr).signed_at(AKID_A, SECRET_A, "us-east-1", now),
            invalid,
        ),
    ]
}

/// Rightly signed requests tampered with after signing, or never signed.
fn tampered_with(addr: SocketAddr) -> Vec<Refusal> {
    let good = || list_keys(addr).signed(AKID_A, SECRET_A);
    let invalid = "InvalidSignatureException";
    let changed_body = RawRequest {
        body: br#"{"Limit":1}"#.to_vec(),
        ..good()
    };
    vec![
        ("body changed after signing", changed_body, invalid),
        (
            "signed header changed after signing",
            good().set_header("x-amz-target", "TrentService.ListAliases"),
            invalid,
        ),
        (
            "signed content-type changed after signing",
            good().set_header("content-type", "application/x-amz-json-1.0"),
            invalid,
        ),
        (
            "x-amz-date changed after signing",
            one_second_off(good()),
            invalid,
        ),
        (
            "missing x-amz-date",
            good().without_header("x-amz-date"),
            "IncompleteSignatureException",
        ),
        (
            "authorization without a signature",
            without_signature(good()),
            "IncompleteSignatureException",
        ),
        (
            "missing authorization",
            good().without_header("authorization"),
            "MissingAuthenticationTokenException",
        ),
        (
            "never signed",
            list_keys(addr),
            "MissingAuthenticationTokenException",
        ),
    ]
}

/// `request` with its `x-amz-date` one second later, same day (unless at
/// midnight: then earlier).
fn one_second_off(request: RawRequest) -> RawRequest {
    let date = request.header("x-amz-date").unwrap().to_owned();
    let (head, seconds) = date.split_at(13);
    let s: u32 = seconds[..2].parse().unwrap();
    let s = if s < 59 { s + 1 } else { s - 1 };
    request.set_header("x-amz-date", &format!("{head}{s:02}Z"))
}

/// `request` with its `authorization` cut before `Signature=`.
fn without_signature(request: RawRequest) -> RawRequest {
    let auth = request.header("authorization").unwrap();
    let cut = auth.split(", Signature=").next().unwrap().to_owned();
    request.set_header("authorization", &cut)
}

#[test]
fn sigv4_refusals() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    let mut failures = Vec::new();
    let mut ids = Vec::new();
    for (name, request, expected) in [wrongly_signed(addr), tampered_with(addr)].concat() {
        let response = call(addr, &request);
        if let Err(problem) = response.check_error(400, expected) {
            failures.push(format!("{name}: {problem}"));
        }
        let id = response.header("x-amzn-requestid").unwrap_or_default();
        ids.push(id.to_owned());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "request ids repeat: {ids:?}");
    // And the good one still works.
    call(addr, &list_keys(addr).signed(AKID_A, SECRET_A)).ok();
}

#[test]
fn unknown_target_and_malformed_json() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    let unknown =
        RawRequest::target(addr, "TrentService.Frobnicate", "{}").signed(AKID_A, SECRET_A);
    call(addr, &unknown).assert_error(400, "UnknownOperationException");
    let other_service =
        RawRequest::target(addr, "DynamoDB_20120810.ListTables", "{}").signed(AKID_A, SECRET_A);
    call(addr, &other_service).assert_error(400, "UnknownOperationException");

    for body in ["{not json", "", "[]", r#"{"KeySpec": 7}"#] {
        let request = RawRequest::new(addr, "CreateKey", body).signed(AKID_A, SECRET_A);
        let response = call(addr, &request);
        // An empty body is read as `{}` by some servers; every other one is
        // malformed.
        if body.is_empty() && response.status == 200 {
            continue;
        }
        response.assert_error(400, "SerializationException");
    }
    // Nothing was created by the malformed ones.
    let keys = call_a(addr, "ListKeys", json!({})).ok();
    assert!(keys["Keys"].as_array().unwrap().len() <= 1, "{keys}");
}

/// Every AWS KMS operation the server does not serve (all those of the
/// Rust SDK's model beyond the 36 served) answers
/// `UnsupportedOperationException` naming it, not `UnknownOperationException`.
#[test]
fn unserved_aws_operations_are_unsupported() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    let unserved = [
        "ConnectCustomKeyStore",
        "CreateCustomKeyStore",
        "CreateGrant",
        "Decapsulate",
        "DeleteCustomKeyStore",
        "DescribeCustomKeyStores",
        "DisconnectCustomKeyStore",
        "Encapsulate",
        "GetKeyPolicy",
        "ListGrants",
        "ListKeyPolicies",
        "ListRetirableGrants",
        "PutKeyPolicy",
        "ReplicateKey",
        "RetireGrant",
        "RevokeGrant",
        "UpdateCustomKeyStore",
        "UpdatePrimaryRegion",
    ];
    let mut failures = Vec::new();
    for operation in unserved {
        let body = json!({"KeyId": "11111111-2222-3333-4444-555555555555"}).to_string();
        let request = RawRequest::new(addr, operation, body).signed(AKID_A, SECRET_A);
        let response = call(addr, &request);
        if let Err(problem) = response.check_error(400, "UnsupportedOperationException") {
            failures.push(format!("{operation}: {problem}"));
        } else if !response.json()["message"]
            .as_str()
            .is_some_and(|m| m.contains(operation))
        {
            failures.push(format!(
                "{operation}: the message does not name it: {}",
                response.json()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn body_just_over_the_limit_is_refused() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    // A well-formed request, padded past 64 KiB.
    let description = "x".repeat(64 * 1024);
    let body = json!({ "Description": description }).to_string();
    assert!(body.len() > 64 * 1024);
    let request = RawRequest::new(addr, "CreateKey", body).signed(AKID_A, SECRET_A);
    let response = call(addr, &request);
    response.assert_status(413);
    response.assert_aws_headers();
    // Exactly at the limit is read (and then refused for what it is, not
    // its size).
    let mut at_limit = vec![b' '; 64 * 1024];
    at_limit[0] = b'{';
    at_limit[64 * 1024 - 1] = b'}';
    let request = RawRequest::new(addr, "ListKeys", at_limit).signed(AKID_A, SECRET_A);
    let response = call(addr, &request);
    assert_ne!(
        response.status,
        413,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
}

/// A client that announces 1 GiB and keeps sending is answered 413 and cut
/// off long before it is done.
#[test]
fn endless_body_is_cut_off() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    const ANNOUNCED: usize = 1 << 30;
    let request = RawRequest::new(addr, "ListKeys", Vec::new()).signed(AKID_A, SECRET_A);
    let mut conn = Conn::connect(addr);
    conn.stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    conn.stream.write_all(&request.head(ANNOUNCED)).unwrap();
    let mut writer = conn.stream.try_clone().unwrap();
    let written = Arc::new(AtomicUsize::new(0));
    let stopped = Arc::new(AtomicBool::new(false));
    let (w, s) = (written.clone(), stopped.clone());
    let sender = std::thread::spawn(move || {
        let chunk = vec![b' '; 64 * 1024];
        while w.load(Ordering::Relaxed) < ANNOUNCED && !s.load(Ordering::Relaxed) {
            match writer.write(&chunk) {
                Ok(0) | Err(_) => return true,
                Ok(n) => {
                    w.fetch_add(n, Ordering::Relaxed);
                }
            }
        }
        false
    });
    let started = Instant::now();
    let response = conn.read_response();
    let elapsed = started.elapsed();
    // Stop the writer if the server did not (it must have, below).
    let cut_off = {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !sender.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let finished = sender.is_finished();
        stopped.store(true, Ordering::Relaxed);
        let _ = conn.stream.shutdown(Shutdown::Both);
        sender.join().unwrap() && finished
    };
    let response = response.expect("an answer before the connection closes");
    response.assert_status(413);
    response.assert_aws_headers();
    assert!(elapsed < Duration::from_secs(10), "413 took {elapsed:?}");
    let sent = written.load(Ordering::Relaxed);
    assert!(cut_off, "the server kept reading: {sent} bytes sent");
    assert!(
        sent < 256 << 20,
        "the server read {sent} bytes before closing"
    );
}

/// A client that sends half a header and stalls is disconnected after the
/// header read timeout; a prompt one on the same server is served.
#[test]
fn stalled_header_is_disconnected() {
    let data = DataDir::new();
    let timeout = Duration::from_millis(300);
    let server =
        InProcess::start_with(&data, ServerOptions::default().header_read_timeout(timeout));
    let addr = server.addr;
    let mut stalled = TcpStream::connect(addr).unwrap();
    stalled
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    stalled
        .write_all(format!("POST / HTTP/1.1\r\nHost: {addr}\r\nX-Amz-Tar").as_bytes())
        .unwrap();
    let mut buf = [0u8; 1024];
    let outcome = stalled.read(&mut buf);
    let elapsed = started.elapsed();
    match outcome {
        Ok(0) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        Ok(n) => {
            // A 408 before closing is fine too.
            let text = String::from_utf8_lossy(&buf[..n]);
            assert!(
                text.starts_with("HTTP/1.1 408"),
                "unexpected answer {text:?}"
            );
        }
        Err(e) => panic!("not disconnected after {elapsed:?}: {e}"),
    }
    assert!(
        elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(5),
        "disconnected after {elapsed:?} (timeout {timeout:?})"
    );
    // A prompt client is unaffected.
    call(addr, &list_keys(addr).signed(AKID_A, SECRET_A)).ok();
}

/// A chunked body (no `Content-Length`) over the limit is refused too.
#[test]
fn chunked_body_over_the_limit_is_refused() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    let body = json!({ "Description": "y".repeat(80 * 1024) }).to_string();
    let request = RawRequest::new(addr, "CreateKey", body).signed(AKID_A, SECRET_A);
    let mut conn = Conn::connect(addr);
    // The server may answer and close before reading it all.
    let _ = conn.stream.write_all(&request.chunked(8 * 1024));
    let response = conn.read_response().unwrap();
    response.assert_status(413);
    response.assert_aws_headers();
    // A chunked body within the limit is served.
    let small = list_keys(addr).signed(AKID_A, SECRET_A);
    let mut conn = Conn::connect(addr);
    conn.stream.write_all(&small.chunked(8 * 1024)).unwrap();
    conn.read_response().unwrap().ok();
}

/// A client that connects and sends nothing is disconnected after the
/// header read timeout too, and idle clients cannot hold the connection
/// limit.
#[test]
fn idle_connections_do_not_hold_the_limit() {
    let data = DataDir::new();
    let options = ServerOptions::default()
        .header_read_timeout(Duration::from_millis(300))
        .max_connections(2);
    let server = InProcess::start_with(&data, options);
    let addr = server.addr;
    let idle: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let started = Instant::now();
    // Served once the idle ones are dropped by the server.
    let response = call(addr, &list_keys(addr).signed(AKID_A, SECRET_A));
    let waited = started.elapsed();
    response.ok();
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    for mut stream in idle {
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut buf = [0u8; 64];
        match stream.read(&mut buf) {
            Ok(0) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
            other => panic!("an idle connection was not closed: {other:?}"),
        }
    }
}

/// A client that sends its headers and then stalls in the body is answered
/// `408` after the body read timeout, and cannot hold the connection limit.
#[test]
fn a_stalled_body_is_answered_and_frees_its_slot() {
    let data = DataDir::new();
    let options = ServerOptions::default()
        .body_read_timeout(Duration::from_millis(300))
        .max_connections(1);
    let server = InProcess::start_with(&data, options);
    let addr = server.addr;
    // 100 bytes announced, 4 sent.
    let request = list_keys(addr).signed(AKID_A, SECRET_A);
    let mut stalled = Conn::connect(addr);
    let head = [request.head(100), br#"{"Li"#.to_vec()].concat();
    stalled.stream.write_all(&head).unwrap();
    stalled
        .stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let started = Instant::now();
    let answer = stalled.read_response().unwrap();
    assert_eq!(answer.status, 408, "{answer:?}");
    answer.assert_aws_headers();
    assert_eq!(answer.json()["__type"], "RequestTimeoutException");
    assert!(started.elapsed() < Duration::from_secs(4));
    drop(stalled);
    // The one slot is free again.
    call(addr, &list_keys(addr).signed(AKID_A, SECRET_A)).ok();
}

/// With `max_connections(2)`, a third connection is not served until one of
/// the first two closes.
#[test]
fn connection_limit() {
    let data = DataDir::new();
    let server = InProcess::start_with(&data, ServerOptions::default().max_connections(2));
    let addr = server.addr;
    let request = || list_keys(addr).signed(AKID_A, SECRET_A);
    let mut first = Conn::connect(addr);
    first.call(&request()).ok();
    let mut second = Conn::connect(addr);
    second.call(&request()).ok();

    let mut third = Conn::connect(addr);
    third.send(&request());
    third
        .stream
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    match third.read_response() {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        other => panic!("a third connection was served while two were open: {other:?}"),
    }
    // The first two are still served.
    first.call(&request()).ok();
    second.call(&request()).ok();

    // Closing one lets the third in.
    drop(first);
    third
        .stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    third.read_response().unwrap().ok();
    assert!(started.elapsed() < Duration::from_secs(5));
    third.call(&request()).ok();
    second.call(&request()).ok();
}

/// Sends `CreateKey` of an RSA-4096 key on `count` connections of their
/// own; the threads that wait for the answers.
fn slow_creates(addr: SocketAddr, count: usize) -> Vec<JoinHandle<io::Result<RawResponse>>> {
    let body = json!({"KeySpec": "RSA_4096", "KeyUsage": "SIGN_VERIFY"}).to_string();
    let slow = RawRequest::new(addr, "CreateKey", body).signed(AKID_A, SECRET_A);
    (0..count)
        .map(|_| {
            let mut conn = Conn::connect(addr);
            conn.send(&slow);
            std::thread::spawn(move || conn.read_response())
        })
        .collect()
}

/// A request in flight when shutdown starts completes, and everything
/// acknowledged is in the store afterwards.
#[test]
fn graceful_shutdown_completes_in_flight_requests() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    let mut acknowledged = Vec::new();
    for i in 0..3 {
        let description = json!({"Description": format!("before {i}")});
        acknowledged.push(key_id_of(&call_a(addr, "CreateKey", description).ok()));
    }
    // RSA-4096 generation takes long enough (0.2 to 1 s here) to still be
    // running when the shutdown starts; two of them, on two connections,
    // to be sure.
    let in_flight = slow_creates(addr, 2);
    // Long enough for the server to read the requests, short of the
    // key generation.
    std::thread::sleep(Duration::from_millis(50));
    let stopping = Instant::now();
    server.stop();
    let stop_took = stopping.elapsed();
    for request in in_flight {
        let response = request
            .join()
            .unwrap()
            .expect("the in-flight request was answered");
        let body = response.ok();
        assert_eq!(body["KeyMetadata"]["KeySpec"], "RSA_4096", "{body}");
        acknowledged.push(key_id_of(&body));
    }
    // The listener is closed.
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
        "still accepting after stop (stop took {stop_took:?})"
    );
    // Nothing acknowledged is lost.
    let store = data.store(ACCOUNT_A);
    for id in &acknowledged {
        store
            .describe_key(id)
            .unwrap_or_else(|e| panic!("acknowledged key {id} lost: {e}"));
    }
    for id in &acknowledged[3..] {
        let rsa = store.describe_key(id).unwrap();
        assert_eq!(rsa.key_spec, polykms::KeySpec::Rsa4096);
    }
    assert_eq!(store.list_all_keys().unwrap().len(), acknowledged.len());
}

/// Account B sees none of account A's keys, by id, ARN or alias.
#[test]
fn accounts_are_isolated() {
    let data = DataDir::new();
    let server = InProcess::start(&data);
    let addr = server.addr;
    let key = call_a(addr, "CreateKey", json!({})).ok();
    let id = key_id_of(&key);
    let arn = key["KeyMetadata"]["Arn"].as_str().unwrap().to_owned();
    assert_eq!(arn, format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:key/{id}"));
    let alias = json!({"AliasName": "alias/a-only", "TargetKeyId": id});
    call_a(addr, "CreateAlias", alias).ok();
    let plaintext = json!({"KeyId": id, "Plaintext": "c2VjcmV0"});
    let sealed = call_a(addr, "Encrypt", plaintext).ok();
    let blob = sealed["CiphertextBlob"].as_str().unwrap().to_owned();

    // A sees it every way.
    for name in [&id, &arn, &"alias/a-only".to_owned()] {
        call_a(addr, "DescribeKey", json!({"KeyId": name})).ok();
    }
    // B does not.
    b_does_not_reach(addr, &id, &arn, &blob);
    // B's own key, same alias name, is B's.
    let b_key = call_b(addr, "CreateKey", json!({})).ok();
    let b_id = key_id_of(&b_key);
    assert_eq!(b_key["KeyMetadata"]["AWSAccountId"], ACCOUNT_B);
    let alias = json!({"AliasName": "alias/a-only", "TargetKeyId": b_id});
    call_b(addr, "CreateAlias", alias).ok();
    let described = call_b(addr, "DescribeKey", json!({"KeyId": "alias/a-only"})).ok();
    assert_eq!(described["KeyMetadata"]["KeyId"], b_id.as_str());
    let described = call_a(addr, "DescribeKey", json!({"KeyId": "alias/a-only"})).ok();
    assert_eq!(described["KeyMetadata"]["KeyId"], id.as_str());
}

/// Account B reaches none of account A's key `id` (ARN `arn`, alias
/// `alias/a-only`), nor decrypts its ciphertext `blob`; it lists none of
/// them.
fn b_does_not_reach(addr: SocketAddr, id: &str, arn: &str, blob: &str) {
    for name in [
        id.to_owned(),
        arn.to_owned(),
        "alias/a-only".to_owned(),
        format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:alias/a-only"),
    ] {
        call_b(addr, "DescribeKey", json!({"KeyId": name})).assert_error(400, "NotFoundException");
        let plaintext = json!({"KeyId": name, "Plaintext": "c2VjcmV0"});
        call_b(addr, "Encrypt", plaintext).assert_error(400, "NotFoundException");
    }
    let opened = call_b(addr, "Decrypt", json!({"CiphertextBlob": blob}));
    assert_ne!(opened.status, 200, "B decrypted A's ciphertext");
    opened.assert_aws_headers();
    let b_keys = call_b(addr, "ListKeys", json!({})).ok();
    assert_eq!(b_keys["Keys"], json!([]), "{b_keys}");
    let b_aliases = call_b(addr, "ListAliases", json!({})).ok();
    assert!(!b_aliases.to_string().contains("a-only"), "{b_aliases}");
}

/// `allow_any_credentials`: unsigned and wrongly signed requests act as
/// the account.
#[test]
fn allow_any_credentials_accepts_unsigned_requests() {
    let data = DataDir::new();
    let accounts = Accounts::new(REGION)
        .with_account(ACCOUNT_A, data.store(ACCOUNT_A))
        .allow_any_credentials(ACCOUNT_A);
    let server = InProcess::serve(Server::new(accounts).unwrap());
    let addr = server.addr;
    let created = call(addr, &RawRequest::new(addr, "CreateKey", "{}")).ok();
    assert_eq!(created["KeyMetadata"]["AWSAccountId"], ACCOUNT_A);
    let id = key_id_of(&created);
    let stranger = RawRequest::new(addr, "DescribeKey", json!({"KeyId": id}).to_string())
        .signed("AKIDSTRANGER", "whatever");
    call(addr, &stranger).ok();
    server.stop();
    data.store(ACCOUNT_A).describe_key(&id).unwrap();
}
