//! [`Blocking`]: the blocking [`KeyManager`] over an [`AsyncKeyManager`],
//! whose futures run on a tokio runtime in a thread of its own (as
//! `reqwest::blocking` does), so that it works from plain threads and from
//! inside a tokio runtime alike.

use std::fmt;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, mpsc};
use std::task::{Context, Poll};
use std::thread::{self, JoinHandle, ThreadId};

use tokio::runtime::{self, Handle};
use tokio::sync::oneshot;

use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::local::Request;
use crate::manager::{AsyncKeyManager, KeyManager, with_key_manager_methods};

/// An async provider as a blocking [`KeyManager`]: every call is sent to a
/// tokio runtime that runs on a thread of its own, and the calling thread
/// waits for the answer. This is how a remote provider, async at heart,
/// offers the blocking interface; any [`AsyncKeyManager`] works (the local
/// ones implement `KeyManager` themselves and need no adapter).
///
/// ```
/// use std::sync::Arc;
/// use polykms::{
///     Blocking, CreateKeyRequest, DecryptRequest, EncryptRequest, InMemory, KeyManager, KeySpec,
/// };
///
/// // Any async provider; a remote one in practice.
/// let kms = Blocking::new(InMemory::new())?;
/// let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
/// let sealed = kms.encrypt(EncryptRequest::new(&key.key_id, b"secret"))?;
///
/// // Clones share the provider and the runtime thread; so does an `Arc`.
/// let shared: Arc<dyn KeyManager> = Arc::new(kms.clone());
/// let opened = std::thread::spawn(move || {
///     shared.decrypt(DecryptRequest::new(&sealed.ciphertext_blob))
/// });
/// assert_eq!(opened.join().unwrap()?.plaintext.expose_secret(), b"secret");
///
/// // Inside a tokio runtime too, where `block_on` would panic (the call
/// // blocks the task's thread: prefer the async interface there).
/// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
/// let described = runtime.block_on(async { kms.describe_key(key.key_id.as_str()) })?;
/// assert_eq!(described, key);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Threads and runtimes
///
/// [`Blocking::new`] starts a thread running a current-thread tokio runtime
/// (with every driver the enabled tokio features offer: I/O and timers when
/// a remote provider's HTTP client needs them). A call makes its request
/// `'static` (`into_owned`, or an owned copy of the key reference), spawns
/// the provider's future on that runtime and waits on a standard channel,
/// never with `block_on` on the caller's thread. So it works:
///
/// - from any plain thread, and from several at once (their futures run
///   concurrently on the runtime thread, interleaved at their `.await`s;
///   work the provider sends off the executor goes to that runtime's
///   blocking pool);
/// - from inside a tokio runtime, current-thread or multi-thread, in an
///   async task or in `spawn_blocking`, without panicking. In an async task
///   the call blocks that task's worker thread until the answer comes, as
///   any blocking call does (a remote call takes milliseconds): an async
///   service should call the provider's [`AsyncKeyManager`] instead
///   ([`inner`](Self::inner), or the provider itself).
///
/// A call made on the runtime thread itself (from inside the provider's own
/// futures) would wait for ever; it fails with an error of kind
/// [`ErrorKind::Internal`] instead.
///
/// A panic in the provider (in its future, or in work it sent off the
/// executor) is resumed on the calling thread: the call panics with the
/// same payload. The runtime thread survives it and serves other calls.
///
/// Dropping the last clone shuts the runtime down and joins its thread
/// (unless that happens on the runtime thread itself, which then ends on
/// its own); no call can be in flight then, since each borrows the
/// adapter.
pub struct Blocking<P> {
    provider: Arc<P>,
    runtime: Arc<RuntimeThread>,
}

impl<P: AsyncKeyManager + 'static> Blocking<P> {
    /// `provider` behind a runtime thread of its own.
    ///
    /// # Errors
    ///
    /// An error of kind [`ErrorKind::Internal`] if the thread or the
    /// runtime cannot be started (the operating system refuses), with the
    /// reason.
    pub fn new(provider: P) -> Result<Self> {
        Ok(Self {
            provider: Arc::new(provider),
            runtime: Arc::new(RuntimeThread::start()?),
        })
    }

    /// The provider `make` builds, on the runtime thread (where a remote
    /// provider's HTTP connections then live): for a provider whose
    /// construction is async, such as one that loads its configuration.
    ///
    /// ```
    /// use polykms::{Blocking, InMemory, KeyManager, ListKeysRequest};
    ///
    /// let kms = Blocking::build(|| async { Ok(InMemory::new()) })?;
    /// assert!(kms.list_keys(ListKeysRequest::new())?.keys.is_empty());
    /// # Ok::<(), polykms::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// What `make`'s future returns; an error of kind
    /// [`ErrorKind::Internal`] if the thread or the runtime cannot be
    /// started.
    pub fn build<F, Fut>(make: F) -> Result<Self>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<P>> + Send + 'static,
    {
        let runtime = Arc::new(RuntimeThread::start()?);
        let provider = wait_on(&runtime, make())?;
        Ok(Self {
            provider: Arc::new(provider),
            runtime,
        })
    }

    /// Runs `future` on the runtime thread and waits for its output,
    /// resuming its panic if it panicked.
    fn call<T: Send + 'static>(
        &self,
        future: impl Future<Output = Result<T>> + Send + 'static,
    ) -> Result<T> {
        if thread::current().id() == self.runtime.thread_id {
            return Err(internal(
                "a blocking call from the runtime thread of its own Blocking adapter \
                 would wait for ever; use the async interface there",
            ));
        }
        wait_on(&self.runtime, future)
    }
}

