//! Requests of the cryptographic operations: the hot path.
//!
//! They borrow their key reference and bytes by default (`Cow::Borrowed`),
//! so a call copies nothing it need not; `into_owned` gives the same request
//! owning its data (`'static`), for a request that must move to another
//! task or thread. The encryption context, likewise, is borrowed when given
//! as `&EncryptionContext` and owned when given by value.

use std::borrow::Cow;

use crate::ciphertext::EncryptionContext;
use crate::spec::{
    DataKeyPairSpec, DataKeySpec, EncryptionAlgorithm, KeyAgreementAlgorithm, MacAlgorithm,
    MessageType, SigningAlgorithm,
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
pub struct EncryptRequest<'a> {
    /// Any key reference.
    pub key_id: Cow<'a, str>,
    /// The plaintext.
    pub plaintext: Cow<'a, [u8]>,
    /// The encryption context (symmetric keys only).
    pub encryption_context: Option<Cow<'a, EncryptionContext>>,
    /// The algorithm (default `SYMMETRIC_DEFAULT`).
    pub algorithm: EncryptionAlgorithm,
}

impl<'a> EncryptRequest<'a> {
    /// Encrypts `plaintext` under `key_id` with
    /// `SYMMETRIC_DEFAULT` and no context.
    pub fn new(
        key_id: &'a (impl AsRef<str> + ?Sized),
        plaintext: &'a (impl AsRef<[u8]> + ?Sized),
    ) -> Self {
        Self {
            key_id: Cow::Borrowed(key_id.as_ref()),
            plaintext: Cow::Borrowed(plaintext.as_ref()),
            encryption_context: None,
            algorithm: EncryptionAlgorithm::SymmetricDefault,
        }
    }

    /// Binds an encryption context.
    pub fn context(mut self, context: impl Into<Cow<'a, EncryptionContext>>) -> Self {
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
pub struct DecryptRequest<'a> {
    /// The ciphertext blob.
    pub ciphertext_blob: Cow<'a, [u8]>,
    /// The key; optional for symmetric blobs (they name their key), required
    /// for asymmetric ciphertexts. When given for a symmetric blob it must match.
    pub key_id: Option<Cow<'a, str>>,
    /// The encryption context the ciphertext was made with.
    pub encryption_context: Option<Cow<'a, EncryptionContext>>,
    /// The algorithm (default `SYMMETRIC_DEFAULT`).
    pub algorithm: EncryptionAlgorithm,
}

impl<'a> DecryptRequest<'a> {
    /// Decrypts a symmetric blob with no context.
    pub fn new(ciphertext_blob: &'a (impl AsRef<[u8]> + ?Sized)) -> Self {
        Self {
            ciphertext_blob: Cow::Borrowed(ciphertext_blob.as_ref()),
            key_id: None,
            encryption_context: None,
            algorithm: EncryptionAlgorithm::SymmetricDefault,
        }
    }

    /// Decrypts an asymmetric ciphertext made under `key_id` with `algorithm`.
    pub fn asymmetric(
        key_id: &'a (impl AsRef<str> + ?Sized),
        ciphertext: &'a (impl AsRef<[u8]> + ?Sized),
        algorithm: EncryptionAlgorithm,
    ) -> Self {
        Self::new(ciphertext).key_id(key_id).algorithm(algorithm)
    }

    /// Names the key.
    pub fn key_id(mut self, key_id: &'a (impl AsRef<str> + ?Sized)) -> Self {
        self.key_id = Some(Cow::Borrowed(key_id.as_ref()));
        self
    }

