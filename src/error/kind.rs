//! [`ErrorKind`]: the stable classification of an error.

use std::fmt;

/// What kind of error happened, the same whichever provider raised it: a
/// local provider, a remote one decoding a cloud's answer, or a wire front
/// turning a request into an error response.
///
/// New kinds may be added; a `match` needs a wildcard arm. Each vendor's
/// error codes and HTTP statuses map to and from kinds through one table per
/// vendor: AWS KMS's is [`wire::aws::ERROR_CODES`](crate::wire::aws::ERROR_CODES);
/// Alibaba Cloud's and Huawei Cloud's come with their wire modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The key or alias (or the file store) does not exist.
    NotFound,
    /// The alias (or other unique name, or the file store) is taken.
    AlreadyExists,
    /// The key is disabled.
    Disabled,
    /// The key's state does not allow the operation.
    InvalidState,
    /// The key's usage does not allow the operation.
    InvalidKeyUsage,
    /// The key cannot do this operation at all.
    UnsupportedOperation,
    /// The algorithm or message type does not fit the key.
    AlgorithmNotAllowed,
    /// An argument is malformed or out of range.
    InvalidArgument,
    /// A listing's marker that the listing never gave out.
    InvalidMarker,
    /// An alias name breaks the alias rules.
    InvalidAliasName,
    /// A feature the provider recognises but does not implement.
    NotImplemented,
    /// A quota was reached.
    LimitExceeded,
    /// The ciphertext belongs to another key.
    IncorrectKey,
    /// The ciphertext does not decrypt.
    InvalidCiphertext,
    /// The signature does not verify.
    InvalidSignature,
    /// The MAC does not verify.
    InvalidMac,
    /// The material version that made the ciphertext is retired (a MAC of a
    /// retired version fails as [`InvalidMac`](Self::InvalidMac): a MAC does
    /// not say which version made it).
    VersionRetired,
    /// The import token is malformed, superseded, or for another key.
    InvalidImportToken,
    /// The import token expired.
    ExpiredImportToken,
    /// The imported key material does not fit the key.
    InvalidKeyMaterial,
    /// The imported key material differs from the key's earlier material.
    IncorrectKeyMaterial,
    /// The caller's credentials do not allow the request.
    AccessDenied,
    /// Too many requests; slow down and retry.
    Throttled,
    /// The service (or the key) is unavailable for now.
    Unavailable,
    /// The service, or a resource it waited for, did not answer in time.
    Timeout,
    /// The request did not reach the service, or its answer did not come
    /// back (connection refused or reset, TLS failure, malformed answer).
    Transport,
    /// The provider's own storage failed (I/O error, corrupt store, wrong
    /// root key).
    Storage,
    /// The provider failed internally.
    Internal,
}

impl ErrorKind {
    /// Every kind, in declaration order (for tables and their tests).
    pub const ALL: [ErrorKind; 28] = [
        Self::NotFound,
        Self::AlreadyExists,
        Self::Disabled,
        Self::InvalidState,
        Self::InvalidKeyUsage,
        Self::UnsupportedOperation,
        Self::AlgorithmNotAllowed,
        Self::InvalidArgument,
        Self::InvalidMarker,
        Self::InvalidAliasName,
        Self::NotImplemented,
        Self::LimitExceeded,
        Self::IncorrectKey,
        Self::InvalidCiphertext,
        Self::InvalidSignature,
        Self::InvalidMac,
        Self::VersionRetired,
        Self::InvalidImportToken,
        Self::ExpiredImportToken,
        Self::InvalidKeyMaterial,
        Self::IncorrectKeyMaterial,
        Self::AccessDenied,
        Self::Throttled,
        Self::Unavailable,
        Self::Timeout,
        Self::Transport,
        Self::Storage,
        Self::Internal,
    ];

    /// Whether a request that failed this way may succeed if sent again
    /// unchanged, after a pause: throttling, unavailability, timeouts,
    /// transport failures and internal errors.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            Self::Throttled | Self::Unavailable | Self::Timeout | Self::Transport | Self::Internal
        )
    }

    /// The kind's name, as in the source (`NotFound`, `Throttled`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "NotFound",
            Self::AlreadyExists => "AlreadyExists",
            Self::Disabled => "Disabled",
            Self::InvalidState => "InvalidState",
            Self::InvalidKeyUsage => "InvalidKeyUsage",
            Self::UnsupportedOperation => "UnsupportedOperation",
            Self::AlgorithmNotAllowed => "AlgorithmNotAllowed",
            Self::InvalidArgument => "InvalidArgument",
            Self::InvalidMarker => "InvalidMarker",
            Self::InvalidAliasName => "InvalidAliasName",
            Self::NotImplemented => "NotImplemented",
            Self::LimitExceeded => "LimitExceeded",
            Self::IncorrectKey => "IncorrectKey",
            Self::InvalidCiphertext => "InvalidCiphertext",
            Self::InvalidSignature => "InvalidSignature",
            Self::InvalidMac => "InvalidMac",
            Self::VersionRetired => "VersionRetired",
            Self::InvalidImportToken => "InvalidImportToken",
            Self::ExpiredImportToken => "ExpiredImportToken",
            Self::InvalidKeyMaterial => "InvalidKeyMaterial",
            Self::IncorrectKeyMaterial => "IncorrectKeyMaterial",
            Self::AccessDenied => "AccessDenied",
            Self::Throttled => "Throttled",
            Self::Unavailable => "Unavailable",
            Self::Timeout => "Timeout",
            Self::Transport => "Transport",
            Self::Storage => "Storage",
            Self::Internal => "Internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_kind_once() {
        let names: std::collections::HashSet<_> =
            ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        let retryable: Vec<_> = ErrorKind::ALL
            .iter()
            .filter(|k| k.is_retryable())
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            retryable,
            [
                "Throttled",
                "Unavailable",
                "Timeout",
                "Transport",
                "Internal"
            ]
        );
    }
}