impl<P> Blocking<P> {
    /// The async provider, to call through [`AsyncKeyManager`] where a
    /// future is wanted.
    pub fn inner(&self) -> &P {
        &self.provider
    }
}

impl<P> Clone for Blocking<P> {
    /// Another handle on the same provider and runtime thread.
    fn clone(&self) -> Self {
        Self {
            provider: Arc::clone(&self.provider),
            runtime: Arc::clone(&self.runtime),
        }
    }
}

impl<P: fmt::Debug> fmt::Debug for Blocking<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blocking")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

/// Blocking methods that run the async method of the same name on the
/// runtime thread, with the argument made `'static`: a key reference as an
/// owned `String`, a request through [`Request::into_owned`].
macro_rules! blocking_methods {
    (() $lt:lifetime; required: [$($required:tt)+] provided: [$($provided:tt)+]) => {
        blocking_methods!(@each $($required)+ $($provided)+);
    };
    (@each $($kind:ident $name:ident $args:tt -> $out:ty;)+) => {
        $(blocking_methods!(@method $name $args $out);)+
    };
    (@method $name:ident ($arg:ident: &$l:lifetime str) $out:ty) => {
        fn $name(&self, $arg: &str) -> Result<$out> {
            let ($arg, provider) = ($arg.to_owned(), Arc::clone(&self.provider));
            self.call(async move { AsyncKeyManager::$name(&*provider, &$arg).await })
        }
    };
    (@method $name:ident ($arg:ident: $ty:ty) $out:ty) => {
        fn $name(&self, $arg: $ty) -> Result<$out> {
            let ($arg, provider) = (Request::into_owned($arg), Arc::clone(&self.provider));
            self.call(async move { AsyncKeyManager::$name(&*provider, $arg).await })
        }
    };
}

#[deny(clippy::missing_trait_methods)]
impl<P: AsyncKeyManager + 'static> KeyManager for Blocking<P> {
    with_key_manager_methods!(blocking_methods!());
}

/// Runs `future` on the runtime thread and waits for its output on this
/// one, resuming its panic if it panicked.
fn wait_on<T: Send + 'static>(
    runtime: &RuntimeThread,
    future: impl Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    let (sender, receiver) = mpsc::sync_channel(1);
    let future = CatchUnwind(Box::pin(future));
    runtime.handle.spawn(async move {
        let outcome = future.await;
        // The caller waits for it; it cannot have gone.
        let _ = sender.send(outcome);
    });
    match receiver.recv() {
        Ok(Ok(result)) => result,
        Ok(Err(payload)) => panic::resume_unwind(payload),
        Err(mpsc::RecvError) => Err(internal("the runtime thread stopped during the call")),
    }
}

/// The runtime thread: a handle to spawn on, and what stops and joins it.
struct RuntimeThread {
    handle: Handle,
    thread_id: ThreadId,
    /// Dropped to stop the runtime.
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl RuntimeThread {
    /// Starts the thread and its runtime; waits until the runtime runs.
    fn start() -> Result<Self> {
        let (ready, started) = mpsc::sync_channel(1);
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = thread::Builder::new()
            .name("polykms-runtime".into())
            .spawn(move || {
                let runtime = match runtime::Builder::new_current_thread().enable_all().build() {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                };
                let _ = ready.send(Ok(runtime.handle().clone()));
                // Until the last `Blocking` drops the sender; then the
                // runtime is dropped here, off any async context.
                let _ = runtime.block_on(stopped);
            })
            .map_err(|e| cannot_start("thread", e))?;
        let thread_id = thread.thread().id();
        let handle = match started.recv() {
            Ok(Ok(handle)) => handle,
            Ok(Err(e)) => {
                let _ = thread.join();
                return Err(cannot_start("tokio runtime", e));
            }
            Err(mpsc::RecvError) => {
                let _ = thread.join();
                return Err(internal("the runtime thread ended as it started"));
            }
        };
        Ok(Self {
            handle,
            thread_id,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for RuntimeThread {
    fn drop(&mut self) {
        drop(self.stop.take());
        let thread = self.thread.take();
        // On the runtime thread itself, it ends once this task returns.
        if let Some(thread) = thread.filter(|t| t.thread().id() != thread::current().id()) {
            // The thread catches no panic of its own to report: a panic
            // there (in a provider's drop) was printed already.
            let _ = thread.join();
        }
    }
}

/// A future's output, or the payload of its panic.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = thread::Result<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let future = self.0.as_mut();
        match panic::catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(payload) => Poll::Ready(Err(payload)),
        }
    }
}

/// An error of kind [`ErrorKind::Internal`].
fn internal(message: &str) -> Error {
    RemoteError::new(ErrorKind::Internal, message).into()
}

/// The runtime thread could not start `what`.
fn cannot_start(what: &str, e: std::io::Error) -> Error {
    let message = format!("the Blocking adapter could not start its {what}: {e}");
    RemoteError::new(ErrorKind::Internal, message)
        .with_source(e)
        .into()
}

#[cfg(test)]
mod tests;
