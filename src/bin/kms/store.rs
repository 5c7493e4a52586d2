//! Opening the store: the one place that knows the provider.

use polykms::{FileKeyManager, KeyManager, RootKey};

use crate::Failure;
use crate::cli::Cli;

/// The store of `--store` (created on first use), as a key manager.
pub(crate) fn open(cli: &Cli) -> Result<Box<dyn KeyManager>, Failure> {
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
