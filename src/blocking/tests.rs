//! What only the crate can reach: the runtime thread itself (a call made
//! on it, the last handle dropped on it), its shutdown, and a provider
//! that panics (made from the one method list).

use std::sync::mpsc;
use std::time::Duration;

use super::*;
use crate::manager::BoxFuture;
use crate::{CreateKeyRequest, InMemory, KeySpec};

/// Sends on its channel when dropped: held by a task that never ends, it
/// tells when the runtime dropped its tasks (it shut down).
struct DropSignal(mpsc::Sender<()>);

impl Drop for DropSignal {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

/// A receiver that hears when `kms`'s runtime has shut down.
fn shutdown_signal<P>(kms: &Blocking<P>) -> mpsc::Receiver<()> {
    let (sender, receiver) = mpsc::channel();
    let signal = DropSignal(sender);
    kms.runtime.handle.spawn(async move {
        let _signal = signal;
        std::future::pending::<()>().await
    });
    receiver
}

#[test]
fn dropping_the_last_handle_joins_the_runtime_thread() {
    let kms = Blocking::new(InMemory::new()).unwrap();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let clone = kms.clone();
    let shutdown = shutdown_signal(&kms);
    drop(kms);
    // A clone keeps the runtime running.
    assert!(shutdown.try_recv().is_err());
    assert_eq!(clone.describe_key(key.key_id.as_str()).unwrap(), key);
    let handle = clone.runtime.handle.clone();
    drop(clone);
    // Joined: the runtime was dropped before `drop` returned.
    assert!(shutdown.try_recv().is_ok());
    let late = crate::test_util::drive(handle.spawn(async {}));
    assert!(late.unwrap_err().is_cancelled());
}

#[test]
fn the_last_handle_dropped_on_the_runtime_thread_ends_it() {
    let kms = Blocking::new(InMemory::new()).unwrap();
    let shutdown = shutdown_signal(&kms);
    let handle = kms.runtime.handle.clone();
    handle.spawn(async move { drop(kms) });
    let ended = shutdown.recv_timeout(Duration::from_secs(10));
    assert!(ended.is_ok(), "the runtime thread did not end");
}

#[test]
fn a_call_from_the_runtime_thread_fails_instead_of_waiting_for_ever() {
    let kms = Blocking::new(InMemory::new()).unwrap();
    let (sender, receiver) = mpsc::channel();
    let clone = kms.clone();
    kms.runtime.handle.spawn(async move {
        let _ = sender.send(clone.describe_key("alias/anything"));
    });
    let error = receiver.recv().unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Internal);
    assert!(error.to_string().contains("async interface"), "{error}");
}

/// An async provider whose every future panics, naming its method.
#[derive(Debug)]
struct Panicking;

macro_rules! panicking_methods {
    (() $lt:lifetime; required: [$($kind:ident $name:ident($arg:ident: $ty:ty) -> $out:ty;)+]
     provided: [$($provided:tt)+]) => {$(
        fn $name<$lt>(&$lt self, _: $ty) -> BoxFuture<$lt, Result<$out>> {
            Box::pin(async { panic!("{} panicked", stringify!($name)) })
        }
    )+};
}

impl AsyncKeyManager for Panicking {
    with_key_manager_methods!(panicking_methods!() 'a);
}

/// The payload of the panic `call` raised, as text.
fn panic_message<T: fmt::Debug>(call: impl FnOnce() -> T) -> String {
    let payload = panic::catch_unwind(AssertUnwindSafe(call)).unwrap_err();
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => payload.downcast_ref::<&str>().unwrap().to_string(),
    }
}

#[test]
fn a_panic_in_the_provider_is_resumed_on_the_caller_and_the_thread_survives() {
    let kms = Blocking::new(Panicking).unwrap();
    let message = panic_message(|| kms.describe_key("alias/a"));
    assert_eq!(message, "describe_key panicked");
    // A provided method, through the required one it calls.
    let request = crate::GenerateDataKeyRequest::with_number_of_bytes("alias/a", 32);
    let message = panic_message(|| kms.generate_data_key_without_plaintext(request));
    assert_eq!(message, "generate_data_key panicked");
    // From another thread, after the panics: the runtime thread still serves.
    let message = thread::scope(|s| s.spawn(|| panic_message(|| kms.enable_key("k"))).join());
    assert_eq!(message.unwrap(), "enable_key panicked");
}
