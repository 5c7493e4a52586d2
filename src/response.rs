//! What the operations return.
//!
//! Every response is `#[non_exhaustive]` (a vendor field is a new field)
//! and has a constructor taking its fields, so that a provider or a mock
//! outside the crate can build one; fields added later get a default there.

use crate::key::KeyId;
use crate::secret::SecretBytes;
use std::time::SystemTime;

use crate::spec::{
    DataKeyPairSpec, EncryptionAlgorithm, KeyAgreementAlgorithm, KeySpec, KeyUsage, MacAlgorithm,
    Origin, RotationType, SigningAlgorithm, WrappingAlgorithm, WrappingKeySpec,
};

/// The result of an encryption.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncryptResponse {
    /// The ciphertext blob.
    pub ciphertext_blob: Vec<u8>,
    /// The key that encrypted (its id, whatever reference was given).
    pub key_id: KeyId,
    /// The key material version that encrypted (the current one); `None`
    /// where the provider does not report versions (AWS KMS does not).
    pub key_version: Option<u32>,
    /// The algorithm used.
    pub encryption_algorithm: EncryptionAlgorithm,
}

impl EncryptResponse {
    /// A response with every field.
    pub fn new(
        ciphertext_blob: Vec<u8>,
        key_id: KeyId,
        key_version: Option<u32>,
        encryption_algorithm: EncryptionAlgorithm,
    ) -> Self {
        Self {
            ciphertext_blob,
            key_id,
            key_version,
            encryption_algorithm,
        }
    }
}

/// The result of a decryption.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecryptResponse {
    /// The plaintext.
    pub plaintext: SecretBytes,
    /// The key that decrypted.
    pub key_id: KeyId,
    /// The key material version the ciphertext was made with: lower than
    /// the key's current version means the ciphertext predates a rotation
    /// (and [`re_encrypt`](crate::KeyManager::re_encrypt) would move it to
    /// the current one). `None` where the provider does not report
    /// versions (AWS KMS does not).
    pub key_version: Option<u32>,
    /// The algorithm used.
    pub encryption_algorithm: EncryptionAlgorithm,
}

impl DecryptResponse {
    /// A response with every field.
    pub fn new(
        plaintext: SecretBytes,
        key_id: KeyId,
        key_version: Option<u32>,
        encryption_algorithm: EncryptionAlgorithm,
    ) -> Self {
        Self {
            plaintext,
            key_id,
            key_version,
            encryption_algorithm,
        }
    }
}

/// The result of a re-encryption.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReEncryptResponse {
    /// The new ciphertext blob.
    pub ciphertext_blob: Vec<u8>,
    /// The key that decrypted the source.
    pub source_key_id: KeyId,
    /// The material version that made the source ciphertext (`None` where
    /// the provider does not report versions).
    pub source_key_version: Option<u32>,
    /// The key that encrypted the result.
    pub key_id: KeyId,
    /// The material version that made the result (the destination key's
    /// current one; `None` where the provider does not report versions).
    pub key_version: Option<u32>,
    /// The source algorithm.
    pub source_encryption_algorithm: EncryptionAlgorithm,
    /// The destination algorithm.
    pub destination_encryption_algorithm: EncryptionAlgorithm,
}

impl ReEncryptResponse {
    /// A response with every field.
    pub fn new(
        ciphertext_blob: Vec<u8>,
        source_key_id: KeyId,
        source_key_version: Option<u32>,
        key_id: KeyId,
        key_version: Option<u32>,
        source_encryption_algorithm: EncryptionAlgorithm,
        destination_encryption_algorithm: EncryptionAlgorithm,
    ) -> Self {
        Self {
            ciphertext_blob,
            source_key_id,
            source_key_version,
            key_id,
            key_version,
            source_encryption_algorithm,
            destination_encryption_algorithm,
        }
    }
}

/// A data key: the plaintext to use now and the ciphertext to store.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DataKey {
    /// The data key; use it, then drop it.
    pub plaintext: SecretBytes,
    /// The data key encrypted under the KMS key; store it beside the data.
    pub ciphertext_blob: Vec<u8>,
    /// The KMS key that encrypted it.
    pub key_id: KeyId,
}

