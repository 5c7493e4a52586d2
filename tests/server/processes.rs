//! `kms serve` as processes: two servers on one data directory, written
//! through alternately and concurrently; SIGTERM; TLS.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Command;

use aws_sdk_kms::Client;
use aws_sdk_kms::error::SdkError;
use aws_sdk_kms::primitives::Blob;
use polykms::{DecryptRequest, EncryptionContext, FileKeyManager, KeyManager, KeyManagerExt};
use serde_json::Value;

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

/// Every item of a listing (`client.list_keys()…`), through its
/// paginator, unwrapped.
macro_rules! every_item {
    ($listing:expr) => {
        $listing
            .into_paginator()
            .items()
            .send()
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .map(|item| item.unwrap())
    };
}

async fn all_key_ids(client: &Client) -> Vec<String> {
    every_item!(client.list_keys().limit(17))
        .map(|k| k.key_id().unwrap().to_owned())
        .collect()
}

async fn all_aliases(client: &Client) -> BTreeMap<String, String> {
    every_item!(client.list_aliases().limit(23))
        .filter(|a| a.target_key_id().is_some())
        .map(|a| {
            (
                a.alias_name().unwrap().to_owned(),
                a.target_key_id().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Account A's clients of the two servers at `urls`.
fn clients_of(urls: &[String]) -> [Client; 2] {
    [
        client_for(&urls[0], AKID_A, SECRET_A),
        client_for(&urls[1], AKID_A, SECRET_A),
    ]
}

#[test]
fn two_processes_on_one_data_dir() {
    const PER_WRITER: usize = 50;
    let data = DataDir::new();
    let servers = [Process::start(&data, &[]), Process::start(&data, &[])];
    let urls: Vec<String> = servers.iter().map(Process::url).collect();

    // Two writers at once, each alternating between the processes.
    let writers: Vec<_> = (0..2)
        .map(|t| {
            let clients = clients_of(&urls);
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

    let mut expected_aliases: BTreeMap<String, String> = made
        .iter()
        .map(|m| (m.alias.clone(), m.key_id.clone()))
        .collect();
    expected_aliases.extend(race_for_aliases(&urls, &made));
    let expected = Expected {
        made,
        keys: expected_keys,
        aliases: expected_aliases,
    };

    // Everything is visible through both processes.
    for (n, client) in clients_of(&urls).iter().enumerate() {
        block_on(expected.assert_served_by(client, n));
    }
    // And through the library, directly on the store.
    expected.assert_in(&data.store(ACCOUNT_A));
}

/// Alias names both writers race for, each through its own process.
const RACES: usize = 10;

/// The writers of `made` race for the same alias names, each through its
/// own process: exactly one wins each name. The names and the keys that
/// won them.
fn race_for_aliases(urls: &[String], made: &[Made]) -> BTreeMap<String, String> {
    let racers: Vec<_> = (0..2)
        .map(|t| {
            let client = clients_of(urls).into_iter().nth(t).unwrap();
            let keys: Vec<String> = made
                .iter()
                .filter(|m| m.alias.starts_with(&format!("alias/w{t}-")))
                .map(|m| m.key_id.clone())
                .collect();
            std::thread::spawn(move || block_on(race(t, client, keys)))
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
    race_winners
}

/// Racer `t`: `alias/race-J` for its `J`th key, for each of the first
/// [`RACES`] keys; the names it won.
async fn race(t: usize, client: Client, keys: Vec<String>) -> Vec<(String, String)> {
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
            Err(SdkError::ServiceError(e)) if e.err().is_already_exists_exception() => {}
            Err(e) => panic!("racer {t} {name}: {e:?}"),
        }
    }
    won
}

/// What the writers made and the racers won: what both processes and the
/// store must show.
struct Expected {
    made: Vec<Made>,
    keys: BTreeSet<String>,
    /// Alias name to key id.
    aliases: BTreeMap<String, String>,
}

impl Expected {
    /// Process `n` (through `client`) lists every key and alias, and
    /// decrypts every ciphertext.
    async fn assert_served_by(&self, client: &Client, n: usize) {
        let ids = all_key_ids(client).await;
        assert_eq!(
            ids.len(),
            self.keys.len(),
            "process {n} lists {} keys",
            ids.len()
        );
        assert_eq!(
            ids.into_iter().collect::<BTreeSet<_>>(),
            self.keys,
            "process {n}"
        );
        assert_eq!(all_aliases(client).await, self.aliases, "process {n}");
        for m in &self.made {
            let opened = client
                .decrypt()
                .ciphertext_blob(Blob::new(m.ciphertext.clone()))
                .encryption_context(&m.context.0, &m.context.1)
                .send()
                .await
                .unwrap_or_else(|e| panic!("process {n} Decrypt under {}: {e:?}", m.key_id));
            assert_eq!(opened.plaintext().unwrap().as_ref(), m.plaintext.as_slice());
        }
    }

    /// The library, on the store directly, sees the same.
    fn assert_in(&self, store: &FileKeyManager) {
        let ids: BTreeSet<String> = store
            .list_all_keys()
            .unwrap()
            .into_iter()
            .map(|k| k.key_id.as_str().to_owned())
            .collect();
        assert_eq!(ids, self.keys);
        let aliases: BTreeMap<String, String> = store
            .list_all_aliases(None)
            .unwrap()
            .into_iter()
            .map(|a| (a.alias_name, a.target_key_id.as_str().to_owned()))
            .collect();
        assert_eq!(aliases, self.aliases);
        for m in &self.made {
            let context = EncryptionContext::new().with(&m.context.0, &m.context.1);
            let opened = store
                .decrypt(DecryptRequest::new(&m.ciphertext).context(&context))
                .unwrap();
            assert_eq!(opened.plaintext.expose_secret(), m.plaintext.as_slice());
            assert_eq!(opened.key_id.as_str(), m.key_id);
        }
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

/// A self-signed P-256 certificate for `127.0.0.1` and its key, made by
/// openssl in `data`: their paths.
fn self_signed_certificate(data: &DataDir) -> (PathBuf, PathBuf) {
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
    (cert, key)
}

/// `curl` of `url` over TLS, trusting `cert`: `TrentService.<target>` with
/// `body` and the `extra` flags; the status code and the JSON answer.
fn curl_tls(cert: &Path, url: &str, extra: &[&str], target: &str, body: &str) -> (String, Value) {
    let output = Command::new("curl")
        .args(["-sS", "--max-time", "20", "--cacert"])
        .arg(cert)
        .args(extra)
        .args(["-H", &format!("X-Amz-Target: TrentService.{target}")])
        .args(["-H", "Content-Type: application/x-amz-json-1.1"])
        .args(["--data-binary", body, "-w", "\n%{http_code}"])
        .arg(url)
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
        serde_json::from_str::<Value>(body).unwrap(),
    )
}

#[test]
fn tls() {
    let data = DataDir::new();
    let (cert, key) = self_signed_certificate(&data);
    let tls = [
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ];
    let server = Process::start(&data, &tls);
    assert_eq!(
        server.listening,
        format!("kms serve: listening on https://{}", server.addr)
    );
    let url = format!("https://{}/", server.addr);
    let user = format!("{AKID_A}:{SECRET_A}");
    let sigv4 = format!("aws:amz:{REGION}:kms");
    let signed = ["--aws-sigv4", sigv4.as_str(), "--user", user.as_str()];
    let over_tls = r#"{"Description":"over TLS"}"#;
    let (code, body) = curl_tls(&cert, &url, &signed, "CreateKey", over_tls);
    assert_eq!(code, "200", "{body}");
    let id = body["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    assert_eq!(body["KeyMetadata"]["Description"], "over TLS");

    // Unsigned over TLS: refused as over plain HTTP.
    let (code, body) = curl_tls(&cert, &url, &[], "ListKeys", "{}");
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
