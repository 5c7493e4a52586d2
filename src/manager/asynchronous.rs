//! [`AsyncKeyManager`], the async twin of [`KeyManager`], and its extension
//! trait.

mod ext;
#[cfg(test)]
mod tests;

pub use ext::AsyncKeyManagerExt;

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

#[cfg(doc)]
use super::KeyManager;
use super::with_key_manager_methods;
use crate::Result;
use crate::request::{GenerateDataKeyPairRequest, GenerateDataKeyRequest};
use crate::response::{EncryptedDataKey, EncryptedDataKeyPair};

/// The future of an [`AsyncKeyManager`] operation: boxed, `Send`, and
/// borrowing the provider and the request for `'a`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The trait's required methods, from the one list of `KeyManager`'s.
macro_rules! async_trait_methods {
    (() $lt:lifetime; required: [$($kind:ident $name:ident($arg:ident: $ty:ty) -> $out:ty;)+]
     provided: [$($provided:tt)+]) => {$(
        #[doc = concat!(
            "[`KeyManager::", stringify!($name), "`](crate::KeyManager::",
            stringify!($name), "), as a future."
        )]
        fn $name<$lt>(&$lt self, $arg: $ty) -> BoxFuture<$lt, Result<$out>>;
    )+};
}

/// The async interface: [`KeyManager`]'s operations, one to one, with the
/// same names, requests, responses and errors, each returning a boxed
/// `Send` future ([`BoxFuture`]) that may borrow the provider and the
/// request. The trait is object-safe: share a provider among tasks as
/// `Arc<dyn AsyncKeyManager>`. `Arc<K>`, `Box<K>` and `&K` implement it
/// when `K` does, and [`AsyncKeyManagerExt`] adds the `list_all_*` methods.
///
/// ```
/// use std::sync::Arc;
/// use polykms::{
///     AsyncKeyManager, CreateKeyRequest, DecryptRequest, EncryptRequest, InMemory, KeySpec,
/// };
///
/// async fn round_trip(kms: &dyn AsyncKeyManager) -> polykms::Result<()> {
///     let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault)).await?;
///     let sealed = kms.encrypt(EncryptRequest::new(&key.key_id, b"secret")).await?;
///     let opened = kms.decrypt(DecryptRequest::new(&sealed.ciphertext_blob)).await?;
///     assert_eq!(opened.plaintext.expose_secret(), b"secret");
///     Ok(())
/// }
///
/// let kms: Arc<dyn AsyncKeyManager> = Arc::new(InMemory::new());
/// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
/// runtime.block_on(round_trip(&*kms))?;
///
/// // A spawned task owns its handle; RSA generation runs off the executor.
/// let task = runtime.spawn({
///     let kms = Arc::clone(&kms);
///     async move { kms.create_key(CreateKeyRequest::new(KeySpec::Rsa2048)).await }
/// });
/// let key = runtime.block_on(task)??;
/// assert_eq!(key.key_spec, KeySpec::Rsa2048);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Where the local providers do the work
///
/// [`InMemory`](crate::InMemory), [`FileKeyManager`](crate::FileKeyManager)
/// (every [`Local`](crate::Local)) implement it with no code of their own.
/// Their futures are lazy (nothing happens before the first poll), and an
/// operation runs either inline, in the first poll, or off the executor,
/// decided from the request alone:
///
/// | operation | where |
/// |---|---|
/// | key generation of RSA specs: `create_key`, `generate_data_key_pair*`, `get_parameters_for_import` with an RSA wrapping key (RSA_4096: about a second, often more) | off the executor |
/// | RSA private-key operations: `sign` with `RSASSA_*`, `decrypt` and `re_encrypt` from `RSAES_OAEP_*` (0.5 to 10 ms); `import_key_material` (it may unwrap with an RSA key) | off the executor |
/// | ML-DSA: `create_key` and `sign` with `ML_DSA_SHAKE_256` (milliseconds: the seed's expansion, the signing loop) | off the executor |
/// | every other write (create a key of another spec, enable, tag, alias, rotate, …) | inline for `InMemory` (microseconds); off the executor for `FileKeyManager` (an fsync, and the store's lock, which another process may hold) |
/// | everything else: reads and the other cryptography (symmetric, HMAC, ECC and ECDH, Ed25519, SM2, RSA public-key operations, ML-DSA verification, random bytes) | inline (microseconds; P-384 verification, the slowest, under a millisecond) |
///
/// Off the executor means on tokio's blocking pool
/// ([`spawn_blocking`](https://docs.rs/tokio/latest/tokio/task/fn.spawn_blocking.html))
/// when the feature `tokio` is on and the future is polled inside a tokio
/// runtime (current-thread or multi-thread); otherwise on a thread started
/// for the call, which wakes the future when done, so any executor works
/// and none is required. There is no `block_on` anywhere. A panic in the
/// work is resumed in the task that awaits it. Work sent off the executor
/// runs to its end even if its future is dropped (a key being generated is
/// still created), as a blocking call interrupted by nothing would.
///
/// With `FileKeyManager`, an inline read can still wait: while a write in
/// the same process holds the key table (its fsync), when another process
/// changed the store and its records must be read, or when a scheduled
/// event (a deletion, a rotation) falls due and is written.
pub trait AsyncKeyManager: Send + Sync + Debug {
    with_key_manager_methods!(async_trait_methods!() 'a);

    /// [`KeyManager::generate_data_key_without_plaintext`], as a future.
    fn generate_data_key_without_plaintext<'a>(
        &'a self,
        request: GenerateDataKeyRequest<'a>,
    ) -> BoxFuture<'a, Result<EncryptedDataKey>> {
        Box::pin(async move {
            let key = self.generate_data_key(request).await?;
            Ok(EncryptedDataKey::new(key.ciphertext_blob, key.key_id))
        })
    }

    /// [`KeyManager::generate_data_key_pair_without_plaintext`], as a future.
    fn generate_data_key_pair_without_plaintext<'a>(
        &'a self,
        request: GenerateDataKeyPairRequest<'a>,
    ) -> BoxFuture<'a, Result<EncryptedDataKeyPair>> {
        Box::pin(async move {
            let pair = self.generate_data_key_pair(request).await?;
            Ok(EncryptedDataKeyPair::new(
                pair.private_key_ciphertext_blob,
                pair.public_key,
                pair.key_id,
                pair.key_pair_spec,
            ))
        })
    }
}
