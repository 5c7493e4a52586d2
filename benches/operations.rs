//! The other operations, each beside the raw library call it rests on:
//! SM4 encrypt/decrypt, RSA-OAEP and SM2 decrypt, HMAC, data keys,
//! re-encryption, key generation per spec, and throughput from one and two
//! threads on one key and on many keys.
//!
//! Run with `cargo bench --bench operations`; `benches/report.py` turns the
//! results into `BENCHMARKS.md`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aes_gcm::aead::AeadInOut;
use aes_gcm::aead::array::typenum::U12;
use aes_gcm::{AesGcm, KeyInit};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use polykms::{
    CreateKeyRequest, DataKeySpec, DecryptRequest, EncryptRequest, EncryptionAlgorithm,
    EncryptionContext, GenerateDataKeyRequest, GenerateMacRequest, InMemory, KeyManager, KeySpec,
    KeyUsage, MacAlgorithm, ReEncryptRequest, SignRequest, SigningAlgorithm, VerifyMacRequest,
    Vocabulary,
};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use rsa::{Oaep, RsaPrivateKey};
use sha2::Sha256;

fn rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}

fn context() -> EncryptionContext {
    EncryptionContext::new()
        .with("tenant", "acme")
        .with("purpose", "bench")
}

fn key(kms: &InMemory, spec: KeySpec, usage: KeyUsage) -> String {
    kms.create_key(CreateKeyRequest::new(spec).usage(usage))
        .unwrap()
        .key_id
        .to_string()
}

fn sm4(c: &mut Criterion) {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::Sm4, KeyUsage::EncryptDecrypt);
    let ctx = context();
    let raw = AesGcm::<sm4::Sm4, U12>::new_from_slice(&[7; 16]).unwrap();
    for size in [32usize, 1024, 4096] {
        let plaintext = vec![0x5a; size];
        c.bench_function(&format!("encrypt_sm4/provider/{size}"), |b| {
            b.iter(|| {
                kms.encrypt(EncryptRequest::new(&id, black_box(&plaintext)).context(&ctx))
                    .unwrap()
            })
        });
        c.bench_function(&format!("encrypt_sm4/raw/{size}"), |b| {
            b.iter(|| {
                let mut buf = plaintext.clone();
                let tag = raw
                    .encrypt_inout_detached(&[1u8; 12].into(), b"aad", buf.as_mut_slice().into())
                    .unwrap();
                buf.extend_from_slice(&tag);
                black_box(buf)
            })
        });
        let blob = kms
            .encrypt(EncryptRequest::new(&id, &plaintext).context(&ctx))
            .unwrap()
            .ciphertext_blob;
        let mut sealed = plaintext.clone();
        let tag = raw
            .encrypt_inout_detached(&[1u8; 12].into(), b"aad", sealed.as_mut_slice().into())
            .unwrap();
        c.bench_function(&format!("decrypt_sm4/provider/{size}"), |b| {
            b.iter(|| {
                kms.decrypt(DecryptRequest::new(black_box(&blob)).context(&ctx))
                    .unwrap()
            })
        });
        c.bench_function(&format!("decrypt_sm4/raw/{size}"), |b| {
            b.iter(|| {
                let mut buf = sealed.clone();
                raw.decrypt_inout_detached(
                    &[1u8; 12].into(),
                    b"aad",
                    buf.as_mut_slice().into(),
                    &tag,
                )
                .unwrap();
                black_box(buf)
            })
        });
    }
}

