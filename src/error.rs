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
        /// The alias as given (its first 64 characters and its length, when
        /// it is longer).
        alias: String,
        /// Which rule it breaks.
        reason: &'static str,
    },

    /// A name is not a spelling of any vendor for that kind of value.
    #[error("unrecognized {kind} {name:?}")]
    UnrecognizedName {
        /// What kind of value ("key spec", "signing algorithm", …).
        kind: &'static str,
        /// The name as given (its first 64 characters and its length, when
        /// it is longer).
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

    /// The ciphertext was made under a material version that has been
    /// retired with [`set_minimum_decryption_version`](crate::KeyManager::set_minimum_decryption_version).
    #[error(
        "key {key_id}: material version {version} is retired (versions before {minimum} no longer decrypt or verify)"
    )]
    VersionRetired {
        /// The key.
        key_id: KeyId,
        /// The version the ciphertext names.
        version: u32,
        /// The key's minimum decryption version.
        minimum: u32,
    },
    /// The key holds only a public key (imported with
    /// [`import_public_key`](crate::KeyManager::import_public_key)); the
    /// operation needs the private key.
    #[error("key {key_id} holds only a public key, which does not allow {operation}")]
    PublicKeyOnly {
        /// The key.
        key_id: KeyId,
        /// The refused operation.
        operation: &'static str,
    },
    /// The import token is malformed, was not issued by this key manager, or
    /// was superseded by a later `get_parameters_for_import` for the key.
    #[error("invalid import token for key {key_id}: {reason}")]
    InvalidImportToken {
        /// The key being imported into.
        key_id: KeyId,
        /// What is wrong with the token.
        reason: &'static str,
    },
    /// The import token (and its wrapping key) expired; get new parameters.
    #[error("the import token for key {key_id} expired")]
    ExpiredImportToken {
        /// The key being imported into.
        key_id: KeyId,
        /// When the token expired.
        expired_at: std::time::SystemTime,
    },
    /// The import token was issued for another key.
    #[error("the import token was issued for key {token_key_id}, not for key {key_id}")]
    ImportTokenForAnotherKey {
        /// The key being imported into.
        key_id: KeyId,
        /// The key the token belongs to.
        token_key_id: KeyId,
    },
    /// The key material cannot be imported into this key: see [`MaterialProblem`].
    #[error("key material for key {key_id} (spec {spec}) refused: {problem}")]
    InvalidKeyMaterial {
        /// The key being imported into.
        key_id: KeyId,
        /// The key's spec.
        spec: KeySpec,
        /// What is wrong with the material.
        problem: MaterialProblem,
    },
    /// The key already had key material, and this is different material;
    /// a key only ever takes the material it was first given.
    #[error(
        "key {key_id} was given different key material before; only the same material can be re-imported"
    )]
    IncorrectKeyMaterial {
        /// The key being imported into.
        key_id: KeyId,
    },
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

/// Why key material was refused by import ([`Error::InvalidKeyMaterial`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MaterialProblem {
    /// The encrypted material does not decrypt with the import token's
    /// wrapping key and algorithm (wrong wrapping key or algorithm, or tampered).
    #[error(
        "the encrypted key material does not decrypt with the import token's wrapping key and algorithm"
    )]
    Unwrap,
    /// Symmetric or HMAC material of the wrong length.
    #[error("{actual} bytes of key material; this spec takes {expected}")]
    WrongLength {
        /// The accepted lengths, e.g. `32 bytes` or `48 to 128 bytes`.
        expected: String,
        /// The length given.
        actual: usize,
    },
    /// A well-formed private (or public) key of another type than the key's spec.
    #[error("the material is a {found} key")]
    WrongKeyType {
        /// What the material is, e.g. `ECC_NIST_P384` or `RSA with a 1024-bit modulus`.
        found: String,
    },
    /// Not a well-formed PKCS#8 private key (or, for a public key import,
    /// SubjectPublicKeyInfo) of the key's type.
    #[error("malformed {format}: {detail}")]
    Malformed {
        /// `PKCS#8 private key` or `SubjectPublicKeyInfo`.
        format: &'static str,
        /// What could not be read.
        detail: String,
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

/// A name as quoted in an error: whole when short, its first 64 characters
/// and its length otherwise, so that a huge hostile name is not copied.
pub(crate) fn shortened(text: &str) -> String {
    const SHOWN: usize = 64;
    match text.char_indices().nth(SHOWN) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}… ({} bytes)", &text[..end], text.len()),
    }
}
