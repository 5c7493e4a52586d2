//! The symmetric cryptographic endpoints: `encrypt-data`, `decrypt-data`,
//! `create-datakey`, `create-datakey-without-plaintext`, `encrypt-datakey`,
//! `decrypt-datakey`, `re-encrypt`.
//!
//! Huawei's encodings are kept: `encrypt-data` takes text (its UTF-8
//! bytes are encrypted) and answers base64; `decrypt-data` answers the
//! plaintext as text and as base64 (a plaintext that is not UTF-8 answers
//! its base64 as the text too); the data key endpoints speak hex, their
//! `cipher_text` the hex of the ciphertext blob, which `decrypt-data`
//! takes as base64 as well. Lengths in requests are in bits
//! (`datakey_length`) or bytes (`datakey_plain_length`) as Huawei has
//! them, and travel as strings.
//!
//! `additional_authenticated_data` is bound as the crate's encryption
//! context, so a ciphertext made through another front with a context
//! decrypts here with the same context: a JSON object of string values is
//! that context; any other text is the context whose one entry
//! [`AAD_ENTRY`] holds the text (an object naming [`AAD_ENTRY`] itself is
//! refused, so two different texts never bind the same way).

use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use super::{Answer, Context, Fail, answer, key_reference, need, refuse_given, vocabulary};
use crate::spec::{DataKeySpec, EncryptionAlgorithm, Vendor, Vocabulary, limits};
use crate::wire::huawei::{self as wire, hex_decode, hex_encode};
use crate::{
    DecryptRequest, EncryptRequest, EncryptionContext, GenerateDataKeyRequest, ReEncryptRequest,
};

/// The entry of the encryption context that holds an
/// `additional_authenticated_data` that is not a JSON object.
pub(crate) const AAD_ENTRY: &str = "additional_authenticated_data";

/// The most bits a data key has (Huawei: 8 to 8192).
const MAX_DATAKEY_BITS: u32 = 8192;

/// The most bytes a data key given to `encrypt-datakey` has (1 to 1024).
const MAX_DATAKEY_BYTES: usize = 1024;

/// The length of the SHA-256 digest `encrypt-datakey` takes after the key.
const DIGEST_LEN: usize = 32;

/// Bytes as base64.
pub(super) fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A base64 parameter's bytes.
pub(super) fn unbase64(parameter: &'static str, text: &str) -> Result<Vec<u8>, Fail> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| Fail::Invalid {
            parameter,
            reason: format!("not base64: {e}"),
        })
}

/// A hex parameter's bytes.
fn unhex(parameter: &'static str, text: &str) -> Result<Vec<u8>, Fail> {
    hex_decode(text.trim()).ok_or_else(|| Fail::Invalid {
        parameter,
        reason: "not a hex string of whole bytes".to_owned(),
    })
}

/// A value in Huawei's spelling (the crate's where Huawei has none).
pub(super) fn spelled<T: Vocabulary>(value: T) -> &'static str {
    value.spelling(Vendor::Huawei).unwrap_or(value.as_str())
}

/// A required vocabulary parameter.
pub(super) fn required<T: Vocabulary>(
    parameter: &'static str,
    value: Option<&str>,
) -> Result<T, Fail> {
    vocabulary(parameter, value)?.ok_or(Fail::Missing(parameter))
}

/// A length in bits (a decimal string): a multiple of 8 from 8 to `max`,
/// as bytes.
pub(super) fn bits_as_bytes(parameter: &'static str, text: &str, max: u32) -> Result<usize, Fail> {
    let invalid = |reason: String| Fail::Invalid { parameter, reason };
    let bits: u32 = text
        .trim()
        .parse()
        .map_err(|_| invalid(format!("{text:?} is not a number of bits")))?;
    if !(8..=max).contains(&bits) || !bits.is_multiple_of(8) {
        return Err(invalid(format!(
            "{bits} bits; a multiple of 8 from 8 to {max}"
        )));
    }
    usize::try_from(bits / 8).map_err(|e| invalid(e.to_string()))
}

/// A length in bytes (a decimal string) from 1 to `max`.
fn byte_count(parameter: &'static str, text: &str, max: usize) -> Result<usize, Fail> {
    let invalid = |reason: String| Fail::Invalid { parameter, reason };
    let n: usize = text
        .trim()
        .parse()
        .map_err(|_| invalid(format!("{text:?} is not a number of bytes")))?;
    if !(1..=max).contains(&n) {
        return Err(invalid(format!("{n} bytes; from 1 to {max}")));
    }
    Ok(n)
}

