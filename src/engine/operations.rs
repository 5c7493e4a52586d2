//! The cryptographic operations: every one resolves the key, runs the state,
//! usage, algorithm and size checks, then calls the pure crypto layer.

use std::borrow::Cow;
use std::sync::Arc;

use super::{Engine, KeyRecord, Operation, Persist, validate};
use crate::ciphertext::{self, EncryptionContext, HEADER_LEN, Header, OVERHEAD};
use crate::crypto::{Material, rng};
use crate::request::{
    DataKeyLength, DecryptRequest, EncryptRequest, GenerateDataKeyPairRequest,
    GenerateDataKeyRequest, GenerateMacRequest, GenerateRandomRequest, ReEncryptRequest,
    SignRequest, VerifyMacRequest, VerifyRequest,
};
use crate::response::{
    CryptoOperation, DataKey, DataKeyPair, DecryptResponse, EncryptResponse, EncryptedDataKey,
    EncryptedDataKeyPair, MacResponse, PublicKeyInfo, ReEncryptResponse, SignResponse,
    VerifyMacResponse, VerifyResponse,
};
use crate::secret::SecretBytes;
use crate::spec::{
    EncryptionAlgorithm, KeyUsage, MacAlgorithm, MessageType, SigningAlgorithm, limits,
};
use crate::{Error, Result};

const ENCRYPT: Operation = Operation {
    name: "Encrypt",
    usage: Some(KeyUsage::EncryptDecrypt),
};
const DECRYPT: Operation = Operation {
    name: "Decrypt",
    usage: Some(KeyUsage::EncryptDecrypt),
};
const DATA_KEY: Operation = Operation {
    name: "GenerateDataKey",
    usage: Some(KeyUsage::EncryptDecrypt),
};
const DATA_KEY_PAIR: Operation = Operation {
    name: "GenerateDataKeyPair",
    usage: Some(KeyUsage::EncryptDecrypt),
};
const SIGN: Operation = Operation {
    name: "Sign",
    usage: Some(KeyUsage::SignVerify),
};
const VERIFY: Operation = Operation {
    name: "Verify",
    usage: Some(KeyUsage::SignVerify),
};
const GENERATE_MAC: Operation = Operation {
    name: "GenerateMac",
    usage: Some(KeyUsage::GenerateVerifyMac),
};
const VERIFY_MAC: Operation = Operation {
    name: "VerifyMac",
    usage: Some(KeyUsage::GenerateVerifyMac),
};
const GET_PUBLIC_KEY: Operation = Operation {
    name: "GetPublicKey",
    usage: None,
};

static EMPTY_CONTEXT: std::sync::LazyLock<EncryptionContext> =
    std::sync::LazyLock::new(EncryptionContext::new);

fn context(context: Option<&EncryptionContext>) -> &EncryptionContext {
    context.unwrap_or(&EMPTY_CONTEXT)
}

pub(super) fn unsupported_algorithm(record: &KeyRecord, algorithm: impl ToString) -> Error {
    Error::AlgorithmNotAllowed {
        key_id: record.meta.key_id.clone(),
        spec: record.meta.spec,
        algorithm: algorithm.to_string(),
    }
}

fn check_encryption_algorithm(record: &KeyRecord, alg: EncryptionAlgorithm) -> Result<()> {
    if record.meta.spec.encryption_algorithms().contains(&alg) {
        Ok(())
    } else {
        Err(unsupported_algorithm(record, alg))
    }
}

fn require_symmetric(record: &KeyRecord, operation: &'static str) -> Result<()> {
    if record.meta.spec.is_symmetric_encryption() {
        Ok(())
    } else {
        Err(Error::UnsupportedOperation {
            key_id: record.meta.key_id.clone(),
            spec: record.meta.spec,
            operation: operation.into(),
        })
    }
}

fn no_context_for_asymmetric(ctx: Option<&EncryptionContext>) -> Result<()> {
    if ctx.is_some_and(|c| !c.is_empty()) {
        return Err(Error::invalid_argument(
            "encryption context",
            "asymmetric encryption takes no encryption context",
        ));
    }
    Ok(())
}

