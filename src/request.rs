//! Requests: one struct per operation that takes options, with builders.
//!
//! Byte inputs are borrowed so that the hot path copies nothing it need not.

use crate::ciphertext::EncryptionContext;
use crate::key::Tag;
use crate::spec::{
    DataKeyPairSpec, DataKeySpec, EncryptionAlgorithm, KeySpec, KeyUsage, MacAlgorithm,
    MessageType, Origin, SigningAlgorithm,
};

/// Creates a key. See [`KeyManager::create_key`](crate::KeyManager::create_key).
///
/// ```
/// use polykms::{CreateKeyRequest, KeySpec, KeyUsage};
///
/// let request = CreateKeyRequest::new(KeySpec::Rsa3072)
///     .usage(KeyUsage::EncryptDecrypt)
///     .description("invoices")
///     .tag("team", "billing")
///     .alias("alias/invoices");
/// assert_eq!(request.tags.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateKeyRequest {
    /// The key spec.
    pub key_spec: KeySpec,
    /// The usage; `None` takes [`KeySpec::default_usage`].
    pub key_usage: Option<KeyUsage>,
    /// The description (at most 8192 characters).
    pub description: String,
    /// Tags to put on the key.
    pub tags: Vec<Tag>,
    /// Where the material comes from: [`Origin::Kms`] generates it;
    /// [`Origin::External`] creates the key without material, in state
    /// `PendingImport`.
    pub origin: Origin,
    /// An alias to create for the key in the same step.
    pub alias: Option<String>,
}

impl CreateKeyRequest {
    /// A request for a key of `key_spec` with its default usage.
    pub fn new(key_spec: KeySpec) -> Self {
        Self {
            key_spec,
            key_usage: None,
            description: String::new(),
            tags: Vec::new(),
            origin: Origin::Kms,
            alias: None,
        }
    }

    /// Sets the usage.
    pub fn usage(mut self, usage: KeyUsage) -> Self {
        self.key_usage = Some(usage);
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push(Tag::new(key, value));
        self
    }

    /// Adds tags.
    pub fn tags(mut self, tags: impl IntoIterator<Item = Tag>) -> Self {
        self.tags.extend(tags);
        self
    }

    /// Sets the origin.
    pub fn origin(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    /// Creates an alias for the key as well.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.alias = Some(alias.into());
        self
    }
}

/// Lists keys a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListKeysRequest {
    /// Keys per page, 1–1000 (default 100).
    pub limit: Option<usize>,
    /// The `next_marker` of the previous page.
    pub marker: Option<String>,
}

impl ListKeysRequest {
    /// The first page with the default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the page size.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Continues after a previous page.
    pub fn marker(mut self, marker: impl Into<String>) -> Self {
        self.marker = Some(marker.into());
        self
    }
}

/// Encrypts a plaintext under a key.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct EncryptRequest<'a> {
    /// Any key reference.
    pub key_id: &'a str,
    /// The plaintext.
    pub plaintext: &'a [u8],
    /// The encryption context (symmetric keys only).
    pub encryption_context: Option<&'a EncryptionContext>,
    /// The algorithm (default `SYMMETRIC_DEFAULT`).
    pub algorithm: EncryptionAlgorithm,
}

impl<'a> EncryptRequest<'a> {
    /// Encrypts `plaintext` under `key_id` with `SYMMETRIC_DEFAULT` and no context.
    pub fn new(key_id: &'a str, plaintext: &'a [u8]) -> Self {
        Self {
            key_id,
            plaintext,
            encryption_context: None,
            algorithm: EncryptionAlgorithm::SymmetricDefault,
        }
    }

    /// Binds an encryption context.
    pub fn context(mut self, context: &'a EncryptionContext) -> Self {
        self.encryption_context = Some(context);
        self
    }

    /// Chooses the algorithm (required for asymmetric keys).
    pub fn algorithm(mut self, algorithm: EncryptionAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }
}

/// Decrypts a ciphertext.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct DecryptRequest<'a> {
    /// The ciphertext blob.
    pub ciphertext_blob: &'a [u8],
    /// The key; optional for symmetric blobs (they name their key), required
    /// for asymmetric ciphertexts. When given for a symmetric blob it must match.
    pub key_id: Option<&'a str>,
    /// The encryption context the ciphertext was made with.
    pub encryption_context: Option<&'a EncryptionContext>,
    /// The algorithm (default `SYMMETRIC_DEFAULT`).
    pub algorithm: EncryptionAlgorithm,
}

