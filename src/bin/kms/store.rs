//! Opening the store: the one place that knows the provider.

use clap::ArgMatches;
use clap::parser::ValueSource;
use polykms::{FileKeyManager, KeyManager, RootKey};

use crate::Failure;
use crate::cli::Cli;

/// The key manager the subcommands use: AWS KMS (or the endpoint of
/// `--endpoint-url`) when `--endpoint-url`, `--profile` or `--region` is
/// on the command line, else the store of `--store` (created on first use).
pub(crate) fn open(cli: &Cli, matches: &ArgMatches) -> Result<Box<dyn KeyManager>, Failure> {
    let region_given = matches.value_source("region") == Some(ValueSource::CommandLine);
    if cli.endpoint_url.is_some() || cli.profile.is_some() || region_given {
        return remote(cli);
    }
    let store = cli
        .store
        .as_ref()
        .ok_or_else(|| Failure("no store: pass --store DIR or set KMS_STORE".into()))?;
    let kms = FileKeyManager::open_or_create(store, root_key(cli)?)?;
    Ok(Box::new(kms))
}

/// The root key: `--root-key-file`, else `KMS_ROOT_KEY`, else `KMS_PASSPHRASE`.
pub(crate) fn root_key(cli: &Cli) -> Result<RootKey, Failure> {
    if let Some(file) = &cli.root_key_file {
        Ok(RootKey::KeyFile(file.clone()))
    } else if std::env::var_os("KMS_ROOT_KEY").is_some() {
        Ok(RootKey::EnvVar("KMS_ROOT_KEY".into()))
    } else if let Ok(pass) = std::env::var("KMS_PASSPHRASE") {
        Ok(RootKey::passphrase(pass))
    } else {
        Err(Failure(
            "no root key: pass --root-key-file, or set KMS_ROOT_KEY_FILE, KMS_ROOT_KEY or KMS_PASSPHRASE".into(),
        ))
    }
}

/// AWS KMS through `AwsKms`, configured by the AWS chain (credentials,
/// config files) with the command line's endpoint, profile and region.
#[cfg(feature = "aws")]
fn remote(cli: &Cli) -> Result<Box<dyn KeyManager>, Failure> {
    let mut builder = polykms::remote::aws::AwsKms::builder();
    if let Some(url) = &cli.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    if let Some(profile) = &cli.profile {
        builder = builder.profile(profile);
    }
    if let Some(region) = &cli.region {
        builder = builder.region(region);
    }
    let kms = builder
        .build_blocking()
        .map_err(|e| Failure(format!("AWS KMS: {e}")))?;
    Ok(Box::new(kms))
}

/// Without the `aws` feature there is no AWS client to talk through.
#[cfg(not(feature = "aws"))]
fn remote(_cli: &Cli) -> Result<Box<dyn KeyManager>, Failure> {
    Err(Failure(
        "--endpoint-url, --profile and --region need a kms built with `--features cli,aws`".into(),
    ))
}
