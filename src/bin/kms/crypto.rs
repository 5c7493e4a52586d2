//! The encryption subcommands: encrypt, decrypt, re-encrypt, generate a data key or a
//! data key pair (with or without its plaintext), derive a shared secret, generate
//! random bytes.

use polykms::wire::aws;
use polykms::{
    DataKeyPairSpec, DataKeySpec, DecryptRequest, DeriveSharedSecretRequest, EncryptRequest,
    EncryptionAlgorithm, GenerateDataKeyPairRequest, GenerateDataKeyRequest, GenerateRandomRequest,
    KeyAgreementAlgorithm, KeyManager, ReEncryptRequest, SecretBytes,
};

use crate::cli::{
    Decrypt, DeriveSharedSecret, Encrypt, GenerateDataKey, GenerateDataKeyPair, GenerateRandom,
    ReEncrypt,
};
use crate::input::{blob, context, vocabulary};
use crate::keys::key_arn;
use crate::output::render;
use crate::{Fault, Outcome};

pub(crate) fn encrypt(kms: &dyn KeyManager, args: &Encrypt) -> Outcome {
    let plaintext = SecretBytes::new(blob("plaintext", &args.plaintext)?);
    let encryption_context = context(args.encryption_context.as_deref())?;
    let algorithm = vocabulary::<EncryptionAlgorithm>(&args.encryption_algorithm)?;
    let mut request =
        EncryptRequest::new(&args.key_id, plaintext.expose_secret()).algorithm(algorithm);
    request.encryption_context = encryption_context.map(Into::into);
    let out = kms.encrypt(request)?;
    let arn = key_arn(kms, &out.key_id)?;
    Ok(render(&aws::EncryptResponse::from_response(&out, arn)))
}

pub(crate) fn decrypt(kms: &dyn KeyManager, args: &Decrypt) -> Outcome {
    let ciphertext = blob("ciphertext-blob", &args.ciphertext_blob)?;
    let encryption_context = context(args.encryption_context.as_deref())?;
    let algorithm = vocabulary::<EncryptionAlgorithm>(&args.encryption_algorithm)?;
    let mut request = DecryptRequest::new(&ciphertext).algorithm(algorithm);
    request.key_id = args.key_id.as_deref().map(Into::into);
    request.encryption_context = encryption_context.map(Into::into);
    let out = kms.decrypt(request)?;
    let arn = key_arn(kms, &out.key_id)?;
    Ok(render(&aws::DecryptResponse::from_response(&out, arn)))
}

/// The request of `generate-data-key` and its twin without plaintext.
fn data_key_request(args: &GenerateDataKey) -> Result<GenerateDataKeyRequest<'_>, Fault> {
    let encryption_context = context(args.encryption_context.as_deref())?;
    let mut request = match (&args.key_spec, args.number_of_bytes) {
        (_, Some(n)) => GenerateDataKeyRequest::with_number_of_bytes(&args.key_id, n),
        (Some(spec), None) => GenerateDataKeyRequest::new(&args.key_id, vocabulary(spec)?),
        (None, None) => GenerateDataKeyRequest::new(&args.key_id, DataKeySpec::Aes256),
    };
    request.encryption_context = encryption_context.map(Into::into);
    Ok(request)
}

pub(crate) fn generate_data_key_without_plaintext(
    kms: &dyn KeyManager,
    args: &GenerateDataKey,
) -> Outcome {
    let data_key = kms.generate_data_key_without_plaintext(data_key_request(args)?)?;
    let arn = key_arn(kms, &data_key.key_id)?;
    Ok(render(
        &aws::GenerateDataKeyWithoutPlaintextResponse::from_data_key(&data_key, arn),
    ))
}

pub(crate) fn generate_data_key(kms: &dyn KeyManager, args: &GenerateDataKey) -> Outcome {
    let data_key = kms.generate_data_key(data_key_request(args)?)?;
    let arn = key_arn(kms, &data_key.key_id)?;
    Ok(render(&aws::GenerateDataKeyResponse::from_data_key(
        &data_key, arn,
    )))
}

pub(crate) fn generate_random(kms: &dyn KeyManager, args: &GenerateRandom) -> Outcome {
    let random = kms.generate_random(GenerateRandomRequest::new(args.number_of_bytes))?;
    Ok(render(&aws::GenerateRandomResponse::new(random)))
}

pub(crate) fn re_encrypt(kms: &dyn KeyManager, args: &ReEncrypt) -> Outcome {
    let ciphertext = blob("ciphertext-blob", &args.ciphertext_blob)?;
    let source_context = context(args.source_encryption_context.as_deref())?;
    let destination_context = context(args.destination_encryption_context.as_deref())?;
    let source_algorithm = vocabulary::<EncryptionAlgorithm>(&args.source_encryption_algorithm)?;
    let destination_algorithm =
        vocabulary::<EncryptionAlgorithm>(&args.destination_encryption_algorithm)?;
    let mut source = DecryptRequest::new(&ciphertext).algorithm(source_algorithm);
    source.key_id = args.source_key_id.as_deref().map(Into::into);
    source.encryption_context = source_context.map(Into::into);
    let mut request = ReEncryptRequest::new(source, &args.destination_key_id)
        .destination_algorithm(destination_algorithm);
    if let Some(context) = destination_context {
        request = request.destination_context(context);
    }
    let out = kms.re_encrypt(request)?;
    let source_arn = key_arn(kms, &out.source_key_id)?;
    let arn = key_arn(kms, &out.key_id)?;
    Ok(render(&aws::ReEncryptResponse::from_response(
        &out, source_arn, arn,
    )))
}

/// The request of `generate-data-key-pair` and its twin without plaintext.
fn data_key_pair_request(
    args: &GenerateDataKeyPair,
) -> Result<GenerateDataKeyPairRequest<'_>, Fault> {
    let spec = vocabulary::<DataKeyPairSpec>(&args.key_pair_spec)?;
    let mut request = GenerateDataKeyPairRequest::new(&args.key_id, spec);
    request.encryption_context = context(args.encryption_context.as_deref())?.map(Into::into);
    Ok(request)
}

pub(crate) fn generate_data_key_pair(kms: &dyn KeyManager, args: &GenerateDataKeyPair) -> Outcome {
    let pair = kms.generate_data_key_pair(data_key_pair_request(args)?)?;
    let arn = key_arn(kms, &pair.key_id)?;
    Ok(render(&aws::GenerateDataKeyPairResponse::from_pair(
        &pair, arn,
    )))
}

pub(crate) fn generate_data_key_pair_without_plaintext(
    kms: &dyn KeyManager,
    args: &GenerateDataKeyPair,
) -> Outcome {
    let pair = kms.generate_data_key_pair_without_plaintext(data_key_pair_request(args)?)?;
    let arn = key_arn(kms, &pair.key_id)?;
    Ok(render(
        &aws::GenerateDataKeyPairWithoutPlaintextResponse::from_pair(&pair, arn),
    ))
}

pub(crate) fn derive_shared_secret(kms: &dyn KeyManager, args: &DeriveSharedSecret) -> Outcome {
    let public_key = blob("public-key", &args.public_key)?;
    let mut request = DeriveSharedSecretRequest::new(&args.key_id, &public_key);
    request.algorithm = vocabulary::<KeyAgreementAlgorithm>(&args.key_agreement_algorithm)?;
    let out = kms.derive_shared_secret(request)?;
    let arn = key_arn(kms, &out.key_id)?;
    Ok(render(&aws::DeriveSharedSecretResponse::from_response(
        &out, arn,
    )))
}
