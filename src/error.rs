//! The one error type of the crate.

use crate::key::KeyId;
use crate::spec::{KeySpec, KeyState, KeyUsage};

/// The result type of every fallible operation in the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, named by what the caller can do about it.
///
/// The variants follow the exceptions of the cloud KMS APIs (`NotFoundException`,
/// `DisabledException`, `KMSInvalidStateException`, …). Cryptographic failures
/// ([`Error::InvalidCiphertext`], [`Error::InvalidSignature`], [`Error::InvalidMac`])
/// say nothing about which check failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No key or alias by that name (or it was deleted).
    #[error("{resource} not found")]
    NotFound {
        /// What was looked up, e.g. `key 1234abcd-…` or `alias alias/app`.
        resource: String,
    },

    /// An alias (or other unique name) is already taken.
    #[error("{resource} already exists")]
    AlreadyExists {
        /// What already exists.
        resource: String,
    },

    /// The key is disabled; enable it first.
    #[error("key {key_id} is disabled")]
    Disabled {
        /// The key.
        key_id: KeyId,
    },

    /// The key's state does not allow the operation (pending deletion, pending import, …).
    #[error("key {key_id} is in state {state}, which does not allow {operation}")]
    InvalidState {
        /// The key.
        key_id: KeyId,
        /// The key's state.
        state: KeyState,
        /// The refused operation.
        operation: &'static str,
    },

    /// The key's usage does not allow the operation.
    #[error("key {key_id} has usage {usage}, which does not allow {operation}")]
    InvalidKeyUsage {
        /// The key.
        key_id: KeyId,
        /// The key's usage.
        usage: KeyUsage,
        /// The refused operation.
        operation: &'static str,
    },

    /// The key's spec does not support the operation at all (e.g. the public
    /// key of a symmetric key).
    #[error("key {key_id} of spec {spec} does not support {operation}")]
    UnsupportedOperation {
        /// The key.
        key_id: KeyId,
        /// The key's spec.
        spec: KeySpec,
        /// The refused operation.
        operation: &'static str,
    },

    /// The algorithm (or message type) is not one this key's spec and usage allow.
    #[error("key {key_id} of spec {spec} does not allow {algorithm}")]
    UnsupportedAlgorithm {
        /// The key.
        key_id: KeyId,
        /// The key's spec.
        spec: KeySpec,
        /// The refused algorithm (or algorithm and message type).
        algorithm: String,
    },

    /// An argument is out of range or malformed.
    #[error("invalid {name}: {reason}")]
    InvalidArgument {
        /// The argument.
        name: &'static str,
        /// What is wrong, with the allowed range.
        reason: String,
    },

    /// An alias name breaks the alias rules.
    #[error("invalid alias name {alias:?}: {reason}")]
    InvalidAliasName {
        /// The alias as given.
        alias: String,
        /// Which rule it breaks.
        reason: &'static str,
    },

    /// A name is not a spelling of any vendor for that kind of value.
    #[error("unrecognized {kind} {name:?}")]
    UnrecognizedName {
        /// What kind of value ("key spec", "signing algorithm", …).
        kind: &'static str,
        /// The name as given.
        name: String,
    },

    /// A vendor feature this crate recognises but does not implement.
    #[error("{what} is not supported")]
    Unsupported {
        /// What is not supported.
        what: String,
    },

    /// A quota was reached (e.g. tags per key).
    #[error("limit exceeded: {what} (at most {limit})")]
    LimitExceeded {
        /// What is limited.
        what: &'static str,
        /// The limit.
        limit: usize,
    },

    /// The ciphertext was made under a different key than the one named.
    #[error("the ciphertext was not encrypted under key {key_id}")]
    IncorrectKey {
        /// The key named in the request.
        key_id: KeyId,
    },

    /// The ciphertext is malformed, tampered with, or its encryption context does not match.
    #[error("invalid ciphertext")]
    InvalidCiphertext,

    /// The signature does not verify.
    #[error("invalid signature")]
    InvalidSignature,

    /// The MAC does not verify.
    #[error("invalid MAC")]
    InvalidMac,

    /// The system random number generator failed.
    #[error("the system random number generator failed")]
    Rng,

    /// Reading or writing the store failed (disk full, permission denied, …);
    /// the cause is the [`source`](std::error::Error::source).
    #[error("storage failure at {}", path.display())]
    Storage {
        /// The file or directory.
        path: std::path::PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },

    /// A store file fails authentication or is malformed: it was corrupted
    /// or tampered with (edited, truncated, reordered, replayed).
    #[error("store file {} is corrupt or was tampered with: {detail}", path.display())]
    Corrupt {
        /// The file.
        path: std::path::PathBuf,
        /// What was found.
        detail: String,
    },

    /// The root key (or passphrase) does not open this store.
    #[error("wrong root key or passphrase for the store at {}", path.display())]
    WrongRootKey {
        /// The store's directory.
        path: std::path::PathBuf,
    },

    /// The store was written in a format this version does not read.
    #[error("unsupported store format {found} at {}", path.display())]
    UnsupportedFormat {
        /// The store's header file.
        path: std::path::PathBuf,
        /// The format and version found.
        found: String,
    },

    /// Another process held the store's lock for longer than the timeout.
    #[error("the store at {} is locked by another process (waited {waited:?})", path.display())]
    Locked {
        /// The lock file.
        path: std::path::PathBuf,
        /// How long this process waited.
        waited: std::time::Duration,
    },
}

impl Error {
    pub(crate) fn invalid_argument(name: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidArgument {
            name,
            reason: reason.into(),
        }
    }

    pub(crate) fn storage(path: impl Into<std::path::PathBuf>, source: std::io::Error) -> Self {
        Self::Storage {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn corrupt(path: impl Into<std::path::PathBuf>, detail: impl Into<String>) -> Self {
        Self::Corrupt {
            path: path.into(),
            detail: detail.into(),
        }
    }

    pub(crate) fn key_not_found(key: impl std::fmt::Display) -> Self {
        Self::NotFound {
            resource: format!("key {key}"),
        }
    }
}