impl DataKey {
    /// A data key with every field.
    pub fn new(plaintext: SecretBytes, ciphertext_blob: Vec<u8>, key_id: KeyId) -> Self {
        Self {
            plaintext,
            ciphertext_blob,
            key_id,
        }
    }
}

/// A data key without its plaintext.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncryptedDataKey {
    /// The data key encrypted under the KMS key.
    pub ciphertext_blob: Vec<u8>,
    /// The KMS key that encrypted it.
    pub key_id: KeyId,
}

impl EncryptedDataKey {
    /// A data key with every field.
    pub fn new(ciphertext_blob: Vec<u8>, key_id: KeyId) -> Self {
        Self {
            ciphertext_blob,
            key_id,
        }
    }
}

/// A data key pair.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DataKeyPair {
    /// The private key, PKCS#8 DER.
    pub private_key_plaintext: SecretBytes,
    /// The private key (PKCS#8 DER) encrypted under the KMS key.
    pub private_key_ciphertext_blob: Vec<u8>,
    /// The public key, DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
    /// The KMS key that encrypted the private key.
    pub key_id: KeyId,
    /// The kind of pair.
    pub key_pair_spec: DataKeyPairSpec,
}

impl DataKeyPair {
    /// A pair with every field.
    pub fn new(
        private_key_plaintext: SecretBytes,
        private_key_ciphertext_blob: Vec<u8>,
        public_key: Vec<u8>,
        key_id: KeyId,
        key_pair_spec: DataKeyPairSpec,
    ) -> Self {
        Self {
            private_key_plaintext,
            private_key_ciphertext_blob,
            public_key,
            key_id,
            key_pair_spec,
        }
    }
}

/// A data key pair without the private key's plaintext.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncryptedDataKeyPair {
    /// The private key (PKCS#8 DER) encrypted under the KMS key.
    pub private_key_ciphertext_blob: Vec<u8>,
    /// The public key, DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
    /// The KMS key that encrypted the private key.
    pub key_id: KeyId,
    /// The kind of pair.
    pub key_pair_spec: DataKeyPairSpec,
}

impl EncryptedDataKeyPair {
    /// A pair with every field.
    pub fn new(
        private_key_ciphertext_blob: Vec<u8>,
        public_key: Vec<u8>,
        key_id: KeyId,
        key_pair_spec: DataKeyPairSpec,
    ) -> Self {
        Self {
            private_key_ciphertext_blob,
            public_key,
            key_id,
            key_pair_spec,
        }
    }
}

/// A signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignResponse {
    /// The signature (DER for ECDSA and SM2; raw for RSA and Ed25519).
    pub signature: Vec<u8>,
    /// The key that signed.
    pub key_id: KeyId,
    /// The algorithm used.
    pub signing_algorithm: SigningAlgorithm,
}

impl SignResponse {
    /// A response with every field.
    pub fn new(signature: Vec<u8>, key_id: KeyId, signing_algorithm: SigningAlgorithm) -> Self {
        Self {
            signature,
            key_id,
            signing_algorithm,
        }
    }
}

/// A shared secret (`DeriveSharedSecret`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeriveSharedSecretResponse {
    /// The raw shared secret: the x-coordinate of the shared point,
    /// big-endian, as long as the curve's field (32, 48 or 66 bytes). It is
    /// not a key yet: derive keys from it with a KDF (HKDF, SP 800-56C).
    pub shared_secret: SecretBytes,
    /// The key whose private key took part.
    pub key_id: KeyId,
    /// The algorithm used.
    pub key_agreement_algorithm: KeyAgreementAlgorithm,
    /// Where the key's material came from.
    pub key_origin: Origin,
}

impl DeriveSharedSecretResponse {
    /// A response with every field.
    pub fn new(
        shared_secret: SecretBytes,
        key_id: KeyId,
        key_agreement_algorithm: KeyAgreementAlgorithm,
        key_origin: Origin,
    ) -> Self {
        Self {
            shared_secret,
            key_id,
            key_agreement_algorithm,
            key_origin,
        }
    }
}

