//! `kms serve --backend aws`: a gateway. Every account is served by one
//! shared `AwsKms`, configured by the standard AWS chain alone (the
//! environment, the shared config and credentials files, instance
//! metadata); the server's own clients sign with the server's credentials,
//! as with the file backend.

use clap::ArgMatches;
use polykms::server::Accounts;
use tokio::runtime::Runtime;

use crate::Failure;
use crate::cli::Serve;

/// The accounts `ids`, every one served by the upstream AWS KMS.
///
/// The file backend's flags (`--data-dir`, `--root-key-file`) given on the
/// command line are refused; their environment variables are ignored.
#[cfg(feature = "aws")]
pub(crate) fn accounts(
    args: &Serve,
    matches: &ArgMatches,
    ids: &[String],
    runtime: &Runtime,
) -> Result<Accounts, Failure> {
    use std::sync::Arc;

    refuse_file_flags(matches)?;
    let kms: Arc<dyn polykms::AsyncKeyManager> = Arc::new(runtime.block_on(upstream(args))?);
    let mut accounts = Accounts::new(&args.region);
    for id in ids {
        accounts = accounts.with_shared_account(id, Arc::clone(&kms));
    }
    Ok(accounts)
}

/// Without the crate feature `aws`: the error saying how to build it in.
#[cfg(not(feature = "aws"))]
pub(crate) fn accounts(
    _args: &Serve,
    _matches: &ArgMatches,
    _ids: &[String],
    _runtime: &Runtime,
) -> Result<Accounts, Failure> {
    Err(Failure(
        "--backend aws is not in this build of kms: build it with `--features cli,aws` \
         (cargo install --path . --features cli,aws)"
            .into(),
    ))
}

/// The file backend's flags given on the command line: an error naming
/// them. Set by their environment variables (`KMS_DATA_DIR`,
/// `KMS_ROOT_KEY_FILE`, which the other subcommands share), they are
/// ignored.
#[cfg(feature = "aws")]
fn refuse_file_flags(matches: &ArgMatches) -> Result<(), Failure> {
    let Some(serve) = matches.subcommand_matches("serve") else {
        return Ok(());
    };
    let given: Vec<&str> = [
        ("data_dir", "--data-dir"),
        ("root_key_file", "--root-key-file"),
    ]
    .into_iter()
    .filter(|(id, _)| serve.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
    .map(|(_, flag)| flag)
    .collect();
    if given.is_empty() {
        return Ok(());
    }
    Err(Failure(format!(
        "{} {} for --backend file: with --backend aws every key lives in the upstream AWS KMS \
         (configured by AWS_REGION, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL_KMS…); remove {}",
        given.join(" and "),
        if given.len() == 1 { "is" } else { "are" },
        if given.len() == 1 { "it" } else { "them" },
    )))
}

/// The upstream: `AwsKms::from_env()`, logged (region and endpoint, never
/// credentials).
#[cfg(feature = "aws")]
async fn upstream(args: &Serve) -> Result<polykms::remote::aws::AwsKms, Failure> {
    let kms = polykms::remote::aws::AwsKms::from_env()
        .await
        .map_err(|e| Failure(format!("--backend aws: {}", Failure::from(e).0)))?;
    let region = kms
        .client()
        .config()
        .region()
        .map_or_else(String::new, |r| r.as_ref().to_owned());
    let (endpoint, source) = upstream_endpoint(&region).await;
    tracing::info!(
        backend = "aws",
        upstream_region = %region,
        upstream_endpoint = %endpoint,
        endpoint_from = source,
        "kms serve: every account on the upstream AWS KMS (a gateway)"
    );
    if region != args.region {
        tracing::warn!(
            region = %args.region,
            upstream_region = %region,
            "--region differs from the upstream's: the ARNs the gateway makes (Encrypt's \
             KeyId, say) name --region, those AWS answers with (KeyMetadata.Arn) the upstream's"
        );
    }
    Ok(kms)
}

/// The endpoint the chain's environment points the SDK at, and where it
/// comes from: `AWS_ENDPOINT_URL_KMS`, else `AWS_ENDPOINT_URL`, else AWS
/// KMS's regional endpoint (a profile's `endpoint_url`, which the SDK also
/// reads, is not looked at here).
#[cfg(feature = "aws")]
async fn upstream_endpoint(region: &str) -> (String, &'static str) {
    use aws_sdk_kms::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};

    let ignored = std::env::var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_ok_and(|v| v.eq_ignore_ascii_case("true"));
    for name in ["AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL"] {
        match std::env::var(name) {
            Ok(url) if !ignored && !url.is_empty() => return (url, name),
            _ => {}
        }
    }
    let source = "the region (unless a profile sets endpoint_url)";
    let Ok(params) = Params::builder().region(region).build() else {
        return (String::new(), source);
    };
    match DefaultResolver::new().resolve_endpoint(&params).await {
        Ok(endpoint) => (endpoint.url().to_owned(), source),
        Err(_) => (String::new(), source),
    }
}
