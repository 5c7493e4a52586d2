//! Sign and verify for every signing spec: the provider side by side with
//! the raw library calls, ring and RustCrypto, in the same run.
//!
//! Names: `sign/<spec>/<algorithm>/<provider|ring|rustcrypto>`, and the same
//! under `verify/`. The provider uses the faster library per primitive; the
//! report computes the ratio against that one.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ed25519_dalek::Signer as _;
use p256::pkcs8::EncodePrivateKey;
use polykms::{
    CreateKeyRequest, InMemory, KeyManager, KeySpec, KeyUsage, SignRequest, SigningAlgorithm,
    VerifyRequest, Vocabulary,
};
use ring::rand::SystemRandom;
use ring::signature::{self as rs, KeyPair};
use rsa::{Pkcs1v15Sign, Pss, RsaPrivateKey};
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::hazmat::{PrehashSigner, PrehashVerifier};

const MESSAGE: &[u8] = &[0x42; 256];

fn provider_key(kms: &InMemory, spec: KeySpec) -> String {
    kms.create_key(CreateKeyRequest::new(spec).usage(KeyUsage::SignVerify))
        .unwrap()
        .key_id
        .to_string()
}

fn provider(c: &mut Criterion, kms: &InMemory, spec: KeySpec, alg: SigningAlgorithm) {
    let id = provider_key(kms, spec);
    let name = format!("{}/{}", spec.as_str(), alg.as_str());
    let sig = kms
        .sign(SignRequest::new(&id, MESSAGE, alg))
        .unwrap()
        .signature;
    c.bench_function(&format!("sign/{name}/provider"), |b| {
        b.iter(|| {
            kms.sign(SignRequest::new(&id, black_box(MESSAGE), alg))
                .unwrap()
        })
    });
    c.bench_function(&format!("verify/{name}/provider"), |b| {
        b.iter(|| {
            kms.verify(VerifyRequest::new(&id, black_box(MESSAGE), alg, &sig))
                .unwrap()
        })
    });
}

fn rsa_raw(c: &mut Criterion, spec: KeySpec, bits: usize) {
    let mut rng = rsa_rng();
    let key = RsaPrivateKey::new(&mut rng, bits).unwrap();
    let public = key.to_public_key();
    let der = key.to_pkcs8_der().unwrap();
    let ring_key = rs::RsaKeyPair::from_pkcs8(der.as_bytes()).unwrap();
    let ring_public = ring_key.public().as_ref().to_vec();
    let sys = SystemRandom::new();
    let cases: [(
        SigningAlgorithm,
        &'static dyn rs::RsaEncoding,
        &'static rs::RsaParameters,
    ); 6] = [
        (
            SigningAlgorithm::RsassaPssSha256,
            &rs::RSA_PSS_SHA256,
            &rs::RSA_PSS_2048_8192_SHA256,
        ),
        (
            SigningAlgorithm::RsassaPssSha384,
            &rs::RSA_PSS_SHA384,
            &rs::RSA_PSS_2048_8192_SHA384,
        ),
        (
            SigningAlgorithm::RsassaPssSha512,
            &rs::RSA_PSS_SHA512,
            &rs::RSA_PSS_2048_8192_SHA512,
        ),
        (
            SigningAlgorithm::RsassaPkcs1V15Sha256,
            &rs::RSA_PKCS1_SHA256,
            &rs::RSA_PKCS1_2048_8192_SHA256,
        ),
        (
            SigningAlgorithm::RsassaPkcs1V15Sha384,
            &rs::RSA_PKCS1_SHA384,
            &rs::RSA_PKCS1_2048_8192_SHA384,
        ),
        (
            SigningAlgorithm::RsassaPkcs1V15Sha512,
            &rs::RSA_PKCS1_SHA512,
            &rs::RSA_PKCS1_2048_8192_SHA512,
        ),
    ];
    for (alg, encoding, params) in cases {
        let name = format!("{}/{}", spec.as_str(), alg.as_str());
        let mut sig = vec![0u8; ring_key.public().modulus_len()];
        c.bench_function(&format!("sign/{name}/ring"), |b| {
            b.iter(|| {
                ring_key
                    .sign(encoding, &sys, black_box(MESSAGE), &mut sig)
                    .unwrap()
            })
        });
        ring_key.sign(encoding, &sys, MESSAGE, &mut sig).unwrap();
        let verifier = rs::UnparsedPublicKey::new(params, ring_public.clone());
        c.bench_function(&format!("verify/{name}/ring"), |b| {
            b.iter(|| verifier.verify(black_box(MESSAGE), &sig).unwrap())
        });
        if alg != SigningAlgorithm::RsassaPssSha256 && alg != SigningAlgorithm::RsassaPkcs1V15Sha256
        {
            continue; // the RustCrypto comparison once per padding
        }
        let pss = alg == SigningAlgorithm::RsassaPssSha256;
        c.bench_function(&format!("sign/{name}/rustcrypto"), |b| {
            b.iter(|| {
                let digest = Sha256::digest(black_box(MESSAGE));
                if pss {
                    key.sign_with_rng(&mut rng, Pss::<Sha256>::new(), &digest)
                        .unwrap()
                } else {
                    key.sign_with_rng(&mut rng, Pkcs1v15Sign::new::<Sha256>(), &digest)
                        .unwrap()
                }
            })
        });
        c.bench_function(&format!("verify/{name}/rustcrypto"), |b| {
            b.iter(|| {
                let digest = Sha256::digest(black_box(MESSAGE));
                if pss {
                    public.verify(Pss::<Sha256>::new(), &digest, &sig).unwrap()
                } else {
                    public
                        .verify(Pkcs1v15Sign::new::<Sha256>(), &digest, &sig)
                        .unwrap()
                }
            })
        });
    }
}

