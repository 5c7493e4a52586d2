//! The encryption operations: `Encrypt`, `Decrypt`, `ReEncrypt`,
//! `GenerateDataKey`, `GenerateDataKeyWithoutPlaintext`,
//! `GenerateDataKeyPair`, `GenerateDataKeyPairWithoutPlaintext`,
//! `GenerateRandom`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{
    Answer, CallError, Check, Context, Request, context, dry_run, json, need, need_vocabulary,
    refuse_custom_key_store, refuse_given, unsigned, vocabulary,
};
use crate::DataKeyLength;
use crate::spec::{DataKeyPairSpec, EncryptionAlgorithm, limits};
use crate::wire::aws as wire;

/// The longest plaintext (`PlaintextType`) and ciphertext (`CiphertextType`).
const PLAINTEXT_MAX: usize = 4096;
const CIPHERTEXT_MAX: usize = 6144;
/// What a result for an attested enclave (`Recipient`) would need.
const ATTESTATION: &str = "Nitro Enclaves attestation";
/// The one dry-run modifier.
const IGNORE_CIPHERTEXT: &str = "IGNORE_CIPHERTEXT";

/// An encryption algorithm member (`SYMMETRIC_DEFAULT` when absent).
fn algorithm(member: &str, value: Option<&str>) -> Result<EncryptionAlgorithm, CallError> {
    Ok(vocabulary(member, value)?.unwrap_or(EncryptionAlgorithm::SymmetricDefault))
}

/// `CiphertextBlob`, `GrantTokens` and `DryRunModifiers`, common to the
/// decrypting requests.
fn check_decrypting(c: &mut Check, blob: Option<&[u8]>, tokens: &[String], modifiers: &[String]) {
    c.bytes("CiphertextBlob", blob, 1, CIPHERTEXT_MAX);
    c.grant_tokens(Some(tokens));
    for (i, modifier) in modifiers.iter().enumerate() {
        let member = format!("DryRunModifiers.{}.member", i + 1);
        c.one_of(&member, Some(modifier), &[IGNORE_CIPHERTEXT]);
    }
}

/// Whether a dry run is to leave the ciphertext unchecked.
fn ignores_ciphertext(dry_run: Option<bool>, modifiers: Option<&[String]>) -> bool {
    dry_run == Some(true) && modifiers.is_some_and(|m| m.iter().any(|m| m == IGNORE_CIPHERTEXT))
}

/// A dry run that leaves the ciphertext unchecked: the keys named exist.
async fn dry_run_without_ciphertext<'a>(
    c: &Context<'_>,
    keys: impl IntoIterator<Item = Option<&'a str>>,
) -> Answer {
    for key in keys.into_iter().flatten() {
        c.kms.describe_key(key).await?;
    }
    Err(CallError::DryRun)
}

key_id_request!(wire::EncryptRequest, |r, c| {
    let plaintext = r.plaintext.as_ref().map(|p| p.expose_secret());
    c.bytes("Plaintext", plaintext, 1, PLAINTEXT_MAX);
    c.grant_tokens(r.grant_tokens.as_deref());
});

pub(super) async fn encrypt(c: &Context<'_>, r: wire::EncryptRequest) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let plaintext = need("Plaintext", r.plaintext)?;
    let mut request = crate::EncryptRequest::new(&key, plaintext.expose_secret()).algorithm(
        algorithm("EncryptionAlgorithm", r.encryption_algorithm.as_deref())?,
    );
    request.encryption_context = context(r.encryption_context);
    let sealed = c.kms.encrypt(request).await?;
    dry_run(r.dry_run)?;
    json(&wire::EncryptResponse::from_response(
        &sealed,
        c.arn(&sealed.key_id),
    ))
}

/// The crate's request to decrypt `blob` (under `key`, if named).
fn decrypt_request<'a>(
    blob: &'a [u8],
    key: Option<&'a str>,
    algorithm: EncryptionAlgorithm,
    encryption_context: Option<BTreeMap<String, String>>,
) -> crate::DecryptRequest<'a> {
    let mut request = crate::DecryptRequest::new(blob).algorithm(algorithm);
    request.key_id = key.map(Cow::Borrowed);
    request.encryption_context = context(encryption_context);
    request
}

key_id_request!(wire::DecryptRequest, |r, c| {
    let tokens = r.grant_tokens.as_deref().unwrap_or_default();
    let modifiers = r.dry_run_modifiers.as_deref().unwrap_or_default();
    check_decrypting(c, r.ciphertext_blob.as_deref(), tokens, modifiers);
});