fn asymmetric_decrypt(c: &mut Criterion) {
    let kms = InMemory::new();
    let alg = EncryptionAlgorithm::RsaesOaepSha256;
    for (spec, bits) in [
        (KeySpec::Rsa2048, 2048),
        (KeySpec::Rsa3072, 3072),
        (KeySpec::Rsa4096, 4096),
    ] {
        let id = key(&kms, spec, KeyUsage::EncryptDecrypt);
        let ct = kms
            .encrypt(EncryptRequest::new(&id, b"oaep bench").algorithm(alg))
            .unwrap()
            .ciphertext_blob;
        c.bench_function(
            &format!("decrypt_oaep_sha256/provider/{}", spec.as_str()),
            |b| {
                b.iter(|| {
                    kms.decrypt(DecryptRequest::new(&ct).key_id(&id).algorithm(alg))
                        .unwrap()
                })
            },
        );
        let raw = RsaPrivateKey::new(&mut rng(), bits).unwrap();
        let raw_ct = raw
            .to_public_key()
            .encrypt(&mut rng(), Oaep::<Sha256>::new(), b"oaep bench")
            .unwrap();
        c.bench_function(&format!("decrypt_oaep_sha256/raw/{}", spec.as_str()), |b| {
            b.iter(|| {
                raw.decrypt_blinded(&mut rng(), Oaep::<Sha256>::new(), &raw_ct)
                    .unwrap()
            })
        });
    }
    let id = key(&kms, KeySpec::Sm2, KeyUsage::EncryptDecrypt);
    let ct = kms
        .encrypt(EncryptRequest::new(&id, b"sm2 bench").algorithm(EncryptionAlgorithm::Sm2Pke))
        .unwrap()
        .ciphertext_blob;
    c.bench_function("decrypt_sm2pke/provider/SM2", |b| {
        b.iter(|| {
            kms.decrypt(
                DecryptRequest::new(&ct)
                    .key_id(&id)
                    .algorithm(EncryptionAlgorithm::Sm2Pke),
            )
            .unwrap()
        })
    });
    let secret = <sm2::SecretKey as sm2::elliptic_curve::Generate>::generate_from_rng(&mut rng());
    let dec =
        sm2::pke::DecryptingKey::new_with_mode(secret.to_nonzero_scalar(), sm2::pke::Mode::C1C3C2);
    let enc = sm2::pke::EncryptingKey::new_with_mode(secret.public_key(), sm2::pke::Mode::C1C3C2);
    let raw_ct = enc.encrypt_der(&mut rng(), b"sm2 bench").unwrap();
    c.bench_function("decrypt_sm2pke/raw/SM2", |b| {
        b.iter(|| dec.decrypt_der(&raw_ct).unwrap())
    });
}

fn macs(c: &mut Criterion) {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let alg = MacAlgorithm::HmacSha256;
    let message = [0x33u8; 1024];
    let mac = kms
        .generate_mac(GenerateMacRequest::new(&id, &message, alg))
        .unwrap()
        .mac;
    c.bench_function("generate_mac/provider/HMAC_256", |b| {
        b.iter(|| {
            kms.generate_mac(GenerateMacRequest::new(&id, black_box(&message), alg))
                .unwrap()
        })
    });
    c.bench_function("verify_mac/provider/HMAC_256", |b| {
        b.iter(|| {
            kms.verify_mac(VerifyMacRequest::new(&id, black_box(&message), alg, &mac))
                .unwrap()
        })
    });
    let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&[9; 32]).unwrap();
    let raw_mac = {
        let mut m = keyed.clone();
        m.update(&message);
        m.finalize().into_bytes()
    };
    c.bench_function("generate_mac/raw/HMAC_256", |b| {
        b.iter(|| {
            let mut m = keyed.clone();
            m.update(black_box(&message));
            m.finalize().into_bytes()
        })
    });
    c.bench_function("verify_mac/raw/HMAC_256", |b| {
        b.iter(|| {
            let mut m = keyed.clone();
            m.update(black_box(&message));
            m.verify_slice(&raw_mac).unwrap()
        })
    });
}

fn data_keys_and_re_encrypt(c: &mut Criterion) {
    let kms = InMemory::new();
    let id = key(&kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let other = key(&kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt);
    let ctx = context();
    let raw = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &[7; 32]).unwrap());
    c.bench_function("generate_data_key/provider/AES_256", |b| {
        b.iter(|| {
            kms.generate_data_key(
                GenerateDataKeyRequest::new(&id, DataKeySpec::Aes256).context(&ctx),
            )
            .unwrap()
        })
    });
    c.bench_function("generate_data_key/raw/AES_256", |b| {
        b.iter(|| {
            let mut data_key = vec![0u8; 32];
            getrandom::fill(&mut data_key).unwrap();
            let mut nonce = [0u8; 12];
            getrandom::fill(&mut nonce).unwrap();
            let mut sealed = data_key.clone();
            let tag = raw
                .seal_in_place_separate_tag(
                    Nonce::assume_unique_for_key(nonce),
                    Aad::from(b"aad"),
                    &mut sealed,
                )
                .unwrap();
            sealed.extend_from_slice(tag.as_ref());
            black_box((data_key, sealed))
        })
    });
    let blob = kms
        .encrypt(EncryptRequest::new(&id, &[1u8; 1024]).context(&ctx))
        .unwrap()
        .ciphertext_blob;
    c.bench_function("re_encrypt/provider/1024", |b| {
        b.iter(|| {
            let source = DecryptRequest::new(&blob).context(&ctx);
            kms.re_encrypt(ReEncryptRequest::new(source, &other).destination_context(&ctx))
                .unwrap()
        })
    });
    let mut sealed = vec![1u8; 1024];
    let tag = raw
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key([2; 12]),
            Aad::from(b"aad"),
            &mut sealed,
        )
        .unwrap();
    sealed.extend_from_slice(tag.as_ref());
    c.bench_function("re_encrypt/raw/1024", |b| {
        b.iter(|| {
            let mut buf = sealed.clone();
            let len = raw
                .open_in_place(
                    Nonce::assume_unique_for_key([2; 12]),
                    Aad::from(b"aad"),
                    &mut buf,
                )
                .unwrap()
                .len();
            buf.truncate(len);
            let tag = raw
                .seal_in_place_separate_tag(
                    Nonce::assume_unique_for_key([3; 12]),
                    Aad::from(b"aad"),
                    &mut buf,
                )
                .unwrap();
            buf.extend_from_slice(tag.as_ref());
            black_box(buf)
        })
    });
}