/// The current material of a key whose private key is needed.
pub(super) fn private_material<'r>(
    record: &'r KeyRecord,
    operation: &'static str,
) -> Result<(u32, &'r Arc<Material>)> {
    let (version, material) = record.current()?;
    if material.is_public_key_only() {
        return Err(Error::PublicKeyOnly {
            key_id: record.meta.key_id.clone(),
            operation: operation.into(),
        });
    }
    Ok((version, material))
}

/// Seals a plaintext into a blob under the key's current material.
fn seal_blob(record: &KeyRecord, plaintext: &[u8], ctx: &EncryptionContext) -> Result<Vec<u8>> {
    ctx.check()?;
    let (version, material) = record.current()?;
    let key = material
        .symmetric()
        .expect("a symmetric key holds a symmetric material");
    let key_uuid = record.meta.uuid_bytes("a ciphertext blob")?;
    let nonce = rng::nonce()?;
    let header = Header {
        spec: record.meta.spec,
        key_uuid,
        version,
        nonce,
    }
    .to_bytes();
    let mut blob = Vec::with_capacity(plaintext.len() + OVERHEAD);
    blob.extend_from_slice(&header);
    blob.extend_from_slice(plaintext);
    let tag = ciphertext::with_associated_data(&header, ctx, |aad| {
        key.seal(&nonce, aad, &mut blob[HEADER_LEN..])
    })?;
    blob.extend_from_slice(&tag);
    Ok(blob)
}

/// Opens a blob whose header names `record`'s key.
fn open_blob(
    record: &KeyRecord,
    header: &Header,
    blob: &[u8],
    ctx: &EncryptionContext,
) -> Result<SecretBytes> {
    ctx.check()?;
    if header.spec != record.meta.spec {
        return Err(Error::InvalidCiphertext);
    }
    let material = record
        .version(header.version)
        .ok_or(Error::InvalidCiphertext)?;
    let minimum = record.meta.min_decryption_version;
    if header.version < minimum {
        return Err(Error::VersionRetired {
            key_id: record.meta.key_id.clone(),
            version: header.version,
            minimum,
        });
    }
    let key = material.symmetric().ok_or(Error::InvalidCiphertext)?;
    let header_bytes: &[u8; HEADER_LEN] = blob[..HEADER_LEN].try_into().expect("parsed header");
    // The buffer becomes the plaintext: wrap it at once so that it is zeroized.
    let mut buf = zeroize::Zeroizing::new(blob[HEADER_LEN..].to_vec());
    let len = ciphertext::with_associated_data(header_bytes, ctx, |aad| {
        key.open(&header.nonce, aad, &mut buf)
    })?;
    buf.truncate(len);
    Ok(SecretBytes::new(std::mem::take(&mut *buf)))
}

impl<S: Persist> Engine<S> {
    pub(crate) fn encrypt(&self, request: EncryptRequest<'_>) -> Result<EncryptResponse> {
        self.encrypt_as(request, CryptoOperation::Encrypt)
    }

    /// Encrypts, noting the use as `op`.
    fn encrypt_as(
        &self,
        request: EncryptRequest<'_>,
        op: CryptoOperation,
    ) -> Result<EncryptResponse> {
        let record = self.usable_key(&request.key_id, ENCRYPT)?;
        let alg = request.algorithm;
        check_encryption_algorithm(&record, alg)?;
        let max = alg
            .max_plaintext_len(record.meta.spec)
            .expect("checked algorithm");
        validate::length("plaintext", request.plaintext.len(), max)?;
        let ciphertext_blob = if alg == EncryptionAlgorithm::SymmetricDefault {
            seal_blob(
                &record,
                &request.plaintext,
                context(request.encryption_context.as_deref()),
            )?
        } else {
            no_context_for_asymmetric(request.encryption_context.as_deref())?;
            record.current()?.1.encrypt(alg, &request.plaintext)?
        };
        self.used(&record, op);
        Ok(EncryptResponse::new(
            ciphertext_blob,
            record.meta.key_id.clone(),
            Some(record.current()?.0),
            alg,
        ))
    }

