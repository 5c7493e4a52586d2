//! `kms serve --backend aws`: a gateway, in front of the crate's own server
//! as its upstream.
//!
//! The upstream is a `kms serve` process over file stores (account A, the
//! harness's credentials file); the gateway a `kms serve --backend aws`
//! process whose environment points it there by the standard AWS chain alone
//! (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_ENDPOINT_URL_KMS`; no other `AWS_*` variable, the shared files
//! pointing nowhere, no instance metadata). The gateway's clients sign with
//! a credential of its own, which the upstream does not know; both
//! processes log at `info`, so the upstream's request log shows what reached
//! it. The Rust SDK drives both.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use aws_sdk_kms::Client;
use aws_sdk_kms::error::ProvideErrorMetadata;
use aws_sdk_kms::types::{KeySpec, KeyUsageType, MessageType, SigningAlgorithmSpec};
use polykms::KeyManager;

use crate::harness::{ACCOUNT_A, AKID_A, DataDir, Process, REGION, SECRET_A, kms_serve};
use crate::rust_sdk::{blob, client_for, create_key, describe, service_error, symmetric_key};

/// The gateway's own client credential (account A, as the upstream's).
const GATEWAY_AKID: &str = "AKIDGATEWAYCLIENT";
const GATEWAY_SECRET: &str = "gateway/client+secret";

/// An upstream `kms serve`, a gateway in front of it, and a client of each.
struct Gateway {
    /// The gateway's client (the gateway's own credential).
    client: Client,
    /// The upstream's client (the credential the gateway signs with).
    upstream_client: Client,
    gateway: Process,
    upstream: Process,
    // Dropped last: the processes stop before their directory goes.
    data: DataDir,
}

impl Gateway {
    fn start() -> Self {
        let data = DataDir::new();
        let mut upstream = kms_serve();
        upstream
            .args(["--listen", "127.0.0.1:0", "--region", REGION])
            .arg("--data-dir")
            .arg(data.data())
            .arg("--root-key-file")
            .arg(data.path("root.key"))
            .arg("--credentials")
            .arg(data.path("credentials.toml"))
            .env("KMS_LOG", "info");
        let upstream = Process::spawn_logging_to(upstream, &data.path("upstream.log"));
        let gateway = Process::spawn_logging_to(
            gateway_command(&data, &upstream.url(), SECRET_A),
            &data.path("gateway.log"),
        );
        Self {
            client: client_for(&gateway.url(), GATEWAY_AKID, GATEWAY_SECRET),
            upstream_client: client_for(&upstream.url(), AKID_A, SECRET_A),
            gateway,
            upstream,
            data,
        }
    }

    /// The requests the upstream has answered (its request log's lines).
    fn upstream_requests(&self) -> usize {
        let log = std::fs::read_to_string(self.data.path("upstream.log")).unwrap();
        log.lines()
            .filter(|l| l.contains("polykms::server: request "))
            .count()
    }

    fn gateway_log(&self) -> String {
        std::fs::read_to_string(self.data.path("gateway.log")).unwrap()
    }
}

