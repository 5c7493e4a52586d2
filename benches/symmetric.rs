//! Symmetric encrypt and decrypt through the provider, side by side with a
//! raw ring AES-256-GCM seal/open of the same size, in the same run.
//!
//! Run with `cargo bench --bench symmetric`; compare each `provider/…`
//! figure with the `ring/…` figure of the same size. The `owned/…` figures
//! make each request own its data (`into_owned`, as a request bound for
//! another task or thread does) in the timed loop: the difference from
//! `provider/…`, whose requests borrow, is what owning the data costs.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use polykms::{
    CreateKeyRequest, DecryptRequest, EncryptRequest, EncryptionContext, InMemory, KeyManager,
    KeySpec,
};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};

const SIZES: [usize; 3] = [32, 1024, 4096];

fn encrypt(c: &mut Criterion) {
    let kms = InMemory::new();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let id = key.key_id.as_str();
    let context = EncryptionContext::new()
        .with("tenant", "acme")
        .with("purpose", "bench");
    let raw = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &[7; 32]).unwrap());
    let mut group = c.benchmark_group("encrypt");
    for size in SIZES {
        let plaintext = vec![0x5a; size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(format!("provider/{size}"), |b| {
            b.iter(|| {
                kms.encrypt(EncryptRequest::new(id, black_box(&plaintext)).context(&context))
                    .unwrap()
            })
        });
        group.bench_function(format!("owned/{size}"), |b| {
            b.iter(|| {
                let request = EncryptRequest::new(id, black_box(&plaintext)).context(&context);
                kms.encrypt(request.into_owned()).unwrap()
            })
        });
        group.bench_function(format!("ring/{size}"), |b| {
            let mut nonce = [0u8; 12];
            b.iter(|| {
                nonce[0] = nonce[0].wrapping_add(1);
                let mut buf = plaintext.clone();
                let tag = raw
                    .seal_in_place_separate_tag(
                        Nonce::assume_unique_for_key(nonce),
                        Aad::from(b"aad"),
                        &mut buf,
                    )
                    .unwrap();
                buf.extend_from_slice(tag.as_ref());
                black_box(buf)
            })
        });
    }
    group.finish();
}

fn decrypt(c: &mut Criterion) {
    let kms = InMemory::new();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let id = key.key_id.as_str();
    let context = EncryptionContext::new()
        .with("tenant", "acme")
        .with("purpose", "bench");
    let raw = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &[7; 32]).unwrap());
    let mut group = c.benchmark_group("decrypt");
    for size in SIZES {
        let plaintext = vec![0x5a; size];
        let blob = kms
            .encrypt(EncryptRequest::new(id, &plaintext).context(&context))
            .unwrap()
            .ciphertext_blob;
        let mut sealed = plaintext.clone();
        let nonce = [1u8; 12];
        let tag = raw
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(b"aad"),
                &mut sealed,
            )
            .unwrap();
        sealed.extend_from_slice(tag.as_ref());
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(format!("provider/{size}"), |b| {
            b.iter(|| {
                kms.decrypt(DecryptRequest::new(black_box(&blob)).context(&context))
                    .unwrap()
            })
        });
        group.bench_function(format!("owned/{size}"), |b| {
            b.iter(|| {
                let request = DecryptRequest::new(black_box(&blob)).context(&context);
                kms.decrypt(request.into_owned()).unwrap()
            })
        });
        group.bench_function(format!("ring/{size}"), |b| {
            b.iter(|| {
                let mut buf = sealed.clone();
                let len = raw
                    .open_in_place(
                        Nonce::assume_unique_for_key(nonce),
                        Aad::from(b"aad"),
                        &mut buf,
                    )
                    .unwrap()
                    .len();
                buf.truncate(len);
                black_box(buf)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, encrypt, decrypt);
criterion_main!(benches);
