//! The encryption subcommands: encrypt, decrypt, generate a data key,
//! generate random bytes.

use polykms::wire::aws;
use polykms::{
    DataKeySpec, DecryptRequest, EncryptRequest, EncryptionAlgorithm, GenerateDataKeyRequest,
    GenerateRandomRequest, KeyManager, SecretBytes,
};

use crate::Outcome;
use crate::cli::{Decrypt, Encrypt, GenerateDataKey, GenerateRandom};
use crate::input::{blob, context, vocabulary};
use crate::keys::key_arn;
use crate::output::render;

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

pub(crate) fn generate_data_key(kms: &dyn KeyManager, args: &GenerateDataKey) -> Outcome {
    let encryption_context = context(args.encryption_context.as_deref())?;
    let mut request = match (&args.key_spec, args.number_of_bytes) {
        (_, Some(n)) => GenerateDataKeyRequest::with_number_of_bytes(&args.key_id, n),
        (Some(spec), None) => GenerateDataKeyRequest::new(&args.key_id, vocabulary(spec)?),
        (None, None) => GenerateDataKeyRequest::new(&args.key_id, DataKeySpec::Aes256),
    };
    request.encryption_context = encryption_context.map(Into::into);
    let data_key = kms.generate_data_key(request)?;
    let arn = key_arn(kms, &data_key.key_id)?;
    Ok(render(&aws::GenerateDataKeyResponse::from_data_key(
        &data_key, arn,
    )))
}

pub(crate) fn generate_random(kms: &dyn KeyManager, args: &GenerateRandom) -> Outcome {
    let random = kms.generate_random(GenerateRandomRequest::new(args.number_of_bytes))?;
    Ok(render(&aws::GenerateRandomResponse::new(random)))
}
