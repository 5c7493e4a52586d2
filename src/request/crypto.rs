//! Requests of the cryptographic operations.

use crate::ciphertext::EncryptionContext;
use crate::secret::SecretBytes;
use crate::spec::{
    DataKeyPairSpec, DataKeySpec, EncryptionAlgorithm, MacAlgorithm, MessageType, SigningAlgorithm,
};

/// Encrypts a plaintext under a key. See [`KeyManager::encrypt`](crate::KeyManager::encrypt).
///
/// ```
/// use polykms::{EncryptRequest, EncryptionContext};
///
/// let request = EncryptRequest::new("alias/orders", b"card number")
///     .context(EncryptionContext::new().with("order", "42"));
/// assert_eq!(request.plaintext.len(), 11);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EncryptRequest {
    /// Any key reference.
    pub key_id: String,
    /// The plaintext (zeroized when the request is dropped).
    pub plaintext: SecretBytes,
    /// The encryption context (symmetric keys only).
    pub encryption_context: Option<EncryptionContext>,
    /// The algorithm (default `SYMMETRIC_DEFAULT`).
    pub algorithm: EncryptionAlgorithm,
}

impl EncryptRequest {
    /// Encrypts (a copy of) `plaintext` under `key_id` with
    /// `SYMMETRIC_DEFAULT` and no context.
    pub fn new(key_id: impl Into<String>, plaintext: impl AsRef<[u8]>) -> Self {
        Self {
            key_id: key_id.into(),
            plaintext: SecretBytes::new(plaintext.as_ref().to_vec()),
            encryption_context: None,
            algorithm: EncryptionAlgorithm::SymmetricDefault,
        }
    }

    /// Binds an encryption context.
    pub fn context(mut self, context: impl Into<EncryptionContext>) -> Self {
        self.encryption_context = Some(context.into());
        self
    }

    /// Chooses the algorithm (required for asymmetric keys).
    pub fn algorithm(mut self, algorithm: EncryptionAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }
}

/// Decrypts a ciphertext. See [`KeyManager::decrypt`](crate::KeyManager::decrypt).
///
/// A symmetric blob names its key, so [`new`](Self::new) needs only the
/// blob (and the context it was made with). An asymmetric ciphertext is the
/// bare output of RSA-OAEP or SM2: it needs the key and the algorithm, which
/// [`asymmetric`](Self::asymmetric) takes together.
///
/// ```
/// use polykms::{
///     CreateKeyRequest, DecryptRequest, EncryptRequest, EncryptionAlgorithm, InMemory,
///     KeyManager, KeySpec, KeyUsage,
/// };
///
/// let kms = InMemory::new();
///
/// // Symmetric: the blob is enough.
/// let aes = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))?;
/// let sealed = kms.encrypt(EncryptRequest::new(&aes.key_id, b"hello"))?;
/// let opened = kms.decrypt(DecryptRequest::new(&sealed.ciphertext_blob))?;
/// assert_eq!(opened.plaintext.expose_secret(), b"hello");
///
/// // Asymmetric: name the key and the algorithm.
/// let rsa = kms.create_key(
///     CreateKeyRequest::new(KeySpec::Rsa2048).usage(KeyUsage::EncryptDecrypt),
/// )?;
/// let oaep = EncryptionAlgorithm::RsaesOaepSha256;
/// let sealed = kms.encrypt(EncryptRequest::new(&rsa.key_id, b"hello").algorithm(oaep))?;
/// let opened = kms.decrypt(DecryptRequest::asymmetric(&rsa.key_id, &sealed.ciphertext_blob, oaep))?;
/// assert_eq!(opened.plaintext.expose_secret(), b"hello");
/// # Ok::<(), polykms::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecryptRequest {
    /// The ciphertext blob.
    pub ciphertext_blob: Vec<u8>,
    /// The key; optional for symmetric blobs (they name their key), required
    /// for asymmetric ciphertexts. When given for a symmetric blob it must match.
    pub key_id: Option<String>,
    /// The encryption context the ciphertext was made with.
    pub encryption_context: Option<EncryptionContext>,
    /// The algorithm (default `SYMMETRIC_DEFAULT`).
    pub algorithm: EncryptionAlgorithm,
}

