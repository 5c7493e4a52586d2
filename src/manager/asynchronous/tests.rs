//! The async interface: object safety, the forwarding implementations, and
//! slow work kept off the executor (a ticking task keeps ticking while an
//! RSA-4096 key is generated).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Waker};
use std::time::{Duration, Instant};

use super::*;
use crate::test_util::drive;
use crate::{
    CreateKeyRequest, DataKeyPairSpec, DecryptRequest, EncryptRequest, GenerateDataKeyRequest,
    InMemory, KeyManager, KeySpec,
};

#[test]
fn a_shared_dyn_provider_works_from_tasks() {
    let kms: Arc<dyn AsyncKeyManager> = Arc::new(InMemory::new());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let key = runtime
        .block_on(kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault)))
        .unwrap();
    let tasks: Vec<_> = (0..8u8)
        .map(|i| {
            let (kms, id) = (Arc::clone(&kms), key.key_id.clone());
            runtime.spawn(async move {
                let sealed = kms.encrypt(EncryptRequest::new(&id, &[i; 3])).await?;
                let opened = kms
                    .decrypt(DecryptRequest::new(&sealed.ciphertext_blob))
                    .await?;
                Ok::<_, crate::Error>(opened.plaintext.expose_secret() == [i; 3])
            })
        })
        .collect();
    for task in tasks {
        assert!(runtime.block_on(task).unwrap().unwrap());
    }
}

/// A key created through one pointer is seen through the others, and the
/// provided methods forward too.
#[test]
fn every_pointer_reaches_the_same_provider() {
    let kms = Arc::new(InMemory::new());
    let boxed: Box<dyn AsyncKeyManager> = Box::new(Arc::clone(&kms));
    let by_ref: &dyn AsyncKeyManager = &&*kms;
    let key = drive(boxed.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))).unwrap();
    assert_eq!(
        drive(by_ref.describe_key(key.key_id.as_str())).unwrap(),
        key
    );
    let request = GenerateDataKeyRequest::with_number_of_bytes(&key.key_id, 16);
    let sealed = drive(boxed.generate_data_key_without_plaintext(request)).unwrap();
    let opened = KeyManager::decrypt(&kms, DecryptRequest::new(&sealed.ciphertext_blob)).unwrap();
    assert_eq!(opened.plaintext.len(), 16);
    let request = crate::GenerateDataKeyPairRequest::new(&key.key_id, DataKeyPairSpec::Sm2);
    let pair = drive(by_ref.generate_data_key_pair_without_plaintext(request)).unwrap();
    assert_eq!(pair.key_id, key.key_id);
}

/// Creates an RSA-4096 key while a task ticks every millisecond; returns
/// the ticks seen meanwhile and how long generation took.
async fn ticks_while_generating_rsa_4096(kms: Arc<dyn AsyncKeyManager>) -> (u64, Duration) {
    let ticks = Arc::new(AtomicU64::new(0));
    let ticker = tokio::spawn({
        let ticks = Arc::clone(&ticks);
        async move {
            loop {
                tokio::time::sleep(Duration::from_millis(1)).await;
                ticks.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    tokio::task::yield_now().await;
    let (before, start) = (ticks.load(Ordering::Relaxed), Instant::now());
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::Rsa4096))
        .await;
    let elapsed = start.elapsed();
    let during = ticks.load(Ordering::Relaxed) - before;
    ticker.abort();
    assert_eq!(key.unwrap().key_spec, KeySpec::Rsa4096);
    (during, elapsed)
}

/// Stalled, the ticker would not tick at all while the key is generated
/// (it shares the one thread that runs tasks); RSA-4096 generation takes
/// a tenth of a second at the very least.
fn assert_kept_ticking((ticks, elapsed): (u64, Duration)) {
    assert!(
        ticks >= 5,
        "{ticks} ticks in {elapsed:?} of RSA-4096 generation"
    );
}

#[test]
fn rsa_generation_does_not_stall_a_current_thread_runtime() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let kms: Arc<dyn AsyncKeyManager> = Arc::new(InMemory::new());
    assert_kept_ticking(runtime.block_on(ticks_while_generating_rsa_4096(kms)));
}

#[test]
fn rsa_generation_does_not_stall_a_multi_thread_runtime() {
    // One worker runs both tasks: a call blocking it would stop the ticker.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_time()
        .build()
        .unwrap();
    let kms: Arc<dyn AsyncKeyManager> = Arc::new(InMemory::new());
    let task = runtime.spawn(ticks_while_generating_rsa_4096(kms));
    assert_kept_ticking(runtime.block_on(task).unwrap());
}

/// With no runtime, slow work goes to a thread of its own: the first poll
/// returns at once, pending, and the thread wakes the future.
#[test]
fn without_a_runtime_slow_work_runs_on_a_thread_of_its_own() {
    let kms = InMemory::new();
    let request = CreateKeyRequest::new(KeySpec::Rsa2048);
    let mut future = AsyncKeyManager::create_key(&kms, request);
    let first = future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()));
    assert!(first.is_pending());
    let key = drive(future).unwrap();
    assert!(KeyManager::describe_key(&kms, key.key_id.as_str()).is_ok());
}