pub(super) async fn decrypt(c: &Context<'_>, r: wire::DecryptRequest) -> Answer {
    refuse_given("Decrypt", "Recipient", &r.recipient, ATTESTATION)?;
    let algorithm = algorithm("EncryptionAlgorithm", r.encryption_algorithm.as_deref())?;
    if ignores_ciphertext(r.dry_run, r.dry_run_modifiers.as_deref()) {
        return dry_run_without_ciphertext(c, [r.key_id.as_deref()]).await;
    }
    let blob = need("CiphertextBlob", r.ciphertext_blob)?;
    let key = r.key_id.as_deref();
    let request = decrypt_request(&blob, key, algorithm, r.encryption_context);
    let opened = c.kms.decrypt(request).await?;
    dry_run(r.dry_run)?;
    json(&wire::DecryptResponse::from_response(
        &opened,
        c.arn(&opened.key_id),
    ))
}

impl Request for wire::ReEncryptRequest {
    fn key_id(&self) -> Option<&str> {
        self.destination_key_id.as_deref()
    }

    fn check(&self, c: &mut Check) {
        c.key_id("SourceKeyId", self.source_key_id.as_deref());
        c.key_id("DestinationKeyId", self.destination_key_id.as_deref());
        let tokens = self.grant_tokens.as_deref().unwrap_or_default();
        let modifiers = self.dry_run_modifiers.as_deref().unwrap_or_default();
        check_decrypting(c, self.ciphertext_blob.as_deref(), tokens, modifiers);
    }
}

pub(super) async fn re_encrypt(c: &Context<'_>, r: wire::ReEncryptRequest) -> Answer {
    let destination = need("DestinationKeyId", r.destination_key_id)?;
    let source_algorithm = r.source_encryption_algorithm.as_deref();
    let source_algorithm = algorithm("SourceEncryptionAlgorithm", source_algorithm)?;
    let destination_algorithm = r.destination_encryption_algorithm.as_deref();
    let destination_algorithm = algorithm("DestinationEncryptionAlgorithm", destination_algorithm)?;
    if ignores_ciphertext(r.dry_run, r.dry_run_modifiers.as_deref()) {
        let keys = [r.source_key_id.as_deref(), Some(destination.as_str())];
        return dry_run_without_ciphertext(c, keys).await;
    }
    let blob = need("CiphertextBlob", r.ciphertext_blob)?;
    let key = r.source_key_id.as_deref();
    let source = decrypt_request(&blob, key, source_algorithm, r.source_encryption_context);
    let mut request = crate::ReEncryptRequest::new(source, &destination)
        .destination_algorithm(destination_algorithm);
    request.destination_encryption_context = context(r.destination_encryption_context);
    let moved = c.kms.re_encrypt(request).await?;
    dry_run(r.dry_run)?;
    let (source, destination) = (c.arn(&moved.source_key_id), c.arn(&moved.key_id));
    json(&wire::ReEncryptResponse::from_response(
        &moved,
        source,
        destination,
    ))
}

/// The data key's length: `KeySpec` or `NumberOfBytes`, exactly one.
fn length(spec: Option<&str>, bytes: Option<i32>) -> Result<DataKeyLength, CallError> {
    match (vocabulary("KeySpec", spec)?, bytes) {
        (Some(spec), None) => Ok(DataKeyLength::Spec(spec)),
        (None, Some(n)) => Ok(DataKeyLength::Bytes(unsigned("NumberOfBytes", n)?)),
        (Some(_), Some(_)) => Err(CallError::Invalid(
            "KeySpec and NumberOfBytes are mutually exclusive: give one".to_owned(),
        )),
        (None, None) => Err(CallError::Invalid(
            "either KeySpec or NumberOfBytes is required".to_owned(),
        )),
    }
}

/// The crate's request for a data key under `key`, of `KeySpec` or
/// `NumberOfBytes`.
fn data_key_request<'a>(
    key: &'a str,
    spec: Option<&str>,
    number_of_bytes: Option<i32>,
    encryption_context: Option<BTreeMap<String, String>>,
) -> Result<crate::GenerateDataKeyRequest<'a>, CallError> {
    let mut request = match length(spec, number_of_bytes)? {
        DataKeyLength::Spec(spec) => crate::GenerateDataKeyRequest::new(key, spec),
        DataKeyLength::Bytes(n) => crate::GenerateDataKeyRequest::with_number_of_bytes(key, n),
    };
    request.encryption_context = context(encryption_context);
    Ok(request)
}

/// `NumberOfBytes`: 1 to [`limits::MAX_RANDOM_BYTES`].
fn check_number_of_bytes(c: &mut Check, number_of_bytes: Option<i32>) {
    let max = i32::try_from(limits::MAX_RANDOM_BYTES).unwrap_or(i32::MAX);
    c.number("NumberOfBytes", number_of_bytes, 1, max);
}