    /// Gives the encryption context.
    pub fn context(mut self, context: impl Into<Cow<'a, EncryptionContext>>) -> Self {
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
pub struct ReEncryptRequest<'a> {
    /// What to decrypt, as for [`DecryptRequest`].
    pub source: DecryptRequest<'a>,
    /// The destination key.
    pub destination_key_id: Cow<'a, str>,
    /// The destination encryption context.
    pub destination_encryption_context: Option<Cow<'a, EncryptionContext>>,
    /// The destination algorithm (default `SYMMETRIC_DEFAULT`).
    pub destination_algorithm: EncryptionAlgorithm,
}

impl<'a> ReEncryptRequest<'a> {
    /// Re-encrypts `source` under `destination_key_id`.
    pub fn new(
        source: DecryptRequest<'a>,
        destination_key_id: &'a (impl AsRef<str> + ?Sized),
    ) -> Self {
        Self {
            source,
            destination_key_id: Cow::Borrowed(destination_key_id.as_ref()),
            destination_encryption_context: None,
            destination_algorithm: EncryptionAlgorithm::SymmetricDefault,
        }
    }

    /// Sets the destination context.
    pub fn destination_context(mut self, context: impl Into<Cow<'a, EncryptionContext>>) -> Self {
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
pub struct GenerateDataKeyRequest<'a> {
    /// Any reference to a symmetric ENCRYPT_DECRYPT key.
    pub key_id: Cow<'a, str>,
    /// The data key's length.
    pub length: DataKeyLength,
    /// The encryption context for the encrypted copy.
    pub encryption_context: Option<Cow<'a, EncryptionContext>>,
}

impl<'a> GenerateDataKeyRequest<'a> {
    /// A data key of a named spec.
    pub fn new(key_id: &'a (impl AsRef<str> + ?Sized), spec: DataKeySpec) -> Self {
        Self {
            key_id: Cow::Borrowed(key_id.as_ref()),
            length: DataKeyLength::Spec(spec),
            encryption_context: None,
        }
    }

    /// A data key of `number_of_bytes` bytes (1–1024).
    pub fn with_number_of_bytes(
        key_id: &'a (impl AsRef<str> + ?Sized),
        number_of_bytes: usize,
    ) -> Self {
        Self {
            key_id: Cow::Borrowed(key_id.as_ref()),
            length: DataKeyLength::Bytes(number_of_bytes),
            encryption_context: None,
        }
    }

    /// Binds an encryption context.
    pub fn context(mut self, context: impl Into<Cow<'a, EncryptionContext>>) -> Self {
        self.encryption_context = Some(context.into());
        self
    }
}

/// Generates a data key pair whose private key is encrypted under a
/// symmetric key. See [`KeyManager::generate_data_key_pair`](crate::KeyManager::generate_data_key_pair).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GenerateDataKeyPairRequest<'a> {
    /// Any reference to a symmetric ENCRYPT_DECRYPT key.
    pub key_id: Cow<'a, str>,
    /// The kind of pair.
    pub key_pair_spec: DataKeyPairSpec,
    /// The encryption context for the encrypted private key.
    pub encryption_context: Option<Cow<'a, EncryptionContext>>,
}

impl<'a> GenerateDataKeyPairRequest<'a> {
    /// A data key pair of `key_pair_spec`.
    pub fn new(key_id: &'a (impl AsRef<str> + ?Sized), key_pair_spec: DataKeyPairSpec) -> Self {
        Self {
            key_id: Cow::Borrowed(key_id.as_ref()),
            key_pair_spec,
            encryption_context: None,
        }
    }