/// Notes the caller's `sequence` (its serial number for the request) in
/// the log, with the request id that answers it.
pub(super) fn sequence(cx: &Context<'_>, sequence: Option<&str>) {
    if let Some(sequence) = sequence.filter(|s| !s.is_empty()) {
        tracing::debug!(
            sequence,
            request_id = cx.request_id,
            endpoint = cx.route.endpoint.name,
            "caller's request sequence"
        );
    }
}

/// The encryption context an `additional_authenticated_data` binds (see
/// the [module documentation](self)); `None` for none or an empty one.
pub(super) fn aad_context(
    parameter: &'static str,
    aad: Option<&str>,
) -> Result<Option<EncryptionContext>, Fail> {
    let Some(text) = aad.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let invalid = |reason: String| Fail::Invalid { parameter, reason };
    let context = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(entries)) => {
            let mut context = EncryptionContext::new();
            for (name, value) in entries {
                if name == AAD_ENTRY {
                    return Err(invalid(format!(
                        "the entry {AAD_ENTRY:?} is reserved for text that is not a JSON object"
                    )));
                }
                let serde_json::Value::String(value) = value else {
                    return Err(invalid(format!(
                        "a JSON object binds as an encryption context, whose values are \
                         strings; {name:?} is {value}"
                    )));
                };
                context.insert(name, value);
            }
            context
        }
        _ => EncryptionContext::new().with(AAD_ENTRY, text),
    };
    if context.is_empty() {
        return Ok(None);
    }
    context.check().map_err(|e| invalid(e.to_string()))?;
    Ok(Some(context))
}

/// The text a plaintext answers as: itself if UTF-8, else its base64.
fn plaintext_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => b64(bytes),
    }
}

/// Refuses the PIN parameters of Huawei's dedicated key stores.
pub(super) fn refuse_pin(pin: Option<&str>, pin_type: Option<&str>) -> Result<(), Fail> {
    let why = "this server has no key store that takes a PIN";
    refuse_given("pin", pin, why)?;
    refuse_given("pin_type", pin_type, why)
}

pub(super) async fn encrypt_data(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::EncryptDataRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let plaintext = need("plain_text", r.plain_text.as_deref())?;
    if plaintext.len() > limits::MAX_SYMMETRIC_PLAINTEXT {
        return Err(Fail::Invalid {
            parameter: "plain_text",
            reason: format!(
                "{} bytes; from 1 to {}",
                plaintext.len(),
                limits::MAX_SYMMETRIC_PLAINTEXT
            ),
        });
    }
    let algorithm = vocabulary::<EncryptionAlgorithm>(
        "encryption_algorithm",
        r.encryption_algorithm.as_deref(),
    )?
    .unwrap_or(EncryptionAlgorithm::SymmetricDefault);
    let context = aad_context(
        "additional_authenticated_data",
        r.additional_authenticated_data.as_deref(),
    )?;
    let mut request = EncryptRequest::new(&key, plaintext.as_bytes()).algorithm(algorithm);
    if let Some(context) = context {
        request = request.context(context);
    }
    let done = cx.kms.encrypt(request).await?;
    answer(&wire::EncryptDataResponse {
        key_id: done.key_id.to_string(),
        cipher_text: b64(&done.ciphertext_blob),
    })
}

pub(super) async fn decrypt_data(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::DecryptDataRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    let blob = unbase64(
        "cipher_text",
        need("cipher_text", r.cipher_text.as_deref())?,
    )?;
    let algorithm = vocabulary::<EncryptionAlgorithm>(
        "encryption_algorithm",
        r.encryption_algorithm.as_deref(),
    )?
    .unwrap_or(EncryptionAlgorithm::SymmetricDefault);
    let key = match r.key_id.as_deref().filter(|k| !k.trim().is_empty()) {
        Some(key) => Some(key_reference("key_id", Some(key))?),
        None if algorithm != EncryptionAlgorithm::SymmetricDefault => {
            return Err(Fail::Missing("key_id"));
        }
        None => None,
    };
    let context = aad_context(
        "additional_authenticated_data",
        r.additional_authenticated_data.as_deref(),
    )?;
    let mut request = DecryptRequest::new(&blob).algorithm(algorithm);
    if let Some(key) = &key {
        request = request.key_id(key.as_str());
    }
    if let Some(context) = context {
        request = request.context(context);
    }
    let done = cx.kms.decrypt(request).await?;
    let plaintext = done.plaintext.expose_secret();
    answer(&wire::DecryptDataResponse {
        key_id: done.key_id.to_string(),
        plain_text: plaintext_text(plaintext),
        plain_text_base64: b64(plaintext),
    })
}