impl DecryptRequest {
    /// Decrypts (a copy of) a symmetric blob with no context.
    pub fn new(ciphertext_blob: impl AsRef<[u8]>) -> Self {
        Self {
            ciphertext_blob: ciphertext_blob.as_ref().to_vec(),
            key_id: None,
            encryption_context: None,
            algorithm: EncryptionAlgorithm::SymmetricDefault,
        }
    }

    /// Decrypts an asymmetric ciphertext made under `key_id` with `algorithm`.
    pub fn asymmetric(
        key_id: impl Into<String>,
        ciphertext: impl AsRef<[u8]>,
        algorithm: EncryptionAlgorithm,
    ) -> Self {
        Self::new(ciphertext).key_id(key_id).algorithm(algorithm)
    }

    /// Names the key.
    pub fn key_id(mut self, key_id: impl Into<String>) -> Self {
        self.key_id = Some(key_id.into());
        self
    }

    /// Gives the encryption context.
    pub fn context(mut self, context: impl Into<EncryptionContext>) -> Self {
        self.encryption_context = Some(context.into());
        self
    }

    /// Chooses the algorithm.
    pub fn algorithm(mut self, algorithm: EncryptionAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }
}

/// Decrypts a ciphertext and encrypts the plaintext under another (or the
/// same) key, without the plaintext leaving the provider. See
/// [`KeyManager::re_encrypt`](crate::KeyManager::re_encrypt).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReEncryptRequest {
    /// What to decrypt, as for [`DecryptRequest`].
    pub source: DecryptRequest,
    /// The destination key.
    pub destination_key_id: String,
    /// The destination encryption context.
    pub destination_encryption_context: Option<EncryptionContext>,
    /// The destination algorithm (default `SYMMETRIC_DEFAULT`).
    pub destination_algorithm: EncryptionAlgorithm,
}

impl ReEncryptRequest {
    /// Re-encrypts `source` under `destination_key_id`.
    pub fn new(source: DecryptRequest, destination_key_id: impl Into<String>) -> Self {
        Self {
            source,
            destination_key_id: destination_key_id.into(),
            destination_encryption_context: None,
            destination_algorithm: EncryptionAlgorithm::SymmetricDefault,
        }
    }

    /// Sets the destination context.
    pub fn destination_context(mut self, context: impl Into<EncryptionContext>) -> Self {
        self.destination_encryption_context = Some(context.into());
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

/// Generates a data key encrypted under a symmetric key. See
/// [`KeyManager::generate_data_key`](crate::KeyManager::generate_data_key).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GenerateDataKeyRequest {
    /// Any reference to a symmetric ENCRYPT_DECRYPT key.
    pub key_id: String,
    /// The data key's length.
    pub length: DataKeyLength,
    /// The encryption context for the encrypted copy.
    pub encryption_context: Option<EncryptionContext>,
}

impl GenerateDataKeyRequest {
    /// A data key of a named spec.
    pub fn new(key_id: impl Into<String>, spec: DataKeySpec) -> Self {
        Self {
            key_id: key_id.into(),
            length: DataKeyLength::Spec(spec),
            encryption_context: None,
        }
    }

    /// A data key of `number_of_bytes` bytes (1–1024).
    pub fn with_number_of_bytes(key_id: impl Into<String>, number_of_bytes: usize) -> Self {
        Self {
            key_id: key_id.into(),
            length: DataKeyLength::Bytes(number_of_bytes),
            encryption_context: None,
        }
    }

    /// Binds an encryption context.
    pub fn context(mut self, context: impl Into<EncryptionContext>) -> Self {
        self.encryption_context = Some(context.into());
        self
    }
}

/// Generates a data key pair whose private key is encrypted under a
/// symmetric key. See [`KeyManager::generate_data_key_pair`](crate::KeyManager::generate_data_key_pair).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GenerateDataKeyPairRequest {
    /// Any reference to a symmetric ENCRYPT_DECRYPT key.
    pub key_id: String,
    /// The kind of pair.
    pub key_pair_spec: DataKeyPairSpec,
    /// The encryption context for the encrypted private key.
    pub encryption_context: Option<EncryptionContext>,
}