    /// Binds an encryption context.
    pub fn context(mut self, context: impl Into<Cow<'a, EncryptionContext>>) -> Self {
        self.encryption_context = Some(context.into());
        self
    }
}

/// Signs a message or a digest. See [`KeyManager::sign`](crate::KeyManager::sign).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SignRequest<'a> {
    /// Any reference to a SIGN_VERIFY key.
    pub key_id: Cow<'a, str>,
    /// The message (RAW, ≤ 4096 bytes) or digest (DIGEST, of the algorithm's length).
    pub message: Cow<'a, [u8]>,
    /// RAW (default) or DIGEST.
    pub message_type: MessageType,
    /// The signing algorithm.
    pub algorithm: SigningAlgorithm,
}

impl<'a> SignRequest<'a> {
    /// Signs a raw message.
    pub fn new(
        key_id: &'a (impl AsRef<str> + ?Sized),
        message: &'a (impl AsRef<[u8]> + ?Sized),
        algorithm: SigningAlgorithm,
    ) -> Self {
        Self {
            key_id: Cow::Borrowed(key_id.as_ref()),
            message: Cow::Borrowed(message.as_ref()),
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
pub struct VerifyRequest<'a> {
    /// Any reference to a SIGN_VERIFY key.
    pub key_id: Cow<'a, str>,
    /// The message or digest, as it was signed.
    pub message: Cow<'a, [u8]>,
    /// RAW (default) or DIGEST.
    pub message_type: MessageType,
    /// The signing algorithm.
    pub algorithm: SigningAlgorithm,
    /// The signature.
    pub signature: Cow<'a, [u8]>,
}

impl<'a> VerifyRequest<'a> {
    /// Verifies a signature over a raw message.
    pub fn new(
        key_id: &'a (impl AsRef<str> + ?Sized),
        message: &'a (impl AsRef<[u8]> + ?Sized),
        algorithm: SigningAlgorithm,
        signature: &'a (impl AsRef<[u8]> + ?Sized),
    ) -> Self {
        Self {
            key_id: Cow::Borrowed(key_id.as_ref()),
            message: Cow::Borrowed(message.as_ref()),
            message_type: MessageType::Raw,
            algorithm,
            signature: Cow::Borrowed(signature.as_ref()),
        }
    }

    /// Sets the message type.
    pub fn message_type(mut self, message_type: MessageType) -> Self {
        self.message_type = message_type;
        self
    }
}

/// Derives the shared secret of a KEY_AGREEMENT key and a peer's public key.
/// See [`KeyManager::derive_shared_secret`](crate::KeyManager::derive_shared_secret).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeriveSharedSecretRequest<'a> {
    /// Any reference to a KEY_AGREEMENT key.
    pub key_id: Cow<'a, str>,
    /// The peer's public key, DER SubjectPublicKeyInfo, on the key's curve.
    pub public_key: Cow<'a, [u8]>,
    /// The key agreement algorithm (ECDH, the only one).
    pub algorithm: KeyAgreementAlgorithm,
}

impl<'a> DeriveSharedSecretRequest<'a> {
    /// ECDH of the key and the peer's public key.
    pub fn new(
        key_id: &'a (impl AsRef<str> + ?Sized),
        public_key: &'a (impl AsRef<[u8]> + ?Sized),
    ) -> Self {
        Self {
            key_id: Cow::Borrowed(key_id.as_ref()),
            public_key: Cow::Borrowed(public_key.as_ref()),
            algorithm: KeyAgreementAlgorithm::Ecdh,
        }
    }
}

/// Computes a MAC. See [`KeyManager::generate_mac`](crate::KeyManager::generate_mac).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GenerateMacRequest<'a> {
    /// Any reference to a GENERATE_VERIFY_MAC key.
    pub key_id: Cow<'a, str>,
    /// The message (≤ 4096 bytes).
    pub message: Cow<'a, [u8]>,
    /// The MAC algorithm.
    pub algorithm: MacAlgorithm,
}

impl<'a> GenerateMacRequest<'a> {
    /// A MAC over `message`.
    pub fn new(
        key_id: &'a (impl AsRef<str> + ?Sized),
        message: &'a (impl AsRef<[u8]> + ?Sized),
        algorithm: MacAlgorithm,
    ) -> Self {
        Self {
            key_id: Cow::Borrowed(key_id.as_ref()),
            message: Cow::Borrowed(message.as_ref()),
            algorithm,
        }
    }
}

/// Verifies a MAC (in constant time). See [`KeyManager::verify_mac`](crate::KeyManager::verify_mac).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerifyMacRequest<'a> {
    /// Any reference to a GENERATE_VERIFY_MAC key.
    pub key_id: Cow<'a, str>,
    /// The message.
    pub message: Cow<'a, [u8]>,
    /// The MAC algorithm.
    pub algorithm: MacAlgorithm,
    /// The MAC to check.
    pub mac: Cow<'a, [u8]>,
}