    pub(crate) fn decrypt(&self, request: DecryptRequest<'_>) -> Result<DecryptResponse> {
        self.decrypt_as(request, CryptoOperation::Decrypt)
    }

    /// Decrypts, noting the use as `op`.
    fn decrypt_as(
        &self,
        request: DecryptRequest<'_>,
        op: CryptoOperation,
    ) -> Result<DecryptResponse> {
        validate::length(
            "ciphertext blob",
            request.ciphertext_blob.len(),
            limits::MAX_CIPHERTEXT,
        )?;
        let alg = request.algorithm;
        if alg == EncryptionAlgorithm::SymmetricDefault {
            return self.decrypt_blob(request, op);
        }
        let key_id = request.key_id.as_deref().ok_or_else(|| {
            Error::invalid_argument("key id", "required to decrypt with an asymmetric algorithm")
        })?;
        let record = self.usable_key(key_id, DECRYPT)?;
        check_encryption_algorithm(&record, alg)?;
        no_context_for_asymmetric(request.encryption_context.as_deref())?;
        let (version, material) = private_material(&record, "Decrypt")?;
        let plaintext = material.decrypt(alg, &request.ciphertext_blob)?;
        self.used(&record, op);
        Ok(DecryptResponse::new(
            SecretBytes::new(plaintext),
            record.meta.key_id.clone(),
            Some(version),
            alg,
        ))
    }

    fn decrypt_blob(
        &self,
        request: DecryptRequest<'_>,
        op: CryptoOperation,
    ) -> Result<DecryptResponse> {
        let named = match request.key_id.as_deref() {
            Some(key_id) => {
                let record = self.usable_key(key_id, DECRYPT)?;
                check_encryption_algorithm(&record, EncryptionAlgorithm::SymmetricDefault)?;
                Some(record)
            }
            None => None,
        };
        let header = Header::parse(&request.ciphertext_blob)?;
        let blob_key = header.key_id();
        let record = match named {
            Some(record) if record.meta.key_id != blob_key => {
                return Err(Error::IncorrectKey {
                    key_id: record.meta.key_id.clone(),
                });
            }
            Some(record) => record,
            None => self.usable_key_by_id(&blob_key, DECRYPT)?,
        };
        let ctx = context(request.encryption_context.as_deref());
        let plaintext = open_blob(&record, &header, &request.ciphertext_blob, ctx)?;
        self.used(&record, op);
        Ok(DecryptResponse::new(
            plaintext,
            record.meta.key_id.clone(),
            Some(header.version),
            EncryptionAlgorithm::SymmetricDefault,
        ))
    }

    pub(crate) fn re_encrypt(&self, request: ReEncryptRequest<'_>) -> Result<ReEncryptResponse> {
        // Check the destination before decrypting anything.
        let destination = self.usable_key(&request.destination_key_id, ENCRYPT)?;
        check_encryption_algorithm(&destination, request.destination_algorithm)?;
        let op = CryptoOperation::ReEncrypt;
        let source = self.decrypt_as(request.source, op)?;
        let encrypted = self.encrypt_as(
            EncryptRequest {
                key_id: request.destination_key_id,
                plaintext: Cow::Borrowed(source.plaintext.expose_secret()),
                encryption_context: request.destination_encryption_context,
                algorithm: request.destination_algorithm,
            },
            op,
        )?;
        Ok(ReEncryptResponse::new(
            encrypted.ciphertext_blob,
            source.key_id,
            source.key_version,
            encrypted.key_id,
            encrypted.key_version,
            source.encryption_algorithm,
            encrypted.encryption_algorithm,
        ))
    }

    pub(crate) fn generate_data_key(&self, request: GenerateDataKeyRequest<'_>) -> Result<DataKey> {
        self.data_key(request, CryptoOperation::GenerateDataKey)
    }

    pub(crate) fn generate_data_key_without_plaintext(
        &self,
        request: GenerateDataKeyRequest<'_>,
    ) -> Result<EncryptedDataKey> {
        let key = self.data_key(request, CryptoOperation::GenerateDataKeyWithoutPlaintext)?;
        Ok(EncryptedDataKey::new(key.ciphertext_blob, key.key_id))
    }

