//! Creates a key of every spec and uses it for what its usage allows:
//! encrypt/decrypt (with an encryption context for symmetric keys),
//! sign/verify (RAW and DIGEST), MACs, public key export, data keys,
//! data key pairs, re-encryption, aliases and tags.
//!
//! Run it with `cargo run --example quickstart`.

use polykms::{
    CreateKeyRequest, DataKeyPairSpec, DataKeySpec, DecryptRequest, EncryptRequest,
    EncryptionAlgorithm, EncryptionContext, GenerateDataKeyPairRequest, GenerateDataKeyRequest,
    GenerateMacRequest, GenerateRandomRequest, InMemory, KeyManager, KeySpec, KeyUsage,
    MessageType, ReEncryptRequest, SignRequest, SigningAlgorithm, Tag, Vendor, VerifyMacRequest,
    VerifyRequest, Vocabulary,
};
use sha2::{Digest, Sha256, Sha384, Sha512};

fn main() -> Result<(), polykms::Error> {
    let kms = InMemory::new();
    println!(
        "{:<24} {:<20} {:<16} {:<16} what was done",
        "key spec", "usage", "Alibaba", "Huawei"
    );
    for spec in KeySpec::all() {
        for usage in spec.allowed_usages() {
            let key = kms.create_key(
                CreateKeyRequest::new(spec)
                    .usage(*usage)
                    .description(format!("quickstart {spec} {usage}"))
                    .tags([Tag::new("example", "quickstart")]),
            )?;
            let done = exercise(&kms, key.key_id.as_str(), spec, *usage)?;
            let name = |v| spec.spelling(v).unwrap_or("-");
            println!(
                "{:<24} {:<20} {:<16} {:<16} {done}",
                spec.as_str(),
                usage.as_str(),
                name(Vendor::Alibaba),
                name(Vendor::Huawei)
            );
        }
    }
    envelope_encryption(&kms)?;
    Ok(())
}

/// Uses one key for everything its usage allows; returns a summary.
fn exercise(
    kms: &InMemory,
    id: &str,
    spec: KeySpec,
    usage: KeyUsage,
) -> Result<String, polykms::Error> {
    match usage {
        KeyUsage::EncryptDecrypt => encrypt_all(kms, id, spec),
        KeyUsage::SignVerify => sign_all(kms, id, spec),
        _ => {
            let alg = spec.mac_algorithms()[0];
            let mac = kms.generate_mac(GenerateMacRequest::new(id, b"message", alg))?;
            kms.verify_mac(VerifyMacRequest::new(id, b"message", alg, &mac.mac))?;
            Ok(format!("{alg}: {}-byte MAC verified", mac.mac.len()))
        }
    }
}

fn encrypt_all(kms: &InMemory, id: &str, spec: KeySpec) -> Result<String, polykms::Error> {
    let mut done = Vec::new();
    let context = EncryptionContext::new().with("purpose", "quickstart");
    for alg in spec.encryption_algorithms() {
        let symmetric = *alg == EncryptionAlgorithm::SymmetricDefault;
        let mut request = EncryptRequest::new(id, b"hello, keys").algorithm(*alg);
        if symmetric {
            request = request.context(&context);
        }
        let sealed = kms.encrypt(request)?;
        // A symmetric blob names its key; an asymmetric ciphertext needs the
        // key and the algorithm.
        let decrypt = if symmetric {
            DecryptRequest::new(&sealed.ciphertext_blob).context(&context)
        } else {
            DecryptRequest::asymmetric(id, &sealed.ciphertext_blob, *alg)
        };
        let opened = kms.decrypt(decrypt)?;
        assert_eq!(opened.plaintext.expose_secret(), b"hello, keys");
        done.push(format!("{alg} ({} B)", sealed.ciphertext_blob.len()));
    }
    if spec.is_asymmetric() {
        let public = kms.get_public_key(id)?;
        done.push(format!("public key {} B", public.public_key.len()));
    }
    Ok(done.join(", "))
}

fn sign_all(kms: &InMemory, id: &str, spec: KeySpec) -> Result<String, polykms::Error> {
    let message = b"release 1.0.0";
    let mut done = Vec::new();
    for alg in spec.signing_algorithms() {
        for kind in alg.message_types() {
            let input = match (kind, alg.digest_len()) {
                (MessageType::Raw, _) => message.to_vec(),
                // For SM2 the digest is SM3(Z_A || M); any 32 bytes show the mechanics.
                (_, 32) if *alg == SigningAlgorithm::Sm2Dsa => vec![0x42; 32],
                (_, 32) => Sha256::digest(message).to_vec(),
                (_, 48) => Sha384::digest(message).to_vec(),
                _ => Sha512::digest(message).to_vec(),
            };
            let signed = kms.sign(SignRequest::new(id, &input, *alg).message_type(*kind))?;
            kms.verify(
                VerifyRequest::new(id, &input, *alg, &signed.signature).message_type(*kind),
            )?;
        }
        done.push(alg.as_str().to_owned());
    }
    let public = kms.get_public_key(id)?;
    Ok(format!(
        "signed+verified {}; public key {} B",
        done.join(" "),
        public.public_key.len()
    ))
}

/// The pattern a service uses: a data key per object, stored encrypted
/// beside it; a data key pair; moving a ciphertext to a new key.
fn envelope_encryption(kms: &InMemory) -> Result<(), polykms::Error> {
    let master =
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/master"))?;
    let context = EncryptionContext::new().with("object", "invoice-42");
    let data_key = kms.generate_data_key(
        GenerateDataKeyRequest::new("alias/master", DataKeySpec::Aes256).context(&context),
    )?;
    let recovered =
        kms.decrypt(DecryptRequest::new(&data_key.ciphertext_blob).context(&context))?;
    assert_eq!(recovered.plaintext, data_key.plaintext);
    println!(
        "\ndata key: {} bytes, stored encrypted as {} bytes under {}",
        data_key.plaintext.len(),
        data_key.ciphertext_blob.len(),
        master.key_id
    );
    let pair = kms.generate_data_key_pair(GenerateDataKeyPairRequest::new(
        "alias/master",
        DataKeyPairSpec::EccNistP256,
    ))?;
    println!(
        "data key pair: {} public key, {}-byte PKCS#8 private key (and its encrypted copy)",
        pair.key_pair_spec,
        pair.private_key_plaintext.len()
    );
    let sm4 = kms.create_key(CreateKeyRequest::new("Aliyun_SM4".parse()?))?;
    let moved = kms.re_encrypt(
        ReEncryptRequest::new(
            DecryptRequest::new(&data_key.ciphertext_blob).context(&context),
            &sm4.key_id,
        )
        .destination_context(&context),
    )?;
    println!(
        "re-encrypted the data key from {} to {}",
        moved.source_key_id, moved.key_id
    );
    println!(
        "random: {} bytes",
        kms.generate_random(GenerateRandomRequest::new(32))?.len()
    );
    Ok(())
}
