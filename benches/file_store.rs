//! The file store: create-key latency (two fsyncs), open time at 1,000,
//! 10,000 and 100,000 keys, and memory per key once open.
//!
//! Run with `cargo bench --bench file_store`. The stores are built once
//! under `target/bench-stores/` (the 100,000-key one takes about a minute)
//! and reused by later runs.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use criterion::{BatchSize, Criterion};
use polykms::{
    CreateAliasRequest, CreateKeyRequest, EncryptRequest, FileKeyManager, KeyManager,
    KeyManagerExt, KeySpec, RootKey, SecretBytes,
};

fn root() -> RootKey {
    RootKey::Key(SecretBytes::from(vec![0x11; 32]))
}

/// A store of `count` AES-256 keys with an alias on every tenth, built once.
fn store(count: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-stores/{count}"));
    let done = dir.join("complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let kms = FileKeyManager::create(&dir, root()).unwrap();
        for i in 0..count {
            let key = kms
                .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
                .unwrap();
            if i % 10 == 0 {
                kms.create_alias(CreateAliasRequest::new(format!("alias/k{i}"), &key.key_id))
                    .unwrap();
            }
        }
        std::fs::write(&done, b"").unwrap();
    }
    dir
}

fn create_key(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let kms = FileKeyManager::create(dir.path(), root()).unwrap();
    let mut group = c.benchmark_group("file");
    group.bench_function("create_key_aes256_fsync", |b| {
        b.iter(|| {
            kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
                .unwrap()
        })
    });
    group.finish();
}

fn open(c: &mut Criterion) {
    let mut group = c.benchmark_group("file/open");
    group.sample_size(10);
    for count in [1_000, 10_000] {
        let dir = store(count);
        group.bench_function(count.to_string(), |b| {
            b.iter_batched(
                || (),
                |()| FileKeyManager::open(&dir, root()).unwrap(),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// Counts the bytes live on the heap, to measure memory per key exactly
/// (resident memory would include what the allocator keeps after frees).
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter is only arithmetic on the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: forwarded with the caller's pointer, layout and size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_heap() -> isize {
    LIVE.load(Ordering::Relaxed)
}

fn large_store_report() {
    let count = 100_000;
    let dir = store(count);
    let log = std::fs::metadata(dir.join("keys.log"))
        .map(|m| m.len())
        .unwrap_or(0);
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let kms = FileKeyManager::open(&dir, root()).unwrap();
        times.push(start.elapsed());
        drop(kms);
    }
    times.sort();
    let before = live_heap();
    let kms = FileKeyManager::open(&dir, root()).unwrap();
    let after = live_heap();
    let first = kms
        .list_keys(polykms::ListKeysRequest::new().limit(1))
        .unwrap()
        .keys[0]
        .key_id
        .clone();
    let start = Instant::now();
    kms.encrypt(EncryptRequest::new(first.as_str(), b"x"))
        .unwrap();
    let first_use = start.elapsed();
    assert_eq!(kms.list_all_keys().unwrap().len(), count);
    let summary = format!(
        "{{\"open_median_ms\": {}, \"open_min_ms\": {}, \"open_max_ms\": {}, \"log_mib\": {:.1}, \"first_encrypt_us\": {}, \"heap_bytes_per_key\": {:.0}}}",
        times[2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[4].as_secs_f64() * 1e3,
        log as f64 / 1048576.0,
        first_use.as_secs_f64() * 1e6,
        (after - before) as f64 / count as f64
    );
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion/file_open_100000.json");
    std::fs::write(out, summary).unwrap();
    println!(
        "file/open/100000: median {:?} (min {:?}, max {:?}) over 5 opens; log {:.1} MiB; \
         first encrypt after open {:?}; heap {:.0} bytes per key once open",
        times[2],
        times[0],
        times[4],
        log as f64 / 1048576.0,
        first_use,
        (after - before) as f64 / count as f64
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    create_key(&mut c);
    open(&mut c);
    c.final_summary();
    large_store_report();
}