    fn data_key(
        &self,
        request: GenerateDataKeyRequest<'_>,
        op: CryptoOperation,
    ) -> Result<DataKey> {
        let len = match request.length {
            DataKeyLength::Spec(spec) => spec.byte_len(),
            DataKeyLength::Bytes(n) => {
                validate::length("number of bytes", n, limits::MAX_RANDOM_BYTES)?;
                n
            }
        };
        let record = self.usable_key(&request.key_id, DATA_KEY)?;
        require_symmetric(&record, "GenerateDataKey")?;
        let plaintext = SecretBytes::new(rng::bytes(len)?);
        let ciphertext_blob = seal_blob(
            &record,
            plaintext.expose_secret(),
            context(request.encryption_context.as_deref()),
        )?;
        self.used(&record, op);
        Ok(DataKey::new(
            plaintext,
            ciphertext_blob,
            record.meta.key_id.clone(),
        ))
    }

    pub(crate) fn generate_data_key_pair(
        &self,
        request: GenerateDataKeyPairRequest<'_>,
    ) -> Result<DataKeyPair> {
        self.data_key_pair(request, CryptoOperation::GenerateDataKeyPair)
    }

    pub(crate) fn generate_data_key_pair_without_plaintext(
        &self,
        request: GenerateDataKeyPairRequest<'_>,
    ) -> Result<EncryptedDataKeyPair> {
        let op = CryptoOperation::GenerateDataKeyPairWithoutPlaintext;
        let pair = self.data_key_pair(request, op)?;
        Ok(EncryptedDataKeyPair::new(
            pair.private_key_ciphertext_blob,
            pair.public_key,
            pair.key_id,
            pair.key_pair_spec,
        ))
    }

    fn data_key_pair(
        &self,
        request: GenerateDataKeyPairRequest<'_>,
        op: CryptoOperation,
    ) -> Result<DataKeyPair> {
        let record = self.usable_key(&request.key_id, DATA_KEY_PAIR)?;
        require_symmetric(&record, "GenerateDataKeyPair")?;
        let ctx = context(request.encryption_context.as_deref());
        ctx.check()?;
        let pair = Material::generate(request.key_pair_spec.key_spec())?;
        let private_key_plaintext = pair.encoded().clone();
        let private_key_ciphertext_blob =
            seal_blob(&record, private_key_plaintext.expose_secret(), ctx)?;
        self.used(&record, op);
        Ok(DataKeyPair::new(
            private_key_plaintext,
            private_key_ciphertext_blob,
            pair.public_key_der().expect("an asymmetric pair").to_vec(),
            record.meta.key_id.clone(),
            request.key_pair_spec,
        ))
    }

    /// The checks shared by sign and verify.
    fn signing_key(
        &self,
        key_id: &str,
        op: Operation,
        alg: SigningAlgorithm,
        kind: MessageType,
        message: &[u8],
    ) -> Result<Arc<KeyRecord>> {
        let record = self.usable_key(key_id, op)?;
        if !record.meta.spec.signing_algorithms().contains(&alg) {
            return Err(unsupported_algorithm(&record, alg));
        }
        if !alg.message_types().contains(&kind) {
            return Err(unsupported_algorithm(
                &record,
                format!("{alg} with message type {kind}"),
            ));
        }
        match kind {
            MessageType::Raw => {
                validate::length("message", message.len(), limits::MAX_SIGN_MESSAGE)?
            }
            _ if message.len() != alg.digest_len() => {
                return Err(Error::invalid_argument(
                    "message",
                    format!(
                        "a {alg} digest is {} bytes, not {}",
                        alg.digest_len(),
                        message.len()
                    ),
                ));
            }
            _ => {}
        }
        Ok(record)
    }