fn rsa_rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}

macro_rules! ecdsa_rustcrypto {
    ($c:expr, $name:expr, $m:ident, $hash:ty) => {{
        let key = <$m::ecdsa::SigningKey as p256::elliptic_curve::Generate>::generate_from_rng(
            &mut rsa_rng(),
        );
        let sig: $m::ecdsa::Signature = key.sign_prehash(&<$hash>::digest(MESSAGE)).unwrap();
        $c.bench_function(&format!("sign/{}/rustcrypto", $name), |b| {
            b.iter(|| -> $m::ecdsa::Signature {
                key.sign_prehash(&<$hash>::digest(black_box(MESSAGE)))
                    .unwrap()
            })
        });
        let vk = *key.verifying_key();
        $c.bench_function(&format!("verify/{}/rustcrypto", $name), |b| {
            b.iter(|| {
                vk.verify_prehash(&<$hash>::digest(black_box(MESSAGE)), &sig)
                    .unwrap()
            })
        });
        key.to_pkcs8_der().unwrap()
    }};
}

fn ecdsa_ring(
    c: &mut Criterion,
    name: &str,
    der: &[u8],
    sign: &'static rs::EcdsaSigningAlgorithm,
    verify: &'static rs::EcdsaVerificationAlgorithm,
) {
    let sys = SystemRandom::new();
    let key = rs::EcdsaKeyPair::from_pkcs8(sign, der, &sys).unwrap();
    let sig = key.sign(&sys, MESSAGE).unwrap();
    c.bench_function(&format!("sign/{name}/ring"), |b| {
        b.iter(|| key.sign(&sys, black_box(MESSAGE)).unwrap())
    });
    let verifier = rs::UnparsedPublicKey::new(verify, key.public_key().as_ref().to_vec());
    c.bench_function(&format!("verify/{name}/ring"), |b| {
        b.iter(|| verifier.verify(black_box(MESSAGE), sig.as_ref()).unwrap())
    });
}