impl GenerateDataKeyPairRequest {
    /// A data key pair of `key_pair_spec`.
    pub fn new(key_id: impl Into<String>, key_pair_spec: DataKeyPairSpec) -> Self {
        Self {
            key_id: key_id.into(),
            key_pair_spec,
            encryption_context: None,
        }
    }

    /// Binds an encryption context.
    pub fn context(mut self, context: impl Into<EncryptionContext>) -> Self {
        self.encryption_context = Some(context.into());
        self
    }
}

/// Signs a message or a digest. See [`KeyManager::sign`](crate::KeyManager::sign).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SignRequest {
    /// Any reference to a SIGN_VERIFY key.
    pub key_id: String,
    /// The message (RAW, ≤ 4096 bytes) or digest (DIGEST, of the algorithm's length).
    pub message: Vec<u8>,
    /// RAW (default) or DIGEST.
    pub message_type: MessageType,
    /// The signing algorithm.
    pub algorithm: SigningAlgorithm,
}

impl SignRequest {
    /// Signs (a copy of) a raw message.
    pub fn new(
        key_id: impl Into<String>,
        message: impl AsRef<[u8]>,
        algorithm: SigningAlgorithm,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            message: message.as_ref().to_vec(),
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

/// Verifies a signature. See [`KeyManager::verify`](crate::KeyManager::verify).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerifyRequest {
    /// Any reference to a SIGN_VERIFY key.
    pub key_id: String,
    /// The message or digest, as it was signed.
    pub message: Vec<u8>,
    /// RAW (default) or DIGEST.
    pub message_type: MessageType,
    /// The signing algorithm.
    pub algorithm: SigningAlgorithm,
    /// The signature.
    pub signature: Vec<u8>,
}

impl VerifyRequest {
    /// Verifies a signature over a raw message (both copied).
    pub fn new(
        key_id: impl Into<String>,
        message: impl AsRef<[u8]>,
        algorithm: SigningAlgorithm,
        signature: impl AsRef<[u8]>,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            message: message.as_ref().to_vec(),
            message_type: MessageType::Raw,
            algorithm,
            signature: signature.as_ref().to_vec(),
        }
    }

    /// Sets the message type.
    pub fn message_type(mut self, message_type: MessageType) -> Self {
        self.message_type = message_type;
        self
    }
}

/// Computes a MAC. See [`KeyManager::generate_mac`](crate::KeyManager::generate_mac).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GenerateMacRequest {
    /// Any reference to a GENERATE_VERIFY_MAC key.
    pub key_id: String,
    /// The message (≤ 4096 bytes).
    pub message: Vec<u8>,
    /// The MAC algorithm.
    pub algorithm: MacAlgorithm,
}

impl GenerateMacRequest {
    /// A MAC over (a copy of) `message`.
    pub fn new(
        key_id: impl Into<String>,
        message: impl AsRef<[u8]>,
        algorithm: MacAlgorithm,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            message: message.as_ref().to_vec(),
            algorithm,
        }
    }
}

/// Verifies a MAC (in constant time). See [`KeyManager::verify_mac`](crate::KeyManager::verify_mac).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerifyMacRequest {
    /// Any reference to a GENERATE_VERIFY_MAC key.
    pub key_id: String,
    /// The message.
    pub message: Vec<u8>,
    /// The MAC algorithm.
    pub algorithm: MacAlgorithm,
    /// The MAC to check.
    pub mac: Vec<u8>,
}

impl VerifyMacRequest {
    /// Checks `mac` over `message` (both copied).
    pub fn new(
        key_id: impl Into<String>,
        message: impl AsRef<[u8]>,
        algorithm: MacAlgorithm,
        mac: impl AsRef<[u8]>,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            message: message.as_ref().to_vec(),
            algorithm,
            mac: mac.as_ref().to_vec(),
        }
    }
}

/// Random bytes from the provider. See [`KeyManager::generate_random`](crate::KeyManager::generate_random).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct GenerateRandomRequest {
    /// How many bytes, 1–1024.
    pub number_of_bytes: usize,
}

impl GenerateRandomRequest {
    /// `number_of_bytes` random bytes.
    pub fn new(number_of_bytes: usize) -> Self {
        Self { number_of_bytes }
    }
}
