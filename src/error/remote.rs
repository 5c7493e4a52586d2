//! [`RemoteError`]: what a remote service answered, or why it could not.

use std::fmt;

use super::ErrorKind;

/// An error from a remote service ([`Error::Remote`](crate::Error::Remote)):
/// its kind, the vendor's own error code and message, the request id and
/// HTTP status of the answer, and, for a transport failure, the underlying
/// error as [`source`](std::error::Error::source).
///
/// Remote providers build it from the service's answer, mapping the code to a
/// kind through the vendor's table in [`wire`](crate::wire); a third-party
/// provider can build it the same way.
///
/// ```
/// use polykms::{Error, ErrorKind, RemoteError};
///
/// let error: Error = RemoteError::new(ErrorKind::Throttled, "Rate exceeded")
///     .with_code("ThrottlingException")
///     .with_request_id("b7a1c0de")
///     .with_http_status(400)
///     .into();
/// assert!(error.is_retryable());
/// assert_eq!(error.vendor_code(), Some("ThrottlingException"));
/// assert_eq!(error.request_id(), Some("b7a1c0de"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct RemoteError {
    /// The kind, from the vendor's error code (or from what failed, when no
    /// answer came).
    pub kind: ErrorKind,
    /// The vendor's error code, e.g. `NotFoundException`, when the service answered.
    pub code: Option<String>,
    /// The service's message, or what failed.
    pub message: String,
    /// The id the service gave the request, when it answered.
    pub request_id: Option<String>,
    /// The HTTP status of the answer, when there was one.
    pub http_status: Option<u16>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl RemoteError {
    /// An error of `kind` with a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            code: None,
            message: message.into(),
            request_id: None,
            http_status: None,
            source: None,
        }
    }

    /// Sets the vendor's error code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets the request id.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sets the HTTP status.
    pub fn with_http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// Keeps the underlying error (a transport failure, a timeout).
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{code}: {}", self.message)?,
            None => write!(f, "{}", self.message)?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for RemoteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}