fn key_generation(c: &mut Criterion) {
    let kms = InMemory::new();
    let mut group = c.benchmark_group("create_key");
    for spec in KeySpec::all() {
        let slow = matches!(spec, KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096);
        group.sample_size(if slow { 30 } else { 50 });
        if slow {
            group.measurement_time(Duration::from_secs(if spec == KeySpec::Rsa4096 {
                40
            } else {
                15
            }));
        } else {
            group.measurement_time(Duration::from_secs(2));
        }
        let usage = spec.default_usage();
        group.bench_function(spec.as_str(), |b| {
            b.iter_batched(
                || (),
                |()| {
                    kms.create_key(CreateKeyRequest::new(spec).usage(usage))
                        .unwrap()
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
    let mut raw = c.benchmark_group("rsa_generate_raw");
    raw.sample_size(30)
        .measurement_time(Duration::from_secs(15));
    raw.bench_function("RSA_2048", |b| {
        b.iter(|| RsaPrivateKey::new(&mut rng(), 2048).unwrap())
    });
    raw.finish();
}

/// One operation of a thread benchmark.
type Op = fn(&InMemory, &str);

/// Throughput from `threads` threads, each on its own key or all on one.
fn threaded(
    kms: &Arc<InMemory>,
    ids: &[String],
    threads: usize,
    iters: u64,
    op: fn(&InMemory, &str),
) -> Duration {
    let start = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let kms = Arc::clone(kms);
            let id = ids[t % ids.len()].clone();
            scope.spawn(move || {
                for _ in 0..iters / threads as u64 {
                    op(&kms, &id);
                }
            });
        }
    });
    start.elapsed()
}

fn threads(c: &mut Criterion) {
    let kms = Arc::new(InMemory::new());
    let one_aes = vec![key(
        &kms,
        KeySpec::SymmetricDefault,
        KeyUsage::EncryptDecrypt,
    )];
    let many_aes: Vec<String> = (0..2)
        .map(|_| key(&kms, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt))
        .collect();
    let one_ec = vec![key(&kms, KeySpec::EccNistP256, KeyUsage::SignVerify)];
    let many_ec: Vec<String> = (0..2)
        .map(|_| key(&kms, KeySpec::EccNistP256, KeyUsage::SignVerify))
        .collect();
    fn encrypt(kms: &InMemory, id: &str) {
        const PLAINTEXT: &[u8] = &[0; 4096];
        black_box(kms.encrypt(EncryptRequest::new(id, PLAINTEXT)).unwrap());
    }
    fn sign(kms: &InMemory, id: &str) {
        black_box(
            kms.sign(SignRequest::new(
                id,
                b"thread bench",
                SigningAlgorithm::EcdsaSha256,
            ))
            .unwrap(),
        );
    }
    let cases: [(&str, &Vec<String>, Op); 4] = [
        ("encrypt_4096/one_key", &one_aes, encrypt),
        ("encrypt_4096/many_keys", &many_aes, encrypt),
        ("sign_p256/one_key", &one_ec, sign),
        ("sign_p256/many_keys", &many_ec, sign),
    ];
    let mut group = c.benchmark_group("threads");
    for (name, ids, op) in cases {
        for n in [1usize, 2] {
            // Time per operation at n threads: the wall time over all operations.
            group.bench_function(format!("{name}/{n}"), |b| {
                b.iter_custom(|iters| threaded(&kms, ids, n, iters.max(2), op))
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = sm4, asymmetric_decrypt, macs, data_keys_and_re_encrypt, threads, key_generation
}
criterion_main!(benches);
