#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![doc = include_str!("../README.md")]
//!
//! # The crate in one example
//!
//! ```
//! use polykms::{
//!     CreateKeyRequest, DecryptRequest, EncryptRequest, EncryptionContext, InMemory,
//!     KeyManager, SignRequest, SigningAlgorithm, VerifyRequest,
//! };
//!
//! let kms = InMemory::new();
//!
//! // A symmetric key, spelled the way Alibaba Cloud spells it, with an alias.
//! let key = kms.create_key(
//!     CreateKeyRequest::new("Aliyun_AES_256".parse()?).alias("alias/orders"),
//! )?;
//! let context = EncryptionContext::new().with("order", "42");
//! let sealed = kms.encrypt(EncryptRequest::new("alias/orders", b"card number").context(&context))?;
//! let opened = kms.decrypt(DecryptRequest::new(&sealed.ciphertext_blob).context(&context))?;
//! assert_eq!(opened.plaintext.expose_secret(), b"card number");
//! assert_eq!(opened.key_id, key.key_id);
//!
//! // An ECDSA key, spelled the way Huawei Cloud spells it.
//! let signer = kms.create_key(CreateKeyRequest::new("EC_P256".parse()?))?;
//! let id = signer.key_id.as_str();
//! let signed = kms.sign(SignRequest::new(id, b"release 1.0", SigningAlgorithm::EcdsaSha256))?;
//! kms.verify(VerifyRequest::new(id, b"release 1.0", SigningAlgorithm::EcdsaSha256, &signed.signature))?;
//! assert!(kms
//!     .verify(VerifyRequest::new(id, b"release 1.1", SigningAlgorithm::EcdsaSha256, &signed.signature))
//!     .is_err());
//! # Ok::<(), polykms::Error>(())
//! ```

#[cfg(feature = "tokio")]
mod blocking;
mod ciphertext;
mod clock;
#[cfg(feature = "conformance")]
pub mod conformance;
mod crypto;
mod engine;
mod error;
pub mod file;
mod key;
mod local;
mod manager;
pub mod memory;
#[cfg(any(feature = "aws", feature = "alibaba", feature = "huawei"))]
pub mod remote;
mod request;
mod response;
mod secret;
#[cfg(feature = "server")]
pub mod server;
pub mod signer;
pub mod spec;
pub mod wire;

#[cfg(feature = "tokio")]
pub use blocking::Blocking;
pub use ciphertext::{EncryptionContext, OVERHEAD as CIPHERTEXT_OVERHEAD};
pub use clock::{Clock, ManualClock, SystemClock};
pub use crypto::sm2::SM2_DEFAULT_DISTID;
pub use crypto::wrap::wrap_key_material;
pub use error::{Error, ErrorKind, MaterialProblem, RemoteError, Result, StoreError};
pub use file::{Argon2Params, DEFAULT_USAGE_FLUSH_INTERVAL, FileKeyManager, FileOptions, RootKey};
pub use key::{
    AliasEntry, KeyId, KeyListEntry, KeyMetadata, ListAliasesPage, ListKeysPage,
    ListResourceTagsPage, ResourceNamespace, Tag,
};
pub use local::{Local, Storage};
pub use manager::{AsyncKeyManager, AsyncKeyManagerExt, BoxFuture, KeyManager, KeyManagerExt};
pub use memory::{InMemory, MemoryOptions};
pub use request::{
    CreateAliasRequest, CreateKeyRequest, DataKeyLength, DecryptRequest, DeriveSharedSecretRequest,
    EnableKeyRotationRequest, EncryptRequest, GenerateDataKeyPairRequest, GenerateDataKeyRequest,
    GenerateMacRequest, GenerateRandomRequest, GetParametersForImportRequest,
    ImportKeyMaterialRequest, ImportPublicKeyRequest, ListAliasesRequest, ListKeyRotationsRequest,
    ListKeysRequest, ListResourceTagsRequest, ReEncryptRequest, ScheduleKeyDeletionRequest,
    SetMinimumDecryptionVersionRequest, SignRequest, TagResourceRequest, UntagResourceRequest,
    UpdateAliasRequest, UpdateKeyDescriptionRequest, VerifyMacRequest, VerifyRequest,
};
pub use response::{
    CryptoOperation, DataKey, DataKeyPair, DecryptResponse, DeriveSharedSecretResponse,
    EncryptResponse, EncryptedDataKey, EncryptedDataKeyPair, ImportParameters, KeyLastUsage,
    KeyRotation, KeyRotationStatus, KeyUse, ListKeyRotationsPage, MacResponse, PublicKeyInfo,
    ReEncryptResponse, SignResponse, VerifyMacResponse, VerifyResponse,
};
pub use secret::SecretBytes;
pub use spec::{
    DataKeyPairSpec, DataKeySpec, EncryptionAlgorithm, KeyAgreementAlgorithm, KeySpec, KeyState,
    KeyUsage, MacAlgorithm, MessageType, Origin, RotationType, SigningAlgorithm, Spellings, Vendor,
    Vocabulary, WrappingAlgorithm, WrappingKeySpec, limits,
};

#[cfg(test)]
mod test_util {
    use std::future::Future;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    use std::thread::{self, Thread};

    /// Polls `future` to completion on this thread, parking between polls
    /// (a test's executor, when no runtime is wanted).
    pub(crate) fn drive<F: Future>(future: F) -> F::Output {
        struct Unpark(Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
            thread::park();
        }
    }

    /// Bytes from hex, ignoring whitespace (for test vectors).
    pub(crate) fn hex(text: &str) -> Vec<u8> {
        let text: String = text.split_whitespace().collect();
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
            .collect()
    }
}
