//! `kms serve`: the AWS KMS protocol over file stores, one per account, or
//! (`--backend aws`, see `gateway.rs`) over one upstream AWS KMS for every
//! account.

use std::net::SocketAddr;
use std::path::Path;

use clap::ArgMatches;
use polykms::server::{Accounts, Credential, Server, ServerOptions, TlsConfig, load_credentials};
use polykms::{FileKeyManager, FileOptions, ResourceNamespace};

use crate::Failure;
use crate::cli::{Backend, Cli, Serve};

/// The account of the single pair given by environment variables, when no
/// `KMS_ACCOUNT_ID` names one.
const DEFAULT_ACCOUNT: &str = "000000000000";

/// Runs the server until SIGTERM or Ctrl-C.
pub(crate) fn serve(cli: &Cli, args: &Serve, matches: &ArgMatches) -> Result<(), Failure> {
    init_logging();
    let credentials = credentials(args)?;
    let ids = account_ids(&credentials);
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsConfig::from_pem_files(cert, key)?),
        (None, None) => None,
        _ => return Err(Failure("--tls-cert and --tls-key go together".into())),
    };
    // Built first: the aws backend's client is made (and keeps its
    // connections) on the runtime that serves.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure(format!("cannot start the runtime: {e}")))?;
    let mut accounts = match args.backend {
        Backend::File => file_accounts(cli, args, &ids)?,
        Backend::Aws => crate::gateway::accounts(args, matches, &ids, &runtime)?,
    };
    if args.allow_any_credentials {
        accounts = accounts.allow_any_credentials(&ids[0]);
    }
    for credential in credentials {
        accounts = accounts.with_credential(credential);
    }
    let options = ServerOptions::default().max_connections(args.max_connections);
    let server = Server::with_options(accounts, options)?;
    runtime
        .block_on(run(server, args.listen, tls))
        .map_err(|e| Failure(format!("cannot serve on {}: {e}", args.listen)))
}

/// The accounts the credentials name, in order, without repeats (the
/// default account when there are none).
fn account_ids(credentials: &[Credential]) -> Vec<String> {
    let mut ids: Vec<String> = credentials
        .iter()
        .map(|c| c.account_id().to_owned())
        .collect();
    if ids.is_empty() {
        ids.push(DEFAULT_ACCOUNT.into());
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The accounts `ids`, each with its file store under `--data-dir`.
fn file_accounts(cli: &Cli, args: &Serve, ids: &[String]) -> Result<Accounts, Failure> {
    let data_dir = args.data_dir.as_deref().ok_or_else(|| {
        Failure(
            "no data directory: pass --data-dir DIR or set KMS_DATA_DIR (or serve AWS KMS with --backend aws)"
                .into(),
        )
    })?;
    tracing::info!(backend = "file", data_dir = %data_dir.display(), "kms serve: a file store per account");
    let mut accounts = Accounts::new(&args.region);
    for account in ids {
        accounts = accounts.with_account(account, open_store(cli, args, data_dir, account)?);
    }
    Ok(accounts)
}

async fn run(server: Server, listen: SocketAddr, tls: Option<TlsConfig>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    // The one line on stdout: scripts and tests read the port from it.
    println!(
        "kms serve: listening on {scheme}://{}",
        listener.local_addr()?
    );
    match tls {
        Some(tls) => server.serve_tls(listener, tls, shutdown_signal()).await,
        None => server.serve(listener, shutdown_signal()).await,
    }
}

/// Completes on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// The credentials file, or the one pair of `KMS_ACCESS_KEY_ID` and
/// `KMS_SECRET_ACCESS_KEY` (account `KMS_ACCOUNT_ID`).
fn credentials(args: &Serve) -> Result<Vec<Credential>, Failure> {
    if let Some(file) = &args.credentials {
        return Ok(load_credentials(file)?);
    }
    let id = std::env::var("KMS_ACCESS_KEY_ID").ok();
    let secret = std::env::var("KMS_SECRET_ACCESS_KEY").ok();
    let account = std::env::var("KMS_ACCOUNT_ID").unwrap_or_else(|_| DEFAULT_ACCOUNT.into());
    match (id, secret) {
        (Some(id), Some(secret)) => Ok(vec![Credential::new(id, secret, account)]),
        (None, None) if args.allow_any_credentials => Ok(Vec::new()),
        _ => Err(Failure(
            "no credentials: pass --credentials FILE, or set KMS_ACCESS_KEY_ID and KMS_SECRET_ACCESS_KEY"
                .into(),
        )),
    }
}

/// The file store of one account: `DATA_DIR/ACCOUNT`.
fn open_store(
    cli: &Cli,
    args: &Serve,
    data_dir: &Path,
    account: &str,
) -> Result<FileKeyManager, Failure> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| Failure(format!("cannot create {}: {e}", data_dir.display())))?;
    let options =
        FileOptions::default().namespace(ResourceNamespace::new("aws", &args.region, account));
    Ok(FileKeyManager::open_or_create_with(
        data_dir.join(account),
        crate::store::root_key(cli)?,
        options,
    )?)
}

/// Request logs to stderr; `KMS_LOG` filters them (default `info`).
fn init_logging() {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("KMS_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