/// A MAC.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MacResponse {
    /// The MAC.
    pub mac: Vec<u8>,
    /// The key that computed it.
    pub key_id: KeyId,
    /// The algorithm used.
    pub mac_algorithm: MacAlgorithm,
}

impl MacResponse {
    /// A response with every field.
    pub fn new(mac: Vec<u8>, key_id: KeyId, mac_algorithm: MacAlgorithm) -> Self {
        Self {
            mac,
            key_id,
            mac_algorithm,
        }
    }
}

/// A public key and what it may be used for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PublicKeyInfo {
    /// The key.
    pub key_id: KeyId,
    /// DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
    /// The key's spec.
    pub key_spec: KeySpec,
    /// The key's usage.
    pub key_usage: KeyUsage,
    /// The encryption algorithms (for ENCRYPT_DECRYPT keys).
    pub encryption_algorithms: Vec<EncryptionAlgorithm>,
    /// The signing algorithms (for SIGN_VERIFY keys).
    pub signing_algorithms: Vec<SigningAlgorithm>,
    /// The key agreement algorithms (for KEY_AGREEMENT keys).
    pub key_agreement_algorithms: Vec<KeyAgreementAlgorithm>,
}

impl PublicKeyInfo {
    /// The public key of a key of `key_spec` and `key_usage`, listing the
    /// algorithms the spec offers for the usage.
    pub fn new(key_id: KeyId, public_key: Vec<u8>, key_spec: KeySpec, key_usage: KeyUsage) -> Self {
        let (encryption_algorithms, signing_algorithms, _) =
            crate::key::algorithms_of_usage(key_spec, key_usage);
        Self {
            key_id,
            public_key,
            key_spec,
            key_usage,
            encryption_algorithms,
            signing_algorithms,
            key_agreement_algorithms: crate::key::key_agreement_algorithms_of(key_spec, key_usage),
        }
    }

    /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn public_key_pem(&self) -> String {
        public_key_pem(&self.public_key)
    }
}

/// The bytes as a PEM `PUBLIC KEY` block (an encoding: the bytes are not
/// parsed, so it cannot fail on what a third-party provider returned).
fn public_key_pem(der: &[u8]) -> String {
    spki::der::pem::encode_string("PUBLIC KEY", spki::der::pem::LineEnding::LF, der)
        .expect("a fixed valid label, and a key far below the PEM length limit")
}

/// A key's rotation settings (`GetKeyRotationStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyRotationStatus {
    /// The key.
    pub key_id: KeyId,
    /// Whether automatic rotation is enabled.
    pub rotation_enabled: bool,
    /// The automatic rotation period, when enabled.
    pub rotation_period_in_days: Option<u32>,
    /// When the key next rotates automatically, when enabled. A disabled
    /// key does not rotate; an overdue rotation happens at its next use
    /// once it is enabled again.
    pub next_rotation_date: Option<SystemTime>,
    /// The current material version (`None` while the key awaits import).
    pub current_key_version: Option<u32>,
    /// The oldest material version whose ciphertexts still decrypt.
    pub minimum_decryption_version: u32,
}

impl KeyRotationStatus {
    /// The status of a key without automatic rotation, at material version
    /// `current_key_version`, no version retired.
    pub fn new(key_id: KeyId, current_key_version: Option<u32>) -> Self {
        Self {
            key_id,
            rotation_enabled: false,
            rotation_period_in_days: None,
            next_rotation_date: None,
            current_key_version,
            minimum_decryption_version: 1,
        }
    }
}

/// One rotation of a key: how its material version `key_version` came about
/// (`ListKeyRotations`, `RotateKeyOnDemand`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyRotation {
    /// The key.
    pub key_id: KeyId,
    /// The material version the rotation made (2 for the first rotation);
    /// `None` where the provider does not report versions (AWS KMS does not).
    pub key_version: Option<u32>,
    /// When the rotation happened.
    pub rotation_date: SystemTime,
    /// Automatic or on demand.
    pub rotation_type: RotationType,
}

