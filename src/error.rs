//! The one error type of the crate, and the kinds every provider and wire
//! front shares.

mod kind;
mod remote;

pub use kind::ErrorKind;
pub use remote::RemoteError;

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

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
///
/// Local providers answer with the variant that carries the details. An error
/// a remote service reported is [`Error::Remote`], which keeps the service's
/// own error code, message and request id. Both have a [`kind`](Error::kind),
/// the stable classification shared by every provider and every wire front:
/// match on the kind to handle an error the same way whichever provider
/// raised it.
///
/// ```
/// use polykms::{ErrorKind, InMemory, KeyManager};
///
/// let kms = InMemory::new();
/// let error = kms.describe_key("alias/missing").unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::NotFound);
/// assert!(!error.is_retryable());
/// assert_eq!(error.to_string(), "alias alias/missing not found");
/// // A local provider answered: there is no vendor code or request id.
/// assert_eq!(error.vendor_code(), None);
/// ```
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
        operation: String,
    },

    /// The key's usage does not allow the operation.
    #[error("key {key_id} has usage {usage}, which does not allow {operation}")]
    InvalidKeyUsage {
        /// The key.
        key_id: KeyId,
        /// The key's usage.
        usage: KeyUsage,
        /// The refused operation.
        operation: String,
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
        operation: String,
    },

    /// The algorithm (or message type) is not one this key's spec and usage allow.
    #[error("key {key_id} of spec {spec} does not allow {algorithm}")]
    AlgorithmNotAllowed {
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
        name: String,
        /// What is wrong, with the allowed range.
        reason: String,
    },

    /// A listing's marker that the listing never gave out.
    #[error("not a marker from {listing}")]
    InvalidMarker {
        /// The listing (`list_keys`, `list_key_rotations`).
        listing: String,
    },

    /// An alias name breaks the alias rules.
    #[error("invalid alias name {alias:?}: {reason}")]
    InvalidAliasName {
        /// The alias as given (its first 64 characters and its length, when
        /// it is longer).
        alias: String,
        /// Which rule it breaks.
        reason: String,
    },

    /// A name is not a spelling of any vendor for that kind of value.
    #[error("unrecognized {what} {name:?}")]
    UnrecognizedName {
        /// What kind of value ("key spec", "signing algorithm", …).
        what: String,
        /// The name as given (its first 64 characters and its length, when
        /// it is longer).
        name: String,
    },

    /// A vendor feature this crate recognises but does not implement (for
    /// example the key usage `ENCAPSULATE_DECAPSULATE`).
    #[error("{feature} is not implemented")]
    NotImplemented {
        /// What is not implemented.
        feature: String,
    },

    /// A quota was reached (e.g. tags per key).
    #[error("limit exceeded: {what} (at most {limit})")]
    LimitExceeded {
        /// What is limited.
        what: String,
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
        operation: String,
    },

    /// The import token is malformed, was not issued by this key manager, or
    /// was superseded by a later `get_parameters_for_import` for the key.
    #[error("invalid import token for key {key_id}: {reason}")]
    InvalidImportToken {
        /// The key being imported into.
        key_id: KeyId,
        /// What is wrong with the token.
        reason: String,
    },

    /// The import token (and its wrapping key) expired; get new parameters.
    #[error("the import token for key {key_id} expired")]
    ExpiredImportToken {
        /// The key being imported into.
        key_id: KeyId,
        /// When the token expired.
        expired_at: SystemTime,
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

    /// The file store failed: see [`StoreError`].
    #[error(transparent)]
    Store(#[from] StoreError),

    /// A remote service answered with an error, or could not be reached:
    /// see [`RemoteError`].
    #[error(transparent)]
    Remote(Box<RemoteError>),
}

/// How the file store failed ([`Error::Store`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Reading or writing the store failed (disk full, permission denied, …);
    /// the cause is the [`source`](std::error::Error::source).
    #[error("storage failure at {}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },

    /// A store file fails authentication or is malformed: it was corrupted
    /// or tampered with (edited, truncated, reordered, replayed).
    #[error("store file {} is corrupt or was tampered with: {detail}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What was found.
        detail: String,
    },

    /// The root key (or passphrase) does not open this store.
    #[error("wrong root key or passphrase for the store at {}", path.display())]
    WrongRootKey {
        /// The store's directory.
        path: PathBuf,
    },

    /// The store was written in a format this version does not read.
    #[error("unknown store format {found} at {}", path.display())]
    UnknownFormat {
        /// The store's header file.
        path: PathBuf,
        /// The format and version found.
        found: String,
    },

    /// Another process held the store's lock for longer than the timeout.
    #[error("the store at {} is locked by another process (waited {waited:?})", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
        /// How long this process waited.
        waited: Duration,
    },

    /// The store directory does not hold a store (opened with
    /// [`FileKeyManager::open`](crate::FileKeyManager::open), which does not
    /// create one).
    #[error("no store at {}", path.display())]
    NoStore {
        /// The directory.
        path: PathBuf,
    },

    /// A store already exists in the directory (opened with
    /// [`FileKeyManager::create`](crate::FileKeyManager::create), which does
    /// not open one).
    #[error("a store already exists at {}", path.display())]
    StoreExists {
        /// The directory.
        path: PathBuf,
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
        format: String,
        /// What could not be read.
        detail: String,
    },
}

