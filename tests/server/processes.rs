//! `kms serve` as processes: two servers on one data directory, written
//! through alternately and concurrently; SIGTERM; TLS.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use aws_sdk_kms::Client;
use aws_sdk_kms::error::SdkError;
use aws_sdk_kms::primitives::Blob;
use polykms::{DecryptRequest, EncryptionContext, KeyManager, KeyManagerExt};

use crate::harness::{ACCOUNT_A, AKID_A, DataDir, Process, REGION, SECRET_A};
use crate::rust_sdk::client_for;

fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// What one writer made: a key, its alias, and a ciphertext under it.
#[derive(Debug, Clone)]
struct Made {
    key_id: String,
    alias: String,
    context: (String, String),
    plaintext: Vec<u8>,
    ciphertext: Vec<u8>,
}

/// Writer `t`: `count` times CreateKey through one process, CreateAlias
/// through the other, Encrypt (by the new alias) through the first again;
/// the processes swap every iteration.
async fn writer(t: usize, count: usize, clients: [Client; 2]) -> Vec<Made> {
    let mut made = Vec::with_capacity(count);
    for i in 0..count {
        let a = &clients[(i + t) % 2];
        let b = &clients[(i + t + 1) % 2];
        let key = a
            .create_key()
            .description(format!("writer {t} key {i}"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("writer {t} CreateKey {i}: {e:?}"));
        let key_id = key.key_metadata().unwrap().key_id().to_owned();
        let alias = format!("alias/w{t}-{i}");
        b.create_alias()
            .alias_name(&alias)
            .target_key_id(&key_id)
            .send()
            .await
            .unwrap_or_else(|e| panic!("writer {t} CreateAlias {alias}: {e:?}"));
        let plaintext = format!("secret {t}/{i}").into_bytes();
        let context = ("writer".to_owned(), format!("{t}-{i}"));
        let sealed = a
            .encrypt()
            .key_id(&alias)
            .plaintext(Blob::new(plaintext.clone()))
            .encryption_context(&context.0, &context.1)
            .send()
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "writer {t} Encrypt {i} by {alias} (created through the other process): {e:?}"
                )
            });
        assert!(
            sealed.key_id().is_some_and(|k| k.ends_with(&key_id)),
            "{sealed:?}"
        );
        made.push(Made {
            key_id,
            alias,
            context,
            plaintext,
            ciphertext: sealed.ciphertext_blob().unwrap().as_ref().to_vec(),
        });
    }
    made
}

async fn all_key_ids(client: &Client) -> Vec<String> {
    let entries: Vec<_> = client
        .list_keys()
        .limit(17)
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await;
    entries
        .into_iter()
        .map(|e| e.unwrap().key_id().unwrap().to_owned())
        .collect()
}

