//! Running blocking work off the executor, with no `block_on` anywhere:
//! on tokio's blocking pool when a tokio runtime is current (feature
//! `tokio`), else on a thread started for the call that wakes the future
//! when done, so that any executor (or none) can poll it.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::thread;

/// Runs `work` off the executor once the future is first polled, and
/// resolves to its result. A panic in `work` is resumed in the caller.
pub(crate) async fn run<T, F>(work: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    #[cfg(feature = "tokio")]
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        return match runtime.spawn_blocking(work).await {
            Ok(out) => out,
            Err(e) if e.is_panic() => panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("the tokio runtime dropped blocking work: {e}"),
        };
    }
    on_own_thread(work).await
}

/// Runs `work` on a thread of its own; the future resolves when it is
/// done. A thread per call costs tens of microseconds, little beside the
/// work sent there (RSA key generation, a private-key operation, an fsync).
fn on_own_thread<T, F>(work: F) -> Outcome<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let slot = Arc::new(Mutex::new(Slot::Waiting(None)));
    let sender = Arc::clone(&slot);
    thread::Builder::new()
        .name("polykms-blocking".into())
        .spawn(move || complete(&sender, panic::catch_unwind(AssertUnwindSafe(work))))
        .expect("failed to start a thread for blocking work");
    Outcome {
        slot,
        polled: false,
    }
}

/// Where the thread leaves its result for the future.
enum Slot<T> {
    /// Not done; the waker of the last poll.
    Waiting(Option<Waker>),
    /// Done (`Err` holds a panic's payload).
    Done(thread::Result<T>),
    /// Taken by the future.
    Taken,
}

/// Stores the result and wakes the future.
fn complete<T>(slot: &Mutex<Slot<T>>, result: thread::Result<T>) {
    let previous = std::mem::replace(
        &mut *slot.lock().unwrap_or_else(PoisonError::into_inner),
        Slot::Done(result),
    );
    if let Slot::Waiting(Some(waker)) = previous {
        waker.wake();
    }
}

/// The future of [`on_own_thread`]. Its first poll is always pending
/// (woken at once if the thread was already done), so a caller sees the
/// work as off the executor however fast the thread was.
struct Outcome<T> {
    slot: Arc<Mutex<Slot<T>>>,
    polled: bool,
}

impl<T> Future for Outcome<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        if !std::mem::replace(&mut this.polled, true) {
            let mut slot = this.slot.lock().unwrap_or_else(PoisonError::into_inner);
            match &mut *slot {
                Slot::Waiting(waker) => *waker = Some(cx.waker().clone()),
                _ => cx.waker().wake_by_ref(),
            }
            return Poll::Pending;
        }
        let mut slot = this.slot.lock().unwrap_or_else(PoisonError::into_inner);
        match std::mem::replace(&mut *slot, Slot::Taken) {
            Slot::Done(Ok(out)) => Poll::Ready(out),
            Slot::Done(Err(payload)) => {
                drop(slot);
                panic::resume_unwind(payload)
            }
            Slot::Waiting(_) => {
                *slot = Slot::Waiting(Some(cx.waker().clone()));
                Poll::Pending
            }
            Slot::Taken => panic!("polled after completion"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::panic::catch_unwind;

    use super::*;
    use crate::test_util::drive;

    /// The payload of the panic `f` raised.
    fn panic_message(f: impl FnOnce()) -> String {
        let payload = catch_unwind(AssertUnwindSafe(f)).unwrap_err();
        payload.downcast_ref::<&str>().unwrap().to_string()
    }

    #[test]
    fn without_a_runtime_work_runs_on_another_thread() {
        let here = thread::current().id();
        assert_ne!(drive(run(move || thread::current().id())), here);
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let message = panic_message(|| drive(run(|| panic!("boom"))));
        assert_eq!(message, "boom");
    }

    #[cfg(feature = "tokio")]
    #[test]
    fn inside_a_runtime_work_runs_on_its_blocking_pool() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .thread_name("test-runtime")
            .build()
            .unwrap();
        let name = runtime.block_on(run(|| thread::current().name().map(str::to_owned)));
        assert_eq!(name.as_deref(), Some("test-runtime"));
        let message = panic_message(|| runtime.block_on(run(|| panic!("boom"))));
        assert_eq!(message, "boom");
    }
}