impl<'a> DecryptRequest<'a> {
    /// Decrypts a symmetric blob with no context.
    pub fn new(ciphertext_blob: &'a [u8]) -> Self {
        Self {
            ciphertext_blob,
            key_id: None,
            encryption_context: None,
            algorithm: EncryptionAlgorithm::SymmetricDefault,
        }
    }

    /// Names the key.
    pub fn key_id(mut self, key_id: &'a str) -> Self {
        self.key_id = Some(key_id);
        self
    }

    /// Gives the encryption context.
    pub fn context(mut self, context: &'a EncryptionContext) -> Self {
        self.encryption_context = Some(context);
        self
    }

    /// Chooses the algorithm.
    pub fn algorithm(mut self, algorithm: EncryptionAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }
}

/// Decrypts a ciphertext and encrypts the plaintext under another (or the
/// same) key, without the plaintext leaving the provider.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ReEncryptRequest<'a> {
    /// What to decrypt, as for [`DecryptRequest`].
    pub source: DecryptRequest<'a>,
    /// The destination key.
    pub destination_key_id: &'a str,
    /// The destination encryption context.
    pub destination_encryption_context: Option<&'a EncryptionContext>,
    /// The destination algorithm (default `SYMMETRIC_DEFAULT`).
    pub destination_algorithm: EncryptionAlgorithm,
}

impl<'a> ReEncryptRequest<'a> {
    /// Re-encrypts `source` under `destination_key_id`.
    pub fn new(source: DecryptRequest<'a>, destination_key_id: &'a str) -> Self {
        Self {
            source,
            destination_key_id,
            destination_encryption_context: None,
            destination_algorithm: EncryptionAlgorithm::SymmetricDefault,
        }
    }

    /// Sets the destination context.
    pub fn destination_context(mut self, context: &'a EncryptionContext) -> Self {
        self.destination_encryption_context = Some(context);
        self
    }

    /// Sets the destination algorithm.
    pub fn destination_algorithm(mut self, algorithm: EncryptionAlgorithm) -> Self {
        self.destination_algorithm = algorithm;
        self
    }
}

/// How long a data key is: a spec or a byte count (1–1024).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DataKeyLength {
    /// A named spec.
    Spec(DataKeySpec),
    /// A byte count, 1–1024.
    Bytes(usize),
}

/// Generates a data key encrypted under a symmetric key.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct GenerateDataKeyRequest<'a> {
    /// Any reference to a symmetric ENCRYPT_DECRYPT key.
    pub key_id: &'a str,
    /// The data key's length.
    pub length: DataKeyLength,
    /// The encryption context for the encrypted copy.
    pub encryption_context: Option<&'a EncryptionContext>,
}

impl<'a> GenerateDataKeyRequest<'a> {
    /// A data key of a named spec.
    pub fn new(key_id: &'a str, spec: DataKeySpec) -> Self {
        Self {
            key_id,
            length: DataKeyLength::Spec(spec),
            encryption_context: None,
        }
    }

    /// A data key of `number_of_bytes` bytes (1–1024).
    pub fn with_number_of_bytes(key_id: &'a str, number_of_bytes: usize) -> Self {
        Self {
            key_id,
            length: DataKeyLength::Bytes(number_of_bytes),
            encryption_context: None,
        }
    }

    /// Binds an encryption context.
    pub fn context(mut self, context: &'a EncryptionContext) -> Self {
        self.encryption_context = Some(context);
        self
    }
}

/// Generates a data key pair whose private key is encrypted under a symmetric key.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct GenerateDataKeyPairRequest<'a> {
    /// Any reference to a symmetric ENCRYPT_DECRYPT key.
    pub key_id: &'a str,
    /// The kind of pair.
    pub key_pair_spec: DataKeyPairSpec,
    /// The encryption context for the encrypted private key.
    pub encryption_context: Option<&'a EncryptionContext>,
}

impl<'a> GenerateDataKeyPairRequest<'a> {
    /// A data key pair of `key_pair_spec`.
    pub fn new(key_id: &'a str, key_pair_spec: DataKeyPairSpec) -> Self {
        Self {
            key_id,
            key_pair_spec,
            encryption_context: None,
        }
    }

    /// Binds an encryption context.
    pub fn context(mut self, context: &'a EncryptionContext) -> Self {
        self.encryption_context = Some(context);
        self
    }
}