/// `kms serve --backend aws` for account A (its own credential, in
/// `KMS_*`), its upstream at `upstream_url` by the standard AWS chain only
/// (account A's access key, with `upstream_secret`).
fn gateway_command(data: &DataDir, upstream_url: &str, upstream_secret: &str) -> Command {
    let mut command = kms_serve();
    command
        .args(["--backend", "aws", "--listen", "127.0.0.1:0"])
        .args(["--region", REGION])
        .env("KMS_ACCESS_KEY_ID", GATEWAY_AKID)
        .env("KMS_SECRET_ACCESS_KEY", GATEWAY_SECRET)
        .env("KMS_ACCOUNT_ID", ACCOUNT_A)
        .env("KMS_LOG", "info")
        .env("AWS_REGION", REGION)
        .env("AWS_ACCESS_KEY_ID", AKID_A)
        .env("AWS_SECRET_ACCESS_KEY", upstream_secret)
        .env("AWS_ENDPOINT_URL_KMS", upstream_url)
        .env("AWS_CONFIG_FILE", nowhere(data, "aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            nowhere(data, "aws-credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true");
    command
}

/// A path in `data` where nothing is.
fn nowhere(data: &DataDir, name: &str) -> PathBuf {
    let path = data.path(&format!("no-{name}"));
    assert!(!path.exists());
    path
}

/// Every key id a client lists.
async fn key_ids(client: &Client) -> BTreeSet<String> {
    let listed = client.list_keys().send().await.unwrap();
    assert!(!listed.truncated());
    let keys = listed.keys();
    keys.iter()
        .map(|k| k.key_id().unwrap().to_owned())
        .collect()
}

/// Every alias a client lists, with its target key id.
async fn aliases(client: &Client) -> BTreeSet<(String, String)> {
    let listed = client.list_aliases().send().await.unwrap();
    let aliases = listed.aliases();
    aliases
        .iter()
        .filter_map(|a| Some((a.alias_name()?.to_owned(), a.target_key_id()?.to_owned())))
        .collect()
}

#[tokio::test]
async fn keys_and_aliases_live_upstream() {
    let g = Gateway::start();
    let created = g.client.create_key().description("through the gateway");
    let created = created.send().await.unwrap();
    let meta = created.key_metadata().unwrap();
    let id = meta.key_id().to_owned();

    // The key is the upstream's: its ARN as the upstream gives it, and on
    // the upstream's disk.
    let upstream_meta = describe(&g.upstream_client, &id).await;
    assert_eq!(upstream_meta.description(), Some("through the gateway"));
    assert_eq!(meta.arn(), upstream_meta.arn());
    assert_eq!(describe(&g.client, &id).await.arn(), upstream_meta.arn());
    let stored = g.data.store(ACCOUNT_A).describe_key(&id).unwrap();
    assert_eq!(Some(stored.arn.as_str()), meta.arn());

    // An alias made through the gateway is the upstream's; a key made at
    // the upstream is listed through the gateway.
    let alias = g.client.create_alias().alias_name("alias/gateway");
    alias.target_key_id(&id).send().await.unwrap();
    let other = symmetric_key(&g.upstream_client).await;
    let expected = ("alias/gateway".to_owned(), id.clone());
    assert!(aliases(&g.upstream_client).await.contains(&expected));
    assert_eq!(aliases(&g.client).await, aliases(&g.upstream_client).await);
    let through_gateway = key_ids(&g.client).await;
    assert_eq!(through_gateway, BTreeSet::from([id, other]));
    assert_eq!(through_gateway, key_ids(&g.upstream_client).await);
}

#[tokio::test]
async fn encrypts_and_signs_upstream() {
    let g = Gateway::start();
    let id = symmetric_key(&g.client).await;
    let alias = g.client.create_alias().alias_name("alias/sealing");
    alias.target_key_id(&id).send().await.unwrap();
    let sealed = g.client.encrypt().key_id("alias/sealing");
    let sealed = sealed.plaintext(blob(b"db password"));
    let sealed = sealed
        .encryption_context("app", "billing")
        .send()
        .await
        .unwrap();
    assert_eq!(
        sealed.key_id(),
        describe(&g.upstream_client, &id).await.arn()
    );
    let ciphertext = sealed.ciphertext_blob().unwrap().clone();
    // Both open it: the ciphertext is the upstream's.
    for client in [&g.client, &g.upstream_client] {
        let opened = client.decrypt().ciphertext_blob(ciphertext.clone());
        let opened = opened
            .encryption_context("app", "billing")
            .send()
            .await
            .unwrap();
        assert_eq!(opened.plaintext().unwrap().as_ref(), b"db password");
    }

    let signer = create_key(&g.client, KeySpec::EccNistP256, KeyUsageType::SignVerify).await;
    let algorithm = SigningAlgorithmSpec::EcdsaSha256;
    let signed = g
        .client
        .sign()
        .key_id(&signer)
        .message(blob(b"release 1.0"));
    let signed = signed.message_type(MessageType::Raw);
    let signed = signed
        .signing_algorithm(algorithm.clone())
        .send()
        .await
        .unwrap();
    let signature = signed.signature().unwrap().clone();
    for (client, message, valid) in [
        (&g.client, &b"release 1.0"[..], true),
        (&g.upstream_client, b"release 1.0", true),
        (&g.client, b"release 2.0", false),
    ] {
        let verify = client.verify().key_id(&signer).message(blob(message));
        let verify = verify
            .message_type(MessageType::Raw)
            .signature(signature.clone());
        let result = verify.signing_algorithm(algorithm.clone()).send().await;
        if valid {
            assert!(result.unwrap().signature_valid());
        } else {
            let error = service_error(result);
            assert!(error.is_kms_invalid_signature_exception(), "{error:?}");
        }
    }
}

#[tokio::test]
async fn upstream_errors_pass_through_with_their_codes() {
    let g = Gateway::start();
    let missing = "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f";
    let error = service_error(g.client.describe_key().key_id(missing).send().await);
    assert!(error.is_not_found_exception(), "{error:?}");
    assert_eq!(error.code(), Some("NotFoundException"));
    assert!(
        error.message().unwrap_or_default().contains(missing),
        "{error:?}"
    );

    let id = symmetric_key(&g.client).await;
    g.client.disable_key().key_id(&id).send().await.unwrap();
    let sealed = g.client.encrypt().key_id(&id).plaintext(blob(b"x"));
    let error = service_error(sealed.send().await);
    assert_eq!(error.code(), Some("DisabledException"), "{error:?}");
    let state = describe(&g.upstream_client, &id).await;
    assert!(!state.enabled());

    // A second gateway, whose AWS credential the upstream refuses.
    let command = gateway_command(&g.data, &g.upstream.url(), "not the secret");
    let refused = Process::spawn_logging_to(command, &g.data.path("refused.log"));
    let client = client_for(&refused.url(), GATEWAY_AKID, GATEWAY_SECRET);
    let error = service_error(client.list_keys().send().await);
    assert_eq!(error.code(), Some("AccessDeniedException"), "{error:?}");
    let message = error.message().unwrap_or_default();
    assert!(message.contains("InvalidSignatureException"), "{message}");
    assert!(!message.contains(SECRET_A), "{message}");
}

#[tokio::test]
async fn wrong_credentials_are_refused_without_asking_upstream() {
    let g = Gateway::start();
    // One request through: the upstream logs it.
    let before = key_ids(&g.client).await;
    let answered = g.upstream_requests();
    assert!(answered >= 1, "the upstream logged no request");

    // The upstream's own credential means nothing to the gateway; the
    // gateway's key with a wrong secret is a bad signature.
    let strangers = client_for(&g.gateway.url(), AKID_A, SECRET_A);
    let error = service_error(strangers.list_keys().send().await);
    assert_eq!(error.code(), Some("UnrecognizedClientException"));
    let forger = client_for(&g.gateway.url(), GATEWAY_AKID, "not the secret");
    let error = service_error(forger.create_key().send().await);
    assert_eq!(error.code(), Some("InvalidSignatureException"));
    assert_eq!(
        g.upstream_requests(),
        answered,
        "a refused request reached the upstream"
    );

    assert_eq!(key_ids(&g.client).await, before);
    assert_eq!(g.upstream_requests(), answered + 1);
}

#[tokio::test]
async fn logs_the_backend_region_and_endpoint_never_credentials() {
    let g = Gateway::start();
    symmetric_key(&g.client).await;
    let log = g.gateway_log();
    let started = log
        .lines()
        .find(|l| l.contains("backend=\"aws\""))
        .unwrap_or_else(|| panic!("no backend line in the gateway's log:\n{log}"));
    assert!(
        started.contains(&format!("upstream_region={REGION}")),
        "{started}"
    );
    let endpoint = format!("upstream_endpoint={}", g.upstream.url());
    assert!(started.contains(&endpoint), "{started}");
    assert!(started.contains("AWS_ENDPOINT_URL_KMS"), "{started}");
    for secret in [AKID_A, SECRET_A, GATEWAY_SECRET] {
        assert!(
            !log.contains(secret),
            "{secret} in the gateway's log:\n{log}"
        );
    }
}

/// `kms serve --backend aws` with `extra` and `environment` changes: its
/// exit and stderr (it must not start).
fn refused(extra: &[&str], unset: &[&str]) -> String {
    let data = DataDir::new();
    let mut command = gateway_command(&data, "http://127.0.0.1:9", SECRET_A);
    command.args(extra);
    for name in unset {
        command.env_remove(name);
    }
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "started: {stderr}");
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    stderr
}

#[test]
fn refuses_the_file_backends_flags() {
    let data = DataDir::new();
    let dir = data.data();
    let stderr = refused(&["--data-dir", dir.to_str().unwrap()], &[]);
    assert!(
        stderr.contains("--data-dir is for --backend file"),
        "{stderr}"
    );
    let root = data.path("root.key");
    let stderr = refused(&["--root-key-file", root.to_str().unwrap()], &[]);
    assert!(
        stderr.contains("--root-key-file is for --backend file"),
        "{stderr}"
    );
    assert!(!dir.exists(), "a data directory was made");
}

#[test]
fn needs_an_upstream_region() {
    let stderr = refused(&[], &["AWS_REGION"]);
    assert!(stderr.contains("no AWS region"), "{stderr}");
}