impl<'a> VerifyMacRequest<'a> {
    /// Checks `mac` over `message`.
    pub fn new(
        key_id: &'a (impl AsRef<str> + ?Sized),
        message: &'a (impl AsRef<[u8]> + ?Sized),
        algorithm: MacAlgorithm,
        mac: &'a (impl AsRef<[u8]> + ?Sized),
    ) -> Self {
        Self {
            key_id: Cow::Borrowed(key_id.as_ref()),
            message: Cow::Borrowed(message.as_ref()),
            algorithm,
            mac: Cow::Borrowed(mac.as_ref()),
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

/// A borrowed text made owned, for a request that outlives its borrows.
fn owned_str(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

/// Borrowed bytes made owned, for a request that outlives its borrows.
fn owned_bytes(bytes: Cow<'_, [u8]>) -> Cow<'static, [u8]> {
    Cow::Owned(bytes.into_owned())
}

/// `into_owned` for each request: the same request owning its data.
macro_rules! into_owned {
    ($($request:ident {
        $($text:ident),* ; $($bytes:ident),* ; $($opt_text:ident),* ;
        $($context:ident),* ; $($kept:ident),* $(; $nested:ident)?
    })+) => {$(
        impl $request<'_> {
            /// The same request owning its key reference, bytes and context
            /// (copied if borrowed; a context's entries are shared), so that
            /// it can move to another task or thread.
            pub fn into_owned(self) -> $request<'static> {
                $request {
                    $($text: owned_str(self.$text),)*
                    $($bytes: owned_bytes(self.$bytes),)*
                    $($opt_text: self.$opt_text.map(owned_str),)*
                    $($context: self.$context.map(|c| Cow::Owned(c.into_owned())),)*
                    $($kept: self.$kept,)*
                    $($nested: self.$nested.into_owned(),)?
                }
            }
        }
    )+};
}

into_owned! {
    EncryptRequest { key_id; plaintext; ; encryption_context; algorithm }
    DecryptRequest { ; ciphertext_blob; key_id; encryption_context; algorithm }
    ReEncryptRequest { destination_key_id; ; ; destination_encryption_context; destination_algorithm; source }
    GenerateDataKeyRequest { key_id; ; ; encryption_context; length }
    GenerateDataKeyPairRequest { key_id; ; ; encryption_context; key_pair_spec }
    SignRequest { key_id; message; ; ; message_type, algorithm }
    VerifyRequest { key_id; message, signature; ; ; message_type, algorithm }
    GenerateMacRequest { key_id; message; ; ; algorithm }
    VerifyMacRequest { key_id; message, mac; ; ; algorithm }
    DeriveSharedSecretRequest { key_id; public_key; ; ; algorithm }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::SigningAlgorithm;

    /// A request owns its data once `into_owned`, and says the same.
    #[test]
    fn owned_requests_outlive_their_borrows() {
        let owned: VerifyRequest<'static> = {
            let key = String::from("alias/release");
            let message = vec![1, 2, 3];
            VerifyRequest::new(&key, &message, SigningAlgorithm::EcdsaSha256, b"sig").into_owned()
        };
        assert_eq!(owned.key_id, "alias/release");
        assert_eq!(&*owned.message, [1, 2, 3]);
        assert!(matches!(owned.signature, Cow::Owned(_)));
        let decrypt: DecryptRequest<'static> = {
            let blob = vec![9; 4];
            let key = String::from("k");
            DecryptRequest::new(&blob).key_id(&key).into_owned()
        };
        assert_eq!(decrypt.key_id.as_deref(), Some("k"));
        let moved = std::thread::spawn(move || decrypt.ciphertext_blob.len())
            .join()
            .unwrap();
        assert_eq!(moved, 4);
    }
}