key_id_request!(
    [
        wire::GenerateDataKeyRequest,
        wire::GenerateDataKeyWithoutPlaintextRequest
    ],
    |r, c| {
        check_number_of_bytes(c, r.number_of_bytes);
        c.grant_tokens(r.grant_tokens.as_deref());
    }
);

pub(super) async fn generate_data_key(c: &Context<'_>, r: wire::GenerateDataKeyRequest) -> Answer {
    refuse_given("GenerateDataKey", "Recipient", &r.recipient, ATTESTATION)?;
    let key = need("KeyId", r.key_id)?;
    let spec = r.key_spec.as_deref();
    let request = data_key_request(&key, spec, r.number_of_bytes, r.encryption_context)?;
    let data_key = c.kms.generate_data_key(request).await?;
    dry_run(r.dry_run)?;
    let arn = c.arn(&data_key.key_id);
    json(&wire::GenerateDataKeyResponse::from_data_key(
        &data_key, arn,
    ))
}

pub(super) async fn generate_data_key_without_plaintext(
    c: &Context<'_>,
    r: wire::GenerateDataKeyWithoutPlaintextRequest,
) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let spec = r.key_spec.as_deref();
    let request = data_key_request(&key, spec, r.number_of_bytes, r.encryption_context)?;
    let data_key = c.kms.generate_data_key_without_plaintext(request).await?;
    dry_run(r.dry_run)?;
    let arn = c.arn(&data_key.key_id);
    json(&wire::GenerateDataKeyWithoutPlaintextResponse::from_data_key(&data_key, arn))
}

key_id_request!(
    [
        wire::GenerateDataKeyPairRequest,
        wire::GenerateDataKeyPairWithoutPlaintextRequest
    ],
    |r, c| c.grant_tokens(r.grant_tokens.as_deref())
);

/// The crate's request for a data key pair of `spec` under `key`.
fn pair_request<'a>(
    key: &'a str,
    spec: Option<&str>,
    encryption_context: Option<BTreeMap<String, String>>,
) -> Result<crate::GenerateDataKeyPairRequest<'a>, CallError> {
    let spec: DataKeyPairSpec = need_vocabulary("KeyPairSpec", spec)?;
    let mut request = crate::GenerateDataKeyPairRequest::new(key, spec);
    request.encryption_context = context(encryption_context);
    Ok(request)
}

pub(super) async fn generate_data_key_pair(
    c: &Context<'_>,
    r: wire::GenerateDataKeyPairRequest,
) -> Answer {
    refuse_given(
        "GenerateDataKeyPair",
        "Recipient",
        &r.recipient,
        ATTESTATION,
    )?;
    let key = need("KeyId", r.key_id)?;
    let request = pair_request(&key, r.key_pair_spec.as_deref(), r.encryption_context)?;
    let pair = c.kms.generate_data_key_pair(request).await?;
    dry_run(r.dry_run)?;
    let arn = c.arn(&pair.key_id);
    json(&wire::GenerateDataKeyPairResponse::from_pair(&pair, arn))
}

pub(super) async fn generate_data_key_pair_without_plaintext(
    c: &Context<'_>,
    r: wire::GenerateDataKeyPairWithoutPlaintextRequest,
) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let request = pair_request(&key, r.key_pair_spec.as_deref(), r.encryption_context)?;
    let pair = c
        .kms
        .generate_data_key_pair_without_plaintext(request)
        .await?;
    dry_run(r.dry_run)?;
    let arn = c.arn(&pair.key_id);
    json(&wire::GenerateDataKeyPairWithoutPlaintextResponse::from_pair(&pair, arn))
}

impl Request for wire::GenerateRandomRequest {
    fn key_id(&self) -> Option<&str> {
        None
    }

    fn check(&self, c: &mut Check) {
        check_number_of_bytes(c, self.number_of_bytes);
        c.text(
            "CustomKeyStoreId",
            self.custom_key_store_id.as_deref(),
            1,
            64,
        );
    }
}

pub(super) async fn generate_random(c: &Context<'_>, r: wire::GenerateRandomRequest) -> Answer {
    const OP: &str = "GenerateRandom";
    refuse_custom_key_store(OP, &r.custom_key_store_id)?;
    refuse_given(OP, "Recipient", &r.recipient, ATTESTATION)?;
    let count = unsigned("NumberOfBytes", need("NumberOfBytes", r.number_of_bytes)?)?;
    let random = c
        .kms
        .generate_random(crate::GenerateRandomRequest::new(count))
        .await?;
    json(&wire::GenerateRandomResponse::new(random))
}