/// The data key length a `create-datakey` body asks for, in bytes:
/// `datakey_length` (bits) if given, else `key_spec`'s, else 32.
fn datakey_bytes(r: &wire::CreateDatakeyRequest) -> Result<usize, Fail> {
    let spec = vocabulary::<DataKeySpec>("key_spec", r.key_spec.as_deref())?;
    match r.datakey_length.as_deref().filter(|l| !l.trim().is_empty()) {
        Some(bits) => bits_as_bytes("datakey_length", bits, MAX_DATAKEY_BITS),
        None => Ok(spec.map_or(32, DataKeySpec::byte_len)),
    }
}

/// Makes a data key for a `create-datakey` body: the key id, its
/// plaintext and the ciphertext blob.
async fn make_datakey(
    cx: &Context<'_>,
    r: &wire::CreateDatakeyRequest,
) -> Result<(String, crate::SecretBytes, Vec<u8>), Fail> {
    sequence(cx, r.sequence.as_deref());
    refuse_pin(r.pin.as_deref(), r.pin_type.as_deref())?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let bytes = datakey_bytes(r)?;
    let context = aad_context(
        "additional_authenticated_data",
        r.additional_authenticated_data.as_deref(),
    )?;
    let mut request = GenerateDataKeyRequest::with_number_of_bytes(&key, bytes);
    if let Some(context) = context {
        request = request.context(context);
    }
    let done = cx.kms.generate_data_key(request).await?;
    Ok((
        done.key_id.to_string(),
        done.plaintext,
        done.ciphertext_blob,
    ))
}

pub(super) async fn create_datakey(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::CreateDatakeyRequest = cx.json()?;
    let (key_id, plaintext, blob) = make_datakey(cx, &r).await?;
    answer(&wire::CreateDatakeyResponse {
        key_id,
        plain_text: hex_encode(plaintext.expose_secret()),
        cipher_text: hex_encode(&blob),
    })
}

pub(super) async fn create_datakey_without_plaintext(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::CreateDatakeyRequest = cx.json()?;
    let (key_id, _, blob) = make_datakey(cx, &r).await?;
    answer(&wire::CreateDatakeyWithoutPlaintextResponse {
        key_id,
        cipher_text: hex_encode(&blob),
    })
}

/// Whether a stated length (`datakey_plain_length`,
/// `datakey_cipher_length`) fits a data key of `key_len` bytes: Huawei's
/// documentation counts the key alone or the key with its 32-byte digest,
/// so either is taken.
fn stated_length_fits(stated: usize, key_len: usize) -> bool {
    stated == key_len || stated == key_len + DIGEST_LEN
}

pub(super) async fn encrypt_datakey(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::EncryptDatakeyRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    refuse_pin(r.pin.as_deref(), r.pin_type.as_deref())?;
    refuse_given(
        "key_spec",
        r.key_spec.as_deref(),
        "it chooses the kind of data key in Huawei's dedicated key stores, which this server \
         does not have",
    )?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let stated = byte_count(
        "datakey_plain_length",
        need("datakey_plain_length", r.datakey_plain_length.as_deref())?,
        MAX_DATAKEY_BYTES + DIGEST_LEN,
    )?;
    let given = unhex("plain_text", need("plain_text", r.plain_text.as_deref())?)?;
    if given.len() <= DIGEST_LEN || given.len() > MAX_DATAKEY_BYTES + DIGEST_LEN {
        return Err(Fail::Invalid {
            parameter: "plain_text",
            reason: format!(
                "{} bytes; a data key of 1 to {MAX_DATAKEY_BYTES} bytes followed by its \
                 {DIGEST_LEN}-byte SHA-256",
                given.len()
            ),
        });
    }
    let (data_key, digest) = given.split_at(given.len() - DIGEST_LEN);
    if !stated_length_fits(stated, data_key.len()) {
        return Err(Fail::Invalid {
            parameter: "datakey_plain_length",
            reason: format!(
                "{stated} bytes, but plain_text holds a {}-byte data key and its digest",
                data_key.len()
            ),
        });
    }
    if !bool::from(Sha256::digest(data_key).as_slice().ct_eq(digest)) {
        return Err(Fail::Coded {
            code: "KMS.2103",
            message: "The data key's SHA-256 in plain_text does not match the data key.".to_owned(),
        });
    }
    let context = aad_context(
        "additional_authenticated_data",
        r.additional_authenticated_data.as_deref(),
    )?;
    let mut request = EncryptRequest::new(&key, data_key);
    if let Some(context) = context {
        request = request.context(context);
    }
    let done = cx.kms.encrypt(request).await?;
    answer(&wire::EncryptDatakeyResponse {
        key_id: done.key_id.to_string(),
        cipher_text: hex_encode(&done.ciphertext_blob),
        datakey_length: data_key.len().to_string(),
    })
}

