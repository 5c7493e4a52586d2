//! `Blocking`, the blocking interface over an async provider: the whole
//! conformance suite through it, and calls from every kind of thread: plain
//! threads, several at once, a multi-thread tokio runtime (its blocking
//! pool and its async tasks) and a current-thread one.

use std::sync::Arc;
use std::thread;

use polykms::{
    AsyncKeyManager, Blocking, CreateKeyRequest, DecryptRequest, EncryptRequest, InMemory,
    KeyManager, KeySpec, ManualClock, SignRequest, SigningAlgorithm, VerifyRequest,
};

mod conformance {
    use super::*;

    fn make() -> (Box<Blocking<InMemory>>, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::new());
        let kms = Blocking::new(InMemory::with_clock(clock.clone())).unwrap();
        (Box::new(kms), clock)
    }

    polykms::conformance_suite!(make(); contract, clock, import, extensions, local);
}

/// A symmetric and a P-256 key round trip: every kind of argument crosses
/// to the runtime thread (key references, borrowed requests, owned ones).
fn round_trips(kms: &dyn KeyManager, tag: u8) {
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let message = [tag; 40];
    let sealed = kms
        .encrypt(EncryptRequest::new(&key.key_id, &message))
        .unwrap();
    let opened = kms
        .decrypt(DecryptRequest::new(&sealed.ciphertext_blob))
        .unwrap();
    assert_eq!(opened.plaintext.expose_secret(), message);
    assert_eq!(kms.describe_key(key.key_id.as_str()).unwrap(), key);
    let signer = kms
        .create_key(CreateKeyRequest::new(KeySpec::EccNistP256))
        .unwrap();
    let (id, algorithm) = (signer.key_id.as_str(), SigningAlgorithm::EcdsaSha256);
    let signed = kms.sign(SignRequest::new(id, &message, algorithm)).unwrap();
    kms.verify(VerifyRequest::new(
        id,
        &message,
        algorithm,
        &signed.signature,
    ))
    .unwrap();
}

fn blocking() -> Blocking<InMemory> {
    Blocking::new(InMemory::new()).unwrap()
}

#[test]
fn from_a_plain_thread() {
    // Any async provider, here behind `Arc<dyn AsyncKeyManager>`.
    let provider: Arc<dyn AsyncKeyManager> = Arc::new(InMemory::new());
    let kms = Blocking::new(provider).unwrap();
    thread::spawn(move || round_trips(&kms, 1)).join().unwrap();
}

#[test]
fn from_several_threads_at_once() {
    let kms = blocking();
    thread::scope(|s| {
        for tag in 0..8 {
            let kms = &kms;
            s.spawn(move || round_trips(kms, tag));
        }
        // Work the provider sends off the executor (RSA generation) runs on
        // the runtime's blocking pool meanwhile.
        s.spawn(|| {
            kms.create_key(CreateKeyRequest::new(KeySpec::Rsa2048))
                .unwrap()
        });
    });
    // Every key reached the one provider: 8 × 2 and the RSA key.
    let keys = KeyManager::list_keys(kms.inner(), Default::default()).unwrap();
    assert_eq!(keys.keys.len(), 17);
}

fn multi_thread_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap()
}

#[test]
fn inside_spawn_blocking_of_a_multi_thread_runtime() {
    let kms = Arc::new(blocking());
    let runtime = multi_thread_runtime();
    let task = runtime.spawn_blocking(move || round_trips(&*kms, 2));
    runtime.block_on(task).unwrap();
}

#[test]
fn directly_in_async_tasks_of_a_multi_thread_runtime() {
    let kms = Arc::new(blocking());
    let runtime = multi_thread_runtime();
    let tasks: Vec<_> = (0..4)
        .map(|tag| {
            let kms = Arc::clone(&kms);
            // Blocks the worker for the call, and does not panic.
            runtime.spawn(async move { round_trips(&*kms, tag) })
        })
        .collect();
    for task in tasks {
        runtime.block_on(task).unwrap();
    }
}

#[test]
fn inside_a_current_thread_runtime() {
    let kms = Arc::new(blocking());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async { round_trips(&*kms, 3) });
    let task = runtime.spawn({
        let kms = Arc::clone(&kms);
        async move { round_trips(&*kms, 4) }
    });
    runtime.block_on(task).unwrap();
    // Dropped inside the runtime too: joining its thread does not panic.
    runtime.block_on(async move { drop(kms) });
}