impl KeyRotation {
    /// A rotation with every field.
    pub fn new(
        key_id: KeyId,
        key_version: Option<u32>,
        rotation_date: SystemTime,
        rotation_type: RotationType,
    ) -> Self {
        Self {
            key_id,
            key_version,
            rotation_date,
            rotation_type,
        }
    }
}

/// What a client needs to wrap key material for import
/// (`GetParametersForImport`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportParameters {
    /// The key the material is for.
    pub key_id: KeyId,
    /// The token to hand back with the wrapped material.
    pub import_token: Vec<u8>,
    /// The wrapping public key, DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
    /// The wrapping algorithm the material must be wrapped with.
    pub wrapping_algorithm: WrappingAlgorithm,
    /// The kind of wrapping key.
    pub wrapping_key_spec: WrappingKeySpec,
    /// When the token and wrapping key expire (24 hours after issue).
    pub parameters_valid_to: SystemTime,
}

impl ImportParameters {
    /// Parameters with every field.
    pub fn new(
        key_id: KeyId,
        import_token: Vec<u8>,
        public_key: Vec<u8>,
        wrapping_algorithm: WrappingAlgorithm,
        wrapping_key_spec: WrappingKeySpec,
        parameters_valid_to: SystemTime,
    ) -> Self {
        Self {
            key_id,
            import_token,
            public_key,
            wrapping_algorithm,
            wrapping_key_spec,
            parameters_valid_to,
        }
    }

    /// The wrapping public key as PEM (`-----BEGIN PUBLIC KEY-----`), for
    /// `openssl pkeyutl -encrypt -pubin`.
    pub fn public_key_pem(&self) -> String {
        public_key_pem(&self.public_key)
    }
}

/// A signature that verified ([`KeyManager::verify`](crate::KeyManager::verify)):
/// the key that verified it, whatever reference was given, so that a caller
/// that named an alias knows which key it was without a second call (which
/// would race with the alias moving).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyResponse {
    /// The key that verified the signature.
    pub key_id: KeyId,
    /// The algorithm used.
    pub signing_algorithm: SigningAlgorithm,
}

impl VerifyResponse {
    /// A response with every field.
    pub fn new(key_id: KeyId, signing_algorithm: SigningAlgorithm) -> Self {
        Self {
            key_id,
            signing_algorithm,
        }
    }
}

/// A MAC that verified ([`KeyManager::verify_mac`](crate::KeyManager::verify_mac)):
/// the key that verified it, whatever reference was given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyMacResponse {
    /// The key that verified the MAC.
    pub key_id: KeyId,
    /// The algorithm used.
    pub mac_algorithm: MacAlgorithm,
}

impl VerifyMacResponse {
    /// A response with every field.
    pub fn new(key_id: KeyId, mac_algorithm: MacAlgorithm) -> Self {
        Self {
            key_id,
            mac_algorithm,
        }
    }
}

/// One page of a key's rotations, oldest first
/// ([`KeyManager::list_key_rotations`](crate::KeyManager::list_key_rotations)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListKeyRotationsPage {
    /// The rotations on this page.
    pub rotations: Vec<KeyRotation>,
    /// Pass this as the marker to get the next page; `None` on the last page.
    pub next_marker: Option<String>,
}

impl ListKeyRotationsPage {
    /// A page; `next_marker` is `None` on the last one.
    pub fn new(rotations: Vec<KeyRotation>, next_marker: Option<String>) -> Self {
        Self {
            rotations,
            next_marker,
        }
    }
}

/// When a key was last used for a cryptographic operation, and for which
/// (`GetKeyLastUsage`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyLastUsage {
    /// The key.
    pub key_id: KeyId,
    /// The last use since tracking started; `None` if the key has not been
    /// used since.
    pub last_usage: Option<KeyUse>,
    /// Since when uses of this key are tracked: uses before it are not
    /// known. The later of the key's creation and the start of tracking by
    /// the provider.
    pub tracking_start_date: SystemTime,
    /// When the key was created.
    pub key_creation_date: SystemTime,
    /// The id of the request that used the key, where the provider keeps it
    /// (AWS KMS does).
    pub request_id: Option<String>,
}