    pub(crate) fn sign(&self, request: SignRequest<'_>) -> Result<SignResponse> {
        let (alg, kind) = (request.algorithm, request.message_type);
        let record = self.signing_key(&request.key_id, SIGN, alg, kind, &request.message)?;
        let signature = private_material(&record, "Sign")?
            .1
            .sign(alg, kind, &request.message)?;
        self.used(&record, CryptoOperation::Sign);
        Ok(SignResponse::new(
            signature,
            record.meta.key_id.clone(),
            alg,
        ))
    }

    pub(crate) fn verify(&self, request: VerifyRequest<'_>) -> Result<VerifyResponse> {
        let (alg, kind) = (request.algorithm, request.message_type);
        let record = self.signing_key(&request.key_id, VERIFY, alg, kind, &request.message)?;
        validate::length("signature", request.signature.len(), limits::MAX_SIGNATURE)?;
        record
            .current()?
            .1
            .verify(alg, kind, &request.message, &request.signature)?;
        self.used(&record, CryptoOperation::Verify);
        Ok(VerifyResponse::new(record.meta.key_id.clone(), alg))
    }

    pub(crate) fn get_public_key(&self, key_id: &str) -> Result<PublicKeyInfo> {
        let record = self.usable_key(key_id, GET_PUBLIC_KEY)?;
        let meta = &record.meta;
        let public_key =
            record
                .current()?
                .1
                .public_key_der()
                .ok_or_else(|| Error::UnsupportedOperation {
                    key_id: meta.key_id.clone(),
                    spec: meta.spec,
                    operation: "GetPublicKey".into(),
                })?;
        Ok(PublicKeyInfo::new(
            meta.key_id.clone(),
            public_key.to_vec(),
            meta.spec,
            meta.usage,
        ))
    }

    fn mac_key(
        &self,
        key_id: &str,
        op: Operation,
        alg: MacAlgorithm,
        message: &[u8],
    ) -> Result<Arc<KeyRecord>> {
        let record = self.usable_key(key_id, op)?;
        if !record.meta.spec.mac_algorithms().contains(&alg) {
            return Err(unsupported_algorithm(&record, alg));
        }
        validate::length("message", message.len(), limits::MAX_MAC_MESSAGE)?;
        Ok(record)
    }

    pub(crate) fn generate_mac(&self, request: GenerateMacRequest<'_>) -> Result<MacResponse> {
        let record = self.mac_key(
            &request.key_id,
            GENERATE_MAC,
            request.algorithm,
            &request.message,
        )?;
        let material = record.current()?.1;
        let mac = material
            .hmac()
            .expect("an HMAC key holds HMAC material")
            .mac(&request.message);
        self.used(&record, CryptoOperation::GenerateMac);
        Ok(MacResponse::new(
            mac,
            record.meta.key_id.clone(),
            request.algorithm,
        ))
    }

    pub(crate) fn verify_mac(&self, request: VerifyMacRequest<'_>) -> Result<VerifyMacResponse> {
        let record = self.mac_key(
            &request.key_id,
            VERIFY_MAC,
            request.algorithm,
            &request.message,
        )?;
        validate::length("MAC", request.mac.len(), limits::MAX_MAC)?;
        // A MAC does not say which version made it: try the current
        // version, then older ones down to the minimum decryption version.
        record.current()?;
        let oldest = record.meta.min_decryption_version.max(1) as usize - 1;
        let allowed = record.versions.get(oldest..).unwrap_or_default();
        let matches = |material: &Arc<Material>| {
            let key = material.hmac().expect("an HMAC key holds HMAC material");
            key.verify(&request.message, &request.mac).is_ok()
        };
        if allowed.iter().rev().any(matches) {
            self.used(&record, CryptoOperation::VerifyMac);
            Ok(VerifyMacResponse::new(
                record.meta.key_id.clone(),
                request.algorithm,
            ))
        } else {
            Err(Error::InvalidMac)
        }
    }

    pub(crate) fn generate_random(&self, request: GenerateRandomRequest) -> Result<SecretBytes> {
        let n = request.number_of_bytes;
        validate::length("number of bytes", n, limits::MAX_RANDOM_BYTES)?;
        Ok(SecretBytes::new(rng::bytes(n)?))
    }
}
