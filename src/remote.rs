//! Providers that call a cloud KMS: its operations behind the same traits as
//! the local providers.
//!
//! A remote provider is async at heart: it implements
//! [`AsyncKeyManager`](crate::AsyncKeyManager), and offers the blocking
//! [`KeyManager`](crate::KeyManager) through [`Blocking`](crate::Blocking),
//! which runs its futures on a runtime thread of its own.
//!
//! What a cloud answers with an error becomes [`Error::Remote`](crate::Error::Remote),
//! keeping the vendor's error code and the request id for a support ticket,
//! its [`kind`](crate::Error::kind) read through the vendor's table in
//! [`wire`](crate::wire) (the one the server's front uses the other way
//! round). An operation the cloud's API cannot express is
//! [`Error::UnsupportedOperation`](crate::Error::UnsupportedOperation)
//! naming it; nothing is made up.
//!
//! | module | feature | service | through |
//! |---|---|---|---|
//! | `aws` | `aws` | AWS KMS | the official `aws-sdk-kms` and `aws-config` |
//! | `alibaba` | `alibaba` | Alibaba Cloud KMS | requests signed here (signature V3, [`wire::alibaba`](crate::wire::alibaba)) over hyper and rustls |
//! | `huawei` | `huawei` | Huawei Cloud KMS | requests signed here (`SDK-HMAC-SHA256`, [`wire::huawei`](crate::wire::huawei)) over hyper and rustls |

#[cfg(feature = "alibaba")]
pub mod alibaba;
#[cfg(feature = "aws")]
pub mod aws;
#[cfg(feature = "huawei")]
pub mod huawei;
#[cfg(any(feature = "alibaba", feature = "huawei"))]
mod shared;