impl KeyLastUsage {
    /// A key's last use (or `None`) and its tracking window.
    pub fn new(
        key_id: KeyId,
        last_usage: Option<KeyUse>,
        tracking_start_date: SystemTime,
        key_creation_date: SystemTime,
    ) -> Self {
        Self {
            key_id,
            last_usage,
            tracking_start_date,
            key_creation_date,
            request_id: None,
        }
    }
}

/// One use of a key: the operation and when it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyUse {
    /// The operation.
    pub operation: CryptoOperation,
    /// When it ran.
    pub timestamp: SystemTime,
}

impl KeyUse {
    /// A use of a key by `operation` at `timestamp`.
    pub fn new(operation: CryptoOperation, timestamp: SystemTime) -> Self {
        Self {
            operation,
            timestamp,
        }
    }
}

/// A cryptographic operation that uses a key, as `GetKeyLastUsage` names
/// it (AWS's `KeyLastUsageTrackingOperation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum CryptoOperation {
    /// `Encrypt`.
    Encrypt,
    /// `Decrypt`.
    Decrypt,
    /// `ReEncrypt` (recorded on both keys).
    ReEncrypt,
    /// `GenerateDataKey`.
    GenerateDataKey,
    /// `GenerateDataKeyWithoutPlaintext`.
    GenerateDataKeyWithoutPlaintext,
    /// `GenerateDataKeyPair`.
    GenerateDataKeyPair,
    /// `GenerateDataKeyPairWithoutPlaintext`.
    GenerateDataKeyPairWithoutPlaintext,
    /// `Sign`.
    Sign,
    /// `Verify`.
    Verify,
    /// `GenerateMac`.
    GenerateMac,
    /// `VerifyMac`.
    VerifyMac,
    /// `DeriveSharedSecret`.
    DeriveSharedSecret,
}

impl CryptoOperation {
    /// Every operation.
    pub const ALL: [Self; 12] = [
        Self::Encrypt,
        Self::Decrypt,
        Self::ReEncrypt,
        Self::GenerateDataKey,
        Self::GenerateDataKeyWithoutPlaintext,
        Self::GenerateDataKeyPair,
        Self::GenerateDataKeyPairWithoutPlaintext,
        Self::Sign,
        Self::Verify,
        Self::GenerateMac,
        Self::VerifyMac,
        Self::DeriveSharedSecret,
    ];

    /// The operation's name, as AWS spells it.
    ///
    /// ```
    /// use polykms::CryptoOperation;
    ///
    /// assert_eq!(CryptoOperation::GenerateDataKeyPair.as_str(), "GenerateDataKeyPair");
    /// assert_eq!("VerifyMac".parse::<CryptoOperation>().unwrap(), CryptoOperation::VerifyMac);
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Encrypt => "Encrypt",
            Self::Decrypt => "Decrypt",
            Self::ReEncrypt => "ReEncrypt",
            Self::GenerateDataKey => "GenerateDataKey",
            Self::GenerateDataKeyWithoutPlaintext => "GenerateDataKeyWithoutPlaintext",
            Self::GenerateDataKeyPair => "GenerateDataKeyPair",
            Self::GenerateDataKeyPairWithoutPlaintext => "GenerateDataKeyPairWithoutPlaintext",
            Self::Sign => "Sign",
            Self::Verify => "Verify",
            Self::GenerateMac => "GenerateMac",
            Self::VerifyMac => "VerifyMac",
            Self::DeriveSharedSecret => "DeriveSharedSecret",
        }
    }
}

impl std::fmt::Display for CryptoOperation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CryptoOperation {
    type Err = crate::Error;

    fn from_str(name: &str) -> crate::Result<Self> {
        Self::ALL
            .into_iter()
            .find(|op| op.as_str() == name)
            .ok_or_else(|| {
                crate::Error::invalid_argument(
                    "Operation",
                    format!("{name:?} is not an operation that uses a key"),
                )
            })
    }
}