pub(super) async fn decrypt_datakey(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::DecryptDatakeyRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let blob = unhex(
        "cipher_text",
        need("cipher_text", r.cipher_text.as_deref())?,
    )?;
    let stated = r
        .datakey_cipher_length
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .map(|l| byte_count("datakey_cipher_length", l, MAX_DATAKEY_BYTES + DIGEST_LEN))
        .transpose()?;
    let context = aad_context(
        "additional_authenticated_data",
        r.additional_authenticated_data.as_deref(),
    )?;
    let mut request = DecryptRequest::new(&blob).key_id(key.as_str());
    if let Some(context) = context {
        request = request.context(context);
    }
    let done = cx.kms.decrypt(request).await?;
    let data_key = done.plaintext.expose_secret();
    if let Some(stated) = stated
        && !stated_length_fits(stated, data_key.len())
    {
        return Err(Fail::Invalid {
            parameter: "datakey_cipher_length",
            reason: format!(
                "{stated} bytes, but the ciphertext holds a {}-byte data key",
                data_key.len()
            ),
        });
    }
    answer(&wire::DecryptDatakeyResponse {
        data_key: hex_encode(data_key),
        datakey_length: data_key.len().to_string(),
        datakey_dgst: hex_encode(&Sha256::digest(data_key)),
    })
}

pub(super) async fn re_encrypt(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::ReEncryptRequest = cx.json()?;
    let blob = unbase64(
        "cipher_text",
        need("cipher_text", r.cipher_text.as_deref())?,
    )?;
    let destination = key_reference("destination_key_id", r.destination_key_id.as_deref())?;
    // Only a data key encrypted in CBC mode needs its length, and this
    // server makes none; a length given must still be one.
    if let Some(length) = r
        .datakey_cipher_length
        .as_deref()
        .filter(|l| !l.trim().is_empty())
    {
        byte_count("datakey_cipher_length", length, MAX_DATAKEY_BYTES)?;
    }
    let source_algorithm = vocabulary::<EncryptionAlgorithm>(
        "source_encryption_algorithm",
        r.source_encryption_algorithm.as_deref(),
    )?
    .unwrap_or(EncryptionAlgorithm::SymmetricDefault);
    let destination_algorithm = vocabulary::<EncryptionAlgorithm>(
        "destination_encryption_algorithm",
        r.destination_encryption_algorithm.as_deref(),
    )?
    .unwrap_or(EncryptionAlgorithm::SymmetricDefault);
    let source_key = match r.source_key_id.as_deref().filter(|k| !k.trim().is_empty()) {
        Some(key) => Some(key_reference("source_key_id", Some(key))?),
        None if source_algorithm != EncryptionAlgorithm::SymmetricDefault => {
            return Err(Fail::Missing("source_key_id"));
        }
        None => None,
    };
    let source_context = aad_context(
        "source_additional_authenticated_data",
        r.source_additional_authenticated_data.as_deref(),
    )?;
    let destination_context = aad_context(
        "destination_additional_authenticated_data",
        r.destination_additional_authenticated_data.as_deref(),
    )?;
    let mut source = DecryptRequest::new(&blob).algorithm(source_algorithm);
    if let Some(key) = &source_key {
        source = source.key_id(key.as_str());
    }
    if let Some(context) = source_context {
        source = source.context(context);
    }
    let mut request =
        ReEncryptRequest::new(source, &destination).destination_algorithm(destination_algorithm);
    if let Some(context) = destination_context {
        request = request.destination_context(context);
    }
    let done = cx.kms.re_encrypt(request).await?;
    answer(&wire::ReEncryptResponse {
        key_id: done.key_id.to_string(),
        source_key_id: done.source_key_id.to_string(),
        source_encryption_algorithm: spelled(done.source_encryption_algorithm).to_owned(),
        destination_encryption_algorithm: spelled(done.destination_encryption_algorithm).to_owned(),
        cipher_text: b64(&done.ciphertext_blob),
    })
}

#[cfg(test)]
mod tests;