fn ecc_raw(c: &mut Criterion) {
    let der = ecdsa_rustcrypto!(c, "ECC_NIST_P256/ECDSA_SHA_256", p256, Sha256);
    ecdsa_ring(
        c,
        "ECC_NIST_P256/ECDSA_SHA_256",
        der.as_bytes(),
        &rs::ECDSA_P256_SHA256_ASN1_SIGNING,
        &rs::ECDSA_P256_SHA256_ASN1,
    );
    let der = ecdsa_rustcrypto!(c, "ECC_NIST_P384/ECDSA_SHA_384", p384, Sha384);
    ecdsa_ring(
        c,
        "ECC_NIST_P384/ECDSA_SHA_384",
        der.as_bytes(),
        &rs::ECDSA_P384_SHA384_ASN1_SIGNING,
        &rs::ECDSA_P384_SHA384_ASN1,
    );
    ecdsa_rustcrypto!(c, "ECC_NIST_P521/ECDSA_SHA_512", p521, Sha512);
    ecdsa_rustcrypto!(c, "ECC_SECG_P256K1/ECDSA_SHA_256", k256, Sha256);
}

fn ed25519_raw(c: &mut Criterion) {
    let name = "ECC_NIST_EDWARDS25519/ED25519_SHA_512";
    let dalek = ed25519_dalek::SigningKey::generate(&mut rsa_rng());
    let sig = dalek.sign(MESSAGE);
    c.bench_function(&format!("sign/{name}/rustcrypto"), |b| {
        b.iter(|| dalek.sign(black_box(MESSAGE)))
    });
    let vk = dalek.verifying_key();
    c.bench_function(&format!("verify/{name}/rustcrypto"), |b| {
        b.iter(|| vk.verify_strict(black_box(MESSAGE), &sig).unwrap())
    });
    let ring_key = rs::Ed25519KeyPair::from_seed_unchecked(&dalek.to_bytes()).unwrap();
    c.bench_function(&format!("sign/{name}/ring"), |b| {
        b.iter(|| ring_key.sign(black_box(MESSAGE)))
    });
    let verifier =
        rs::UnparsedPublicKey::new(&rs::ED25519, ring_key.public_key().as_ref().to_vec());
    c.bench_function(&format!("verify/{name}/ring"), |b| {
        b.iter(|| {
            verifier
                .verify(black_box(MESSAGE), &sig.to_bytes())
                .unwrap()
        })
    });
}

fn sm2_raw(c: &mut Criterion) {
    use signature::{Signer, Verifier};
    let name = "SM2/SM2DSA";
    let secret =
        <sm2::SecretKey as sm2::elliptic_curve::Generate>::generate_from_rng(&mut rsa_rng());
    let key = sm2::dsa::SigningKey::new("1234567812345678", &secret).unwrap();
    let sig: sm2::dsa::Signature = key.sign(MESSAGE);
    c.bench_function(&format!("sign/{name}/rustcrypto"), |b| {
        b.iter(|| -> sm2::dsa::Signature { key.sign(black_box(MESSAGE)) })
    });
    let vk = key.verifying_key().clone();
    c.bench_function(&format!("verify/{name}/rustcrypto"), |b| {
        b.iter(|| vk.verify(black_box(MESSAGE), &sig).unwrap())
    });
}

fn all(c: &mut Criterion) {
    let kms = InMemory::new();
    for (spec, bits) in [
        (KeySpec::Rsa2048, 2048),
        (KeySpec::Rsa3072, 3072),
        (KeySpec::Rsa4096, 4096),
    ] {
        rsa_raw(c, spec, bits);
        for alg in spec.signing_algorithms() {
            provider(c, &kms, spec, *alg);
        }
    }
    ecc_raw(c);
    ed25519_raw(c);
    sm2_raw(c);
    for spec in [
        KeySpec::EccNistP256,
        KeySpec::EccNistP384,
        KeySpec::EccNistP521,
        KeySpec::EccSecgP256k1,
        KeySpec::Ed25519,
        KeySpec::Sm2,
    ] {
        provider(c, &kms, spec, spec.signing_algorithms()[0]);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(1));
    targets = all
}
criterion_main!(benches);
