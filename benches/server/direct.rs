//! The provider called directly, without HTTP: the in-process throughput
//! the server's is compared with.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use polykms::{
    DataKeySpec, EncryptRequest, FileKeyManager, GenerateDataKeyRequest, KeyManager, SignRequest,
    SigningAlgorithm,
};

use crate::load::{Keys, Op, message, plaintext};

/// Operations per second from `threads` threads calling `op` on `store`.
pub fn in_process(
    store: &Arc<FileKeyManager>,
    keys: &Keys,
    op: Op,
    threads: usize,
    warmup: Duration,
    duration: Duration,
) -> f64 {
    let counting = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let plaintext = plaintext();
    let message = message();
    let elapsed = std::thread::scope(|scope| {
        for _ in 0..threads {
            let (counting, stop, count) = (counting.clone(), stop.clone(), count.clone());
            let (plaintext, message) = (&plaintext, &message);
            scope.spawn(move || {
                let mut done = 0u64;
                let mut was_counting = false;
                while !stop.load(Ordering::Relaxed) {
                    let now_counting = counting.load(Ordering::Relaxed);
                    if now_counting && !was_counting {
                        done = 0;
                        was_counting = true;
                    }
                    call(store, keys, op, plaintext, message);
                    done += 1;
                }
                if was_counting {
                    count.fetch_add(done, Ordering::Relaxed);
                }
            });
        }
        std::thread::sleep(warmup);
        counting.store(true, Ordering::Relaxed);
        let start = Instant::now();
        std::thread::sleep(duration);
        stop.store(true, Ordering::Relaxed);
        // Each thread finishes its call in flight, which is counted: within
        // one call's time of the window.
        start.elapsed()
    });
    count.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64()
}

/// One call of `op` on `store`, its result kept from the optimizer.
fn call(store: &FileKeyManager, keys: &Keys, op: Op, plaintext: &[u8], message: &[u8]) {
    match op {
        Op::Encrypt => {
            let request = EncryptRequest::new(&keys.symmetric, plaintext);
            std::hint::black_box(store.encrypt(request).unwrap());
        }
        Op::Sign => {
            let request = SignRequest::new(&keys.p256, message, SigningAlgorithm::EcdsaSha256);
            std::hint::black_box(store.sign(request).unwrap());
        }
        Op::GenerateDataKey => {
            let request = GenerateDataKeyRequest::new(&keys.symmetric, DataKeySpec::Aes256);
            std::hint::black_box(store.generate_data_key(request).unwrap());
        }
    }
}
