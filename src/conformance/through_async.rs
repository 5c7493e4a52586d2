//! [`ThroughAsync`]: the blocking interface over an async provider, on a
//! runtime of its own, so that the suite's cases (written against
//! [`KeyManager`]) run through [`AsyncKeyManager`].

use crate::manager::{AsyncKeyManager, KeyManager, with_key_manager_methods};

/// A [`KeyManager`] whose every call, the provided ones included, awaits
/// the same method of an [`AsyncKeyManager`] on a tokio runtime the
/// adapter owns. It lets the conformance suite run through the async
/// interface (`conformance_suite!(async: …)`), or a test drive an async
/// provider from plain code.
///
/// For tests only: each call blocks the calling thread until its future
/// completes (`Runtime::block_on`), and so must not be made from inside an
/// async task (tokio panics). A remote provider's blocking form needs a
/// runtime thread of its own instead: [`Blocking`](crate::Blocking).
///
/// ```
/// use polykms::conformance::ThroughAsync;
/// use polykms::{CreateKeyRequest, InMemory, KeyManager, KeySpec};
///
/// let kms = ThroughAsync::new(InMemory::new());
/// let key = kms.create_key(CreateKeyRequest::new(KeySpec::Rsa2048))?;
/// assert_eq!(kms.provider().describe_key(key.key_id.as_str())?, key);
/// # Ok::<(), polykms::Error>(())
/// ```
#[derive(Debug)]
pub struct ThroughAsync<P> {
    provider: P,
    runtime: tokio::runtime::Runtime,
}

impl<P: AsyncKeyManager> ThroughAsync<P> {
    /// `provider` on a current-thread runtime: an operation that blocked
    /// the executor would block the only thread it has.
    ///
    /// # Panics
    ///
    /// If the runtime cannot be created (the operating system refuses).
    pub fn new(provider: P) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread tokio runtime");
        Self::with_runtime(provider, runtime)
    }

    /// `provider` on the given runtime (a multi-thread one, say).
    pub fn with_runtime(provider: P, runtime: tokio::runtime::Runtime) -> Self {
        Self { provider, runtime }
    }

    /// The async provider.
    pub fn provider(&self) -> &P {
        &self.provider
    }
}

/// Blocking methods that await the async method of the same name.
macro_rules! awaiting_methods {
    (() $lt:lifetime; required: [$($required:tt)+] provided: [$($provided:tt)+]) => {
        awaiting_methods!(@each $($required)+ $($provided)+);
    };
    (@each $($kind:ident $name:ident($arg:ident: $ty:ty) -> $out:ty;)+) => {$(
        fn $name(&self, $arg: $ty) -> $crate::Result<$out> {
            self.runtime.block_on(AsyncKeyManager::$name(&self.provider, $arg))
        }
    )+};
}

#[deny(clippy::missing_trait_methods)]
impl<P: AsyncKeyManager> KeyManager for ThroughAsync<P> {
    with_key_manager_methods!(awaiting_methods!());
}