/// Signs a message or a digest.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct SignRequest<'a> {
    /// Any reference to a SIGN_VERIFY key.
    pub key_id: &'a str,
    /// The message (RAW, ≤ 4096 bytes) or digest (DIGEST, of the algorithm's length).
    pub message: &'a [u8],
    /// RAW (default) or DIGEST.
    pub message_type: MessageType,
    /// The signing algorithm.
    pub algorithm: SigningAlgorithm,
}

impl<'a> SignRequest<'a> {
    /// Signs a raw message.
    pub fn new(key_id: &'a str, message: &'a [u8], algorithm: SigningAlgorithm) -> Self {
        Self {
            key_id,
            message,
            message_type: MessageType::Raw,
            algorithm,
        }
    }

    /// Sets the message type.
    pub fn message_type(mut self, message_type: MessageType) -> Self {
        self.message_type = message_type;
        self
    }
}

/// Verifies a signature.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct VerifyRequest<'a> {
    /// Any reference to a SIGN_VERIFY key.
    pub key_id: &'a str,
    /// The message or digest, as it was signed.
    pub message: &'a [u8],
    /// RAW (default) or DIGEST.
    pub message_type: MessageType,
    /// The signing algorithm.
    pub algorithm: SigningAlgorithm,
    /// The signature.
    pub signature: &'a [u8],
}

impl<'a> VerifyRequest<'a> {
    /// Verifies a signature over a raw message.
    pub fn new(
        key_id: &'a str,
        message: &'a [u8],
        algorithm: SigningAlgorithm,
        signature: &'a [u8],
    ) -> Self {
        Self {
            key_id,
            message,
            message_type: MessageType::Raw,
            algorithm,
            signature,
        }
    }

    /// Sets the message type.
    pub fn message_type(mut self, message_type: MessageType) -> Self {
        self.message_type = message_type;
        self
    }
}

/// Computes a MAC.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct GenerateMacRequest<'a> {
    /// Any reference to a GENERATE_VERIFY_MAC key.
    pub key_id: &'a str,
    /// The message (≤ 4096 bytes).
    pub message: &'a [u8],
    /// The MAC algorithm.
    pub algorithm: MacAlgorithm,
}

impl<'a> GenerateMacRequest<'a> {
    /// A MAC over `message`.
    pub fn new(key_id: &'a str, message: &'a [u8], algorithm: MacAlgorithm) -> Self {
        Self {
            key_id,
            message,
            algorithm,
        }
    }
}

/// Verifies a MAC (in constant time).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct VerifyMacRequest<'a> {
    /// Any reference to a GENERATE_VERIFY_MAC key.
    pub key_id: &'a str,
    /// The message.
    pub message: &'a [u8],
    /// The MAC algorithm.
    pub algorithm: MacAlgorithm,
    /// The MAC to check.
    pub mac: &'a [u8],
}

impl<'a> VerifyMacRequest<'a> {
    /// Checks `mac` over `message`.
    pub fn new(key_id: &'a str, message: &'a [u8], algorithm: MacAlgorithm, mac: &'a [u8]) -> Self {
        Self {
            key_id,
            message,
            algorithm,
            mac,
        }
    }
}

/// Imports wrapped key material into a key with origin EXTERNAL. See
/// [`KeyManager::import_key_material`](crate::KeyManager::import_key_material).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ImportKeyMaterialRequest<'a> {
    /// Any reference to the key.
    pub key_id: &'a str,
    /// The import token from [`get_parameters_for_import`](crate::KeyManager::get_parameters_for_import).
    pub import_token: &'a [u8],
    /// The key material wrapped under the token's public key with its
    /// wrapping algorithm (see [`wrap_key_material`](crate::wrap_key_material)).
    pub encrypted_key_material: &'a [u8],
    /// When the material expires: the key then awaits import again
    /// (`KEY_MATERIAL_EXPIRES`). `None` (the default) never expires
    /// (`KEY_MATERIAL_DOES_NOT_EXPIRE`).
    pub valid_to: Option<std::time::SystemTime>,
}

impl<'a> ImportKeyMaterialRequest<'a> {
    /// Imports `encrypted_key_material` with `import_token`; the material never expires.
    pub fn new(key_id: &'a str, import_token: &'a [u8], encrypted_key_material: &'a [u8]) -> Self {
        Self {
            key_id,
            import_token,
            encrypted_key_material,
            valid_to: None,
        }
    }

    /// Makes the material expire at `valid_to`, which must be in the future.
    pub fn valid_to(mut self, valid_to: std::time::SystemTime) -> Self {
        self.valid_to = Some(valid_to);
        self
    }
}