impl Error {
    /// The stable classification of the error, the same whichever provider
    /// or wire front raised it.
    pub fn kind(&self) -> ErrorKind {
        use ErrorKind as K;
        match self {
            Self::NotFound { .. } => K::NotFound,
            Self::AlreadyExists { .. } => K::AlreadyExists,
            Self::Disabled { .. } => K::Disabled,
            Self::InvalidState { .. } => K::InvalidState,
            Self::InvalidKeyUsage { .. } => K::InvalidKeyUsage,
            Self::UnsupportedOperation { .. } | Self::PublicKeyOnly { .. } => {
                K::UnsupportedOperation
            }
            Self::AlgorithmNotAllowed { .. } => K::AlgorithmNotAllowed,
            Self::InvalidArgument { .. } | Self::UnrecognizedName { .. } => K::InvalidArgument,
            Self::InvalidMarker { .. } => K::InvalidMarker,
            Self::InvalidAliasName { .. } => K::InvalidAliasName,
            Self::NotImplemented { .. } => K::NotImplemented,
            Self::LimitExceeded { .. } => K::LimitExceeded,
            Self::IncorrectKey { .. } => K::IncorrectKey,
            Self::InvalidCiphertext => K::InvalidCiphertext,
            Self::InvalidSignature => K::InvalidSignature,
            Self::InvalidMac => K::InvalidMac,
            Self::VersionRetired { .. } => K::VersionRetired,
            Self::InvalidImportToken { .. } | Self::ImportTokenForAnotherKey { .. } => {
                K::InvalidImportToken
            }
            Self::ExpiredImportToken { .. } => K::ExpiredImportToken,
            // Material that does not unwrap is a ciphertext that does not
            // decrypt, as the clouds report it.
            Self::InvalidKeyMaterial {
                problem: MaterialProblem::Unwrap,
                ..
            } => K::InvalidCiphertext,
            Self::InvalidKeyMaterial { .. } => K::InvalidKeyMaterial,
            Self::IncorrectKeyMaterial { .. } => K::IncorrectKeyMaterial,
            Self::Rng => K::Internal,
            Self::Store(StoreError::Locked { .. }) => K::Timeout,
            Self::Store(StoreError::NoStore { .. }) => K::NotFound,
            Self::Store(StoreError::StoreExists { .. }) => K::AlreadyExists,
            Self::Store(_) => K::Storage,
            Self::Remote(remote) => remote.kind,
        }
    }

    /// Whether the same request may succeed if tried again later, unchanged:
    /// throttling, an unavailable service, a timeout, a transport failure or
    /// an internal error ([`ErrorKind::is_retryable`]).
    pub fn is_retryable(&self) -> bool {
        self.kind().is_retryable()
    }

    /// The vendor's error code (e.g. `NotFoundException`) when a remote
    /// service answered.
    pub fn vendor_code(&self) -> Option<&str> {
        match self {
            Self::Remote(remote) => remote.code.as_deref(),
            _ => None,
        }
    }

    /// The request id the remote service gave its answer, when one answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Remote(remote) => remote.request_id.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn invalid_argument(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidArgument {
            name: name.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn storage(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Store(StoreError::Io {
            path: path.into(),
            source,
        })
    }

    pub(crate) fn corrupt(path: impl Into<PathBuf>, detail: impl Into<String>) -> Self {
        Self::Store(StoreError::Corrupt {
            path: path.into(),
            detail: detail.into(),
        })
    }

    pub(crate) fn key_not_found(key: impl std::fmt::Display) -> Self {
        Self::NotFound {
            resource: format!("key {key}"),
        }
    }
}

impl From<RemoteError> for Error {
    fn from(remote: RemoteError) -> Self {
        Self::Remote(Box::new(remote))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_stays_small() {
        // Every `Result` of the crate carries it; boxing the remote details
        // keeps the hot path's results small.
        assert!(
            std::mem::size_of::<Error>() <= 112,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn remote_errors_keep_their_details_and_source() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer");
        let error =
            Error::from(RemoteError::new(ErrorKind::Transport, "connection lost").with_source(io));
        assert_eq!(error.kind(), ErrorKind::Transport);
        assert!(error.is_retryable());
        let source = std::error::Error::source(&error).expect("the transport error is kept");
        assert_eq!(source.to_string(), "reset by peer");

        let error = Error::from(
            RemoteError::new(ErrorKind::NotFound, "Key 'arn:…' does not exist")
                .with_code("NotFoundException")
                .with_request_id("4f6c2e1a")
                .with_http_status(400),
        );
        assert_eq!(error.kind(), ErrorKind::NotFound);
        assert!(!error.is_retryable());
        assert_eq!(error.vendor_code(), Some("NotFoundException"));
        assert_eq!(error.request_id(), Some("4f6c2e1a"));
        assert_eq!(
            error.to_string(),
            "NotFoundException: Key 'arn:…' does not exist (request id 4f6c2e1a)"
        );
    }

    #[test]
    fn a_store_lock_timeout_is_a_retryable_timeout() {
        let error = Error::Store(StoreError::Locked {
            path: "/tmp/store/LOCK".into(),
            waited: Duration::from_secs(10),
        });
        assert_eq!(error.kind(), ErrorKind::Timeout);
        assert!(error.is_retryable());
        assert_eq!(Error::corrupt("/x", "bad").kind(), ErrorKind::Storage);
        let missing = Error::Store(StoreError::NoStore { path: "/x".into() });
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        let taken = Error::Store(StoreError::StoreExists { path: "/x".into() });
        assert_eq!(taken.kind(), ErrorKind::AlreadyExists);
        assert!(!Error::corrupt("/x", "bad").is_retryable());
    }
}
