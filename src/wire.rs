//! The vendors' wire protocols: request and response shapes, encodings and
//! error-code tables, one module per vendor, shared by everything that
//! speaks a protocol (the `kms` tool today; server fronts and remote
//! clients build on the same modules, so that the two sides never drift).
//!
//! Each vendor has one error table: a row per [`ErrorKind`] with the
//! vendor's error code and HTTP status (AWS KMS's is
//! [`aws::ERROR_CODES`], Alibaba Cloud's [`alibaba::ERROR_CODES`],
//! Huawei Cloud's [`huawei::ERROR_CODES`]). A server front answers an error
//! with [`ErrorCode::for_kind`]; a remote client turns a vendor's code back
//! into a kind with [`ErrorCode::kind_of`].

pub mod alibaba;
pub mod aws;
pub mod huawei;

use crate::error::ErrorKind;

/// One row of a vendor's error table: the vendor's code and HTTP status for
/// an [`ErrorKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The kind.
    pub kind: ErrorKind,
    /// The vendor's error code (AWS's `__type`; Alibaba's `Code` and Huawei's
    /// `error_code` in theirs).
    pub code: &'static str,
    /// The HTTP status the vendor answers it with.
    pub http_status: u16,
}

impl ErrorCode {
    /// The row of `table` for `kind`. Every table has a row for every kind
    /// (its tests check it), so this never fails for a table of this crate.
    pub fn for_kind(table: &'static [ErrorCode], kind: ErrorKind) -> Option<&'static ErrorCode> {
        table.iter().find(|row| row.kind == kind)
    }

    /// The kind of a vendor's error `code`: the first row of `table` with
    /// that code (a table lists the row to read a shared code as first), or
    /// `None` for a code the table does not know.
    pub fn kind_of(table: &'static [ErrorCode], code: &str) -> Option<ErrorKind> {
        table
            .iter()
            .find(|row| row.code == code)
            .map(|row| row.kind)
    }
}

/// Checks that a vendor's table has exactly one row per [`ErrorKind`] (each
/// vendor module's tests call it on its table).
#[cfg(test)]
pub(crate) fn assert_one_row_per_kind(table: &[ErrorCode]) {
    for kind in ErrorKind::ALL {
        let rows = table.iter().filter(|r| r.kind == kind).count();
        assert_eq!(rows, 1, "{kind}");
    }
    assert_eq!(table.len(), ErrorKind::ALL.len());
}