async fn all_aliases(client: &Client) -> BTreeMap<String, String> {
    let entries: Vec<_> = client
        .list_aliases()
        .limit(23)
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await;
    entries
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|a| a.target_key_id().is_some())
        .map(|a| {
            (
                a.alias_name().unwrap().to_owned(),
                a.target_key_id().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn two_processes_on_one_data_dir() {
    const PER_WRITER: usize = 50;
    let data = DataDir::new();
    let servers = [Process::start(&data, &[]), Process::start(&data, &[])];
    let urls: Vec<String> = servers.iter().map(Process::url).collect();
    let clients = || -> [Client; 2] {
        [
            client_for(&urls[0], AKID_A, SECRET_A),
            client_for(&urls[1], AKID_A, SECRET_A),
        ]
    };

    // Two writers at once, each alternating between the processes.
    let writers: Vec<_> = (0..2)
        .map(|t| {
            let clients = clients();
            std::thread::spawn(move || block_on(writer(t, PER_WRITER, clients)))
        })
        .collect();
    let made: Vec<Made> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert_eq!(made.len(), 2 * PER_WRITER);
    let expected_keys: BTreeSet<String> = made.iter().map(|m| m.key_id.clone()).collect();
    assert_eq!(expected_keys.len(), 2 * PER_WRITER, "duplicate key ids");

    // Both writers race for the same alias names, each through its own
    // process: exactly one wins each name.
    const RACES: usize = 10;
    let racers: Vec<_> = (0..2)
        .map(|t| {
            let client = clients().into_iter().nth(t).unwrap();
            let keys: Vec<String> = made
                .iter()
                .filter(|m| m.alias.starts_with(&format!("alias/w{t}-")))
                .map(|m| m.key_id.clone())
                .collect();
            std::thread::spawn(move || {
                block_on(async move {
                    let mut won = Vec::new();
                    for (j, key) in keys.iter().enumerate().take(RACES) {
                        let name = format!("alias/race-{j}");
                        let result = client
                            .create_alias()
                            .alias_name(&name)
                            .target_key_id(key)
                            .send()
                            .await;
                        match result {
                            Ok(_) => won.push((name, key.clone())),
                            Err(SdkError::ServiceError(e))
                                if e.err().is_already_exists_exception() => {}
                            Err(e) => panic!("racer {t} {name}: {e:?}"),
                        }
                    }
                    won
                })
            })
        })
        .collect();
    let mut race_winners = BTreeMap::new();
    for racer in racers {
        for (name, key) in racer.join().unwrap() {
            assert!(
                race_winners.insert(name.clone(), key).is_none(),
                "{name} was created by both processes"
            );
        }
    }
    assert_eq!(race_winners.len(), RACES, "{race_winners:?}");

    // Everything is visible through both processes.
    let mut expected_aliases: BTreeMap<String, String> = made
        .iter()
        .map(|m| (m.alias.clone(), m.key_id.clone()))
        .collect();
    expected_aliases.extend(race_winners);
    for (n, client) in clients().iter().enumerate() {
        block_on(async {
            let ids = all_key_ids(client).await;
            assert_eq!(
                ids.len(),
                2 * PER_WRITER,
                "process {n} lists {} keys",
                ids.len()
            );
            assert_eq!(
                ids.into_iter().collect::<BTreeSet<_>>(),
                expected_keys,
                "process {n}"
            );
            assert_eq!(all_aliases(client).await, expected_aliases, "process {n}");
            for m in &made {
                let opened = client
                    .decrypt()
                    .ciphertext_blob(Blob::new(m.ciphertext.clone()))
                    .encryption_context(&m.context.0, &m.context.1)
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("process {n} Decrypt under {}: {e:?}", m.key_id));
                assert_eq!(opened.plaintext().unwrap().as_ref(), m.plaintext.as_slice());
            }
        });
    }

    // And through the library, directly on the store.
    let store = data.store(ACCOUNT_A);
    let ids: BTreeSet<String> = store
        .list_all_keys()
        .unwrap()
        .into_iter()
        .map(|k| k.key_id.as_str().to_owned())
        .collect();
    assert_eq!(ids, expected_keys);
    let aliases: BTreeMap<String, String> = store
        .list_all_aliases(None)
        .unwrap()
        .into_iter()
        .map(|a| (a.alias_name, a.target_key_id.as_str().to_owned()))
        .collect();
    assert_eq!(aliases, expected_aliases);
    for m in &made {
        let context = EncryptionContext::new().with(&m.context.0, &m.context.1);
        let opened = store
            .decrypt(DecryptRequest::new(&m.ciphertext).context(&context))
            .unwrap();
        assert_eq!(opened.plaintext.expose_secret(), m.plaintext.as_slice());
        assert_eq!(opened.key_id.as_str(), m.key_id);
    }
}

#[test]
fn sigterm_stops_a_process_cleanly() {
    let data = DataDir::new();
    let server = Process::start(&data, &[]);
    let client = client_for(&server.url(), AKID_A, SECRET_A);
    let id = block_on(async {
        let key = client.create_key().send().await.unwrap();
        key.key_metadata().unwrap().key_id().to_owned()
    });
    let status = server.terminate();
    assert!(
        status.success(),
        "kms serve exited with {status:?} on SIGTERM"
    );
    assert_eq!(status.code(), Some(0));
    data.store(ACCOUNT_A).describe_key(&id).unwrap();
}

/// Starts `kms serve` (as [`Process::start`]) and returns its listening
/// line too.
fn start_reporting(data: &DataDir, extra: &[&str]) -> (Process, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kms"))
        .args(["serve", "--listen", "127.0.0.1:0", "--region", REGION])
        .arg("--data-dir")
        .arg(data.data())
        .arg("--root-key-file")
        .arg(data.path("root.key"))
        .arg("--credentials")
        .arg(data.path("credentials.toml"))
        .args(extra)
        .env("KMS_LOG", "warn")
        .env_remove("KMS_STORE")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let line = line.trim().to_owned();
    let addr = line
        .rsplit("://")
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| {
            let _ = child.kill();
            panic!("no address in {line:?} (did kms serve start?)")
        });
    (Process { child, addr }, line)
}

#[test]
fn tls() {
    let data = DataDir::new();
    let (cert, key) = (data.path("cert.pem"), data.path("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );

    let (server, line) = start_reporting(
        &data,
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert_eq!(
        line,
        format!("kms serve: listening on https://{}", server.addr)
    );
    let url = format!("https://{}/", server.addr);
    let curl = |extra: &[&str], target: &str, body: &str| {
        let output = Command::new("curl")
            .args(["-sS", "--max-time", "20", "--cacert"])
            .arg(&cert)
            .args(extra)
            .args(["-H", &format!("X-Amz-Target: TrentService.{target}")])
            .args(["-H", "Content-Type: application/x-amz-json-1.1"])
            .args(["--data-binary", body, "-w", "\n%{http_code}"])
            .arg(&url)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "curl failed ({}): {stdout} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let (body, code) = stdout.rsplit_once('\n').unwrap();
        (
            code.to_owned(),
            serde_json::from_str::<serde_json::Value>(body).unwrap(),
        )
    };
    let user = format!("{AKID_A}:{SECRET_A}");
    let sigv4 = format!("aws:amz:{REGION}:kms");
    let signed = ["--aws-sigv4", sigv4.as_str(), "--user", user.as_str()];
    let (code, body) = curl(&signed, "CreateKey", r#"{"Description":"over TLS"}"#);
    assert_eq!(code, "200", "{body}");
    let id = body["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    assert_eq!(body["KeyMetadata"]["Description"], "over TLS");

    // Unsigned over TLS: refused as over plain HTTP.
    let (code, body) = curl(&[], "ListKeys", "{}");
    assert_eq!(code, "400", "{body}");
    assert_eq!(body["__type"], "MissingAuthenticationTokenException");

    // Plain HTTP to the TLS port is not served.
    let plain = Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "10",
            "-H",
            "X-Amz-Target: TrentService.ListKeys",
        ])
        .args(["--data-binary", "{}"])
        .arg(format!("http://{}/", server.addr))
        .output()
        .unwrap();
    assert!(
        !plain.status.success(),
        "plain HTTP answered on the TLS port: {}",
        String::from_utf8_lossy(&plain.stdout)
    );

    let status = server.terminate();
    assert!(status.success(), "{status:?}");
    data.store(ACCOUNT_A).describe_key(&id).unwrap();
}
