//! The rules of the vocabulary, as data: what each key spec allows.

use super::Vendor;
use super::table::*;

/// Size limits the providers enforce (the AWS KMS limits unless noted).
pub mod limits {
    /// Largest plaintext for symmetric encryption, in bytes.
    pub const MAX_SYMMETRIC_PLAINTEXT: usize = 4096;
    /// Largest plaintext for SM2 encryption, in bytes.
    pub const MAX_SM2_PLAINTEXT: usize = 1024;
    /// Largest ciphertext blob accepted by decrypt and re-encrypt, in bytes.
    pub const MAX_CIPHERTEXT: usize = 6144;
    /// Largest message for sign and verify with message type RAW, in bytes.
    pub const MAX_SIGN_MESSAGE: usize = 4096;
    /// Largest message for generate-MAC and verify-MAC, in bytes.
    pub const MAX_MAC_MESSAGE: usize = 4096;
    /// Largest signature accepted by verify, in bytes (AWS's limit; an
    /// ML-DSA-87 signature is 4627 bytes).
    pub const MAX_SIGNATURE: usize = 6144;
    /// Largest MAC accepted by verify-MAC, in bytes.
    pub const MAX_MAC: usize = 64;
    /// Data key and random byte counts: 1 to this many bytes.
    pub const MAX_RANDOM_BYTES: usize = 1024;
    /// Longest key description, in characters.
    pub const MAX_DESCRIPTION_CHARS: usize = 8192;
    /// Longest alias name (including `alias/`), in characters.
    pub const MAX_ALIAS_CHARS: usize = 256;
    /// Longest tag key, in characters.
    pub const MAX_TAG_KEY_CHARS: usize = 128;
    /// Longest tag value, in characters.
    pub const MAX_TAG_VALUE_CHARS: usize = 256;
    /// Most tags on one key.
    pub const MAX_TAGS_PER_KEY: usize = 50;
    /// Most entries in one encryption context.
    pub const MAX_CONTEXT_ENTRIES: usize = 64;
    /// Largest encryption context (keys and values added up), in bytes.
    pub const MAX_CONTEXT_BYTES: usize = 8192;
    /// Shortest deletion window, in days.
    pub const MIN_PENDING_WINDOW_DAYS: u32 = 7;
    /// Longest deletion window, in days (also the default).
    pub const MAX_PENDING_WINDOW_DAYS: u32 = 30;
    /// Largest page of `list_keys` and `list_key_rotations`.
    pub const MAX_LIST_LIMIT: usize = 1000;
    /// Largest page of `list_aliases` (AWS's `ListAliases` limit).
    pub const MAX_ALIASES_PAGE: usize = 100;
    /// Largest page of `list_resource_tags` (AWS's `ListResourceTags` limit).
    pub const MAX_TAGS_PAGE: usize = 50;
    /// Shortest automatic rotation period, in days (Alibaba Cloud's minimum;
    /// AWS allows 90 and Huawei Cloud 30 at the least).
    pub const MIN_ROTATION_PERIOD_DAYS: u32 = 7;
    /// Longest automatic rotation period, in days (AWS's maximum; Alibaba
    /// Cloud allows 730 and Huawei Cloud 365 at the most).
    pub const MAX_ROTATION_PERIOD_DAYS: u32 = 2560;
    /// The automatic rotation period when none is given, in days (all three clouds).
    pub const DEFAULT_ROTATION_PERIOD_DAYS: u32 = 365;
    /// How long import parameters (wrapping key and import token) stay valid, in hours.
    pub const IMPORT_PARAMETERS_VALID_HOURS: u64 = 24;
    /// Largest wrapped key material accepted by import, in bytes.
    pub const MAX_WRAPPED_KEY_MATERIAL: usize = 8192;
    /// Largest key material `wrap_key_material` wraps, in bytes. The largest
    /// material a key takes, an RSA 4096 private key in PKCS#8, is about
    /// 2.4 KB; wrapped with any algorithm and wrapping key, material of this
    /// size stays within [`MAX_WRAPPED_KEY_MATERIAL`].
    pub const MAX_KEY_MATERIAL: usize = 4096;
    /// Largest public key accepted by public-key import and key agreement,
    /// in bytes (AWS's `DeriveSharedSecret` limit; an ML-DSA-87 public key
    /// is 2614 bytes).
    pub const MAX_PUBLIC_KEY: usize = 8192;
    /// Longest key reference (key id, alias, key or alias resource name), in
    /// bytes (AWS's `KeyId` limit).
    pub const MAX_KEY_REFERENCE: usize = 2048;
    /// Longest key id, in characters: room for every vendor's ids (UUIDs and
    /// AWS `mrk-` ids are 36; Alibaba `key-` ids are shorter).
    pub const MAX_KEY_ID_CHARS: usize = 128;
    /// Largest store header (`store.json`) a file store reads, in bytes.
    pub const MAX_STORE_HEADER: usize = 64 * 1024;
    /// Most memory Argon2id may use for a passphrase-protected store, in KiB
    /// (4 GiB); a header asking for more is refused before any is allocated.
    pub const MAX_ARGON2_M_COST_KIB: u32 = 4 * 1024 * 1024;
    /// Most Argon2id passes for a passphrase-protected store.
    pub const MAX_ARGON2_T_COST: u32 = 64;
    /// Most Argon2id lanes for a passphrase-protected store.
    pub const MAX_ARGON2_P_COST: u32 = 16;
}

/// The broad kind of a key spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Symmetric,
    Rsa,
    Ecc,
    Ed25519,
    Sm2,
    Hmac,
    MlDsa,
}

use EncryptionAlgorithm as E;
use KeyAgreementAlgorithm as A;
use KeyUsage as U;
use MacAlgorithm as M;
use SigningAlgorithm as S;

const RSA_ENC: &[E] = &[E::RsaesOaepSha1, E::RsaesOaepSha256];
const RSA_SIGN: &[S] = &[
    S::RsassaPssSha256,
    S::RsassaPssSha384,
    S::RsassaPssSha512,
    S::RsassaPkcs1V15Sha256,
    S::RsassaPkcs1V15Sha384,
    S::RsassaPkcs1V15Sha512,
];

impl KeySpec {
    pub(crate) fn family(self) -> Family {
        match self {
            Self::SymmetricDefault | Self::Aes128 | Self::Aes192 | Self::Sm4 => Family::Symmetric,
            Self::Rsa2048 | Self::Rsa3072 | Self::Rsa4096 => Family::Rsa,
            Self::EccNistP256 | Self::EccNistP384 | Self::EccNistP521 | Self::EccSecgP256k1 => {
                Family::Ecc
            }
            Self::Ed25519 => Family::Ed25519,
            Self::Sm2 => Family::Sm2,
            Self::Hmac224 | Self::Hmac256 | Self::Hmac384 | Self::Hmac512 | Self::HmacSm3 => {
                Family::Hmac
            }
            Self::MlDsa44 | Self::MlDsa65 | Self::MlDsa87 => Family::MlDsa,
        }
    }

    /// Whether the key is symmetric (AES or SM4 encryption keys; HMAC keys are not).
    pub fn is_symmetric_encryption(self) -> bool {
        self.family() == Family::Symmetric
    }

    /// Whether the key has a public key (RSA, ECC, Ed25519, SM2, ML-DSA).
    pub fn is_asymmetric(self) -> bool {
        matches!(
            self.family(),
            Family::Rsa | Family::Ecc | Family::Ed25519 | Family::Sm2 | Family::MlDsa
        )
    }

    /// The usages a key of this spec may have (AWS's rules: key agreement
    /// on the NIST curves and SM2, not on secp256k1).
    ///
    /// ```
    /// use polykms::{KeySpec, KeyUsage};
    ///
    /// assert!(KeySpec::EccNistP384.allowed_usages().contains(&KeyUsage::KeyAgreement));
    /// assert_eq!(KeySpec::EccSecgP256k1.allowed_usages(), [KeyUsage::SignVerify]);
    /// assert_eq!(KeySpec::MlDsa65.allowed_usages(), [KeyUsage::SignVerify]);
    /// ```
    pub fn allowed_usages(self) -> &'static [KeyUsage] {
        match self.family() {
            Family::Symmetric => &[U::EncryptDecrypt],
            Family::Rsa => &[U::EncryptDecrypt, U::SignVerify],
            Family::Sm2 => &[U::EncryptDecrypt, U::SignVerify, U::KeyAgreement],
            Family::Ecc if self == Self::EccSecgP256k1 => &[U::SignVerify],
            Family::Ecc => &[U::SignVerify, U::KeyAgreement],
            Family::Ed25519 | Family::MlDsa => &[U::SignVerify],
            Family::Hmac => &[U::GenerateVerifyMac],
        }
    }

    /// The usage a key gets when a create-key request names none, by AWS's
    /// rule, which the library API follows: `ENCRYPT_DECRYPT` where the
    /// spec allows it, else the spec's first usage (`SIGN_VERIFY` for the
    /// elliptic curves, Ed25519 and ML-DSA, `GENERATE_VERIFY_MAC` for HMAC),
    /// where AWS itself asks for one. See [`default_usage_for`](Self::default_usage_for).
    ///
    /// ```
    /// use polykms::{KeySpec, KeyUsage};
    ///
    /// assert_eq!(KeySpec::Rsa2048.default_usage(), KeyUsage::EncryptDecrypt);
    /// assert_eq!(KeySpec::EccNistP256.default_usage(), KeyUsage::SignVerify);
    /// assert_eq!(KeySpec::Hmac256.default_usage(), KeyUsage::GenerateVerifyMac);
    /// ```
    pub fn default_usage(self) -> KeyUsage {
        self.default_usage_for(Vendor::Aws)
    }

    /// The usage a key gets when a create-key request names none, by the
    /// rule of `vendor`: each server front applies its vendor's.
    ///
    /// | vendor | rule |
    /// |---|---|
    /// | AWS | `ENCRYPT_DECRYPT` where the spec allows it, else the spec's first usage |
    /// | Alibaba | `SIGN/VERIFY` where the spec can sign, `ENCRYPT/DECRYPT` otherwise (HMAC keys: MAC) |
    /// | Huawei | `ENCRYPT_DECRYPT` for symmetric keys, `SIGN_VERIFY` for asymmetric ones (HMAC keys: MAC) |
    ///
    /// ```
    /// use polykms::{KeySpec, KeyUsage, Vendor};
    ///
    /// assert_eq!(KeySpec::Rsa2048.default_usage_for(Vendor::Aws), KeyUsage::EncryptDecrypt);
    /// assert_eq!(KeySpec::Rsa2048.default_usage_for(Vendor::Alibaba), KeyUsage::SignVerify);
    /// assert_eq!(KeySpec::Sm2.default_usage_for(Vendor::Huawei), KeyUsage::SignVerify);
    /// assert_eq!(KeySpec::SymmetricDefault.default_usage_for(Vendor::Huawei), KeyUsage::EncryptDecrypt);
    /// ```
    pub fn default_usage_for(self, vendor: Vendor) -> KeyUsage {
        let allowed = self.allowed_usages();
        match vendor {
            Vendor::Aws if allowed.contains(&U::EncryptDecrypt) => U::EncryptDecrypt,
            Vendor::Aws => allowed[0],
            // Alibaba: "SIGN/VERIFY if the key spec can sign".
            Vendor::Alibaba if allowed.contains(&U::SignVerify) => U::SignVerify,
            // Huawei: SIGN_VERIFY is the default of asymmetric keys.
            Vendor::Huawei if self.is_asymmetric() => U::SignVerify,
            Vendor::Alibaba | Vendor::Huawei => allowed[0],
        }
    }

    /// Encryption algorithms of this spec (for a key with usage ENCRYPT_DECRYPT).
    pub fn encryption_algorithms(self) -> &'static [EncryptionAlgorithm] {
        match self.family() {
            Family::Symmetric => &[E::SymmetricDefault],
            Family::Rsa => RSA_ENC,
            Family::Sm2 => &[E::Sm2Pke],
            _ => &[],
        }
    }

    /// Signing algorithms of this spec (for a key with usage SIGN_VERIFY).
    pub fn signing_algorithms(self) -> &'static [SigningAlgorithm] {
        match self {
            Self::Rsa2048 | Self::Rsa3072 | Self::Rsa4096 => RSA_SIGN,
            Self::EccNistP256 | Self::EccSecgP256k1 => &[S::EcdsaSha256],
            Self::EccNistP384 => &[S::EcdsaSha384],
            Self::EccNistP521 => &[S::EcdsaSha512],
            Self::Ed25519 => &[S::Ed25519Sha512, S::Ed25519PhSha512],
            Self::Sm2 => &[S::Sm2Dsa],
            Self::MlDsa44 | Self::MlDsa65 | Self::MlDsa87 => &[S::MlDsaShake256],
            _ => &[],
        }
    }

    /// Key agreement algorithms of this spec (for a key with usage
    /// KEY_AGREEMENT): ECDH on NIST P-256, P-384, P-521 and SM2.
    pub fn key_agreement_algorithms(self) -> &'static [KeyAgreementAlgorithm] {
        match self {
            Self::EccNistP256 | Self::EccNistP384 | Self::EccNistP521 | Self::Sm2 => &[A::Ecdh],
            _ => &[],
        }
    }

    /// MAC algorithms of this spec (for a key with usage GENERATE_VERIFY_MAC).
    pub fn mac_algorithms(self) -> &'static [MacAlgorithm] {
        match self {
            Self::Hmac224 => &[M::HmacSha224],
            Self::Hmac256 => &[M::HmacSha256],
            Self::Hmac384 => &[M::HmacSha384],
            Self::Hmac512 => &[M::HmacSha512],
            Self::HmacSm3 => &[M::HmacSm3],
            _ => &[],
        }
    }

    /// The RSA modulus size in bytes, for RSA specs.
    pub(crate) fn rsa_modulus_bytes(self) -> Option<usize> {
        match self {
            Self::Rsa2048 => Some(256),
            Self::Rsa3072 => Some(384),
            Self::Rsa4096 => Some(512),
            _ => None,
        }
    }

    /// The lengths of key material, in bytes, a key of this spec accepts:
    /// exactly the key size for symmetric specs, and for HMAC specs from the
    /// digest size up to the hash's block size (AWS's import rule). `None`
    /// for asymmetric specs, whose material is a PKCS#8 private key.
    ///
    /// ```
    /// use polykms::KeySpec;
    ///
    /// assert_eq!(KeySpec::SymmetricDefault.key_material_len(), Some(32..=32));
    /// assert_eq!(KeySpec::Hmac384.key_material_len(), Some(48..=128));
    /// assert_eq!(KeySpec::Rsa2048.key_material_len(), None);
    /// ```
    pub fn key_material_len(self) -> Option<std::ops::RangeInclusive<usize>> {
        let generated = self.secret_len()?;
        Some(match self {
            Self::Hmac224 | Self::Hmac256 | Self::HmacSm3 => generated..=64,
            Self::Hmac384 | Self::Hmac512 => generated..=128,
            _ => generated..=generated,
        })
    }

    /// Whether keys of this spec can rotate (automatically or on demand):
    /// symmetric encryption and HMAC keys. The clouds refuse rotation of
    /// asymmetric keys, and so does this crate.
    pub fn rotates(self) -> bool {
        matches!(self.family(), Family::Symmetric | Family::Hmac)
    }

    /// The length of generated symmetric or HMAC key material in bytes.
    pub(crate) fn secret_len(self) -> Option<usize> {
        match self {
            Self::Aes128 | Self::Sm4 => Some(16),
            Self::Aes192 => Some(24),
            Self::SymmetricDefault | Self::Hmac256 | Self::HmacSm3 => Some(32),
            Self::Hmac224 => Some(28),
            Self::Hmac384 => Some(48),
            Self::Hmac512 => Some(64),
            _ => None,
        }
    }
}

impl EncryptionAlgorithm {
    /// The largest plaintext this algorithm takes with a key of `spec`, or
    /// `None` if the algorithm does not apply to that spec.
    ///
    /// ```
    /// use polykms::{EncryptionAlgorithm, KeySpec};
    ///
    /// assert_eq!(EncryptionAlgorithm::RsaesOaepSha256.max_plaintext_len(KeySpec::Rsa2048), Some(190));
    /// assert_eq!(EncryptionAlgorithm::RsaesOaepSha1.max_plaintext_len(KeySpec::Rsa4096), Some(470));
    /// assert_eq!(EncryptionAlgorithm::Sm2Pke.max_plaintext_len(KeySpec::Rsa2048), None);
    /// ```
    pub fn max_plaintext_len(self, spec: KeySpec) -> Option<usize> {
        if !spec.encryption_algorithms().contains(&self) {
            return None;
        }
        match self {
            Self::SymmetricDefault => Some(limits::MAX_SYMMETRIC_PLAINTEXT),
            Self::Sm2Pke => Some(limits::MAX_SM2_PLAINTEXT),
            Self::RsaesOaepSha1 => spec.rsa_modulus_bytes().map(|k| k - 2 * 20 - 2),
            Self::RsaesOaepSha256 => spec.rsa_modulus_bytes().map(|k| k - 2 * 32 - 2),
        }
    }
}

impl SigningAlgorithm {
    /// The digest length a DIGEST message must have for this algorithm;
    /// for ML-DSA, the length of μ (message type EXTERNAL_MU).
    pub fn digest_len(self) -> usize {
        match self {
            Self::MlDsaShake256 => 64,
            Self::RsassaPssSha256
            | Self::RsassaPkcs1V15Sha256
            | Self::EcdsaSha256
            | Self::Sm2Dsa => 32,
            Self::RsassaPssSha384 | Self::RsassaPkcs1V15Sha384 | Self::EcdsaSha384 => 48,
            Self::RsassaPssSha512
            | Self::RsassaPkcs1V15Sha512
            | Self::EcdsaSha512
            | Self::Ed25519Sha512
            | Self::Ed25519PhSha512 => 64,
        }
    }

    /// The message types this algorithm accepts (Ed25519 is RAW only,
    /// Ed25519ph DIGEST only, ML-DSA RAW or EXTERNAL_MU; every other
    /// algorithm takes RAW and DIGEST).
    pub fn message_types(self) -> &'static [MessageType] {
        match self {
            Self::Ed25519Sha512 => &[MessageType::Raw],
            Self::Ed25519PhSha512 => &[MessageType::Digest],
            Self::MlDsaShake256 => &[MessageType::Raw, MessageType::ExternalMu],
            _ => &[MessageType::Raw, MessageType::Digest],
        }
    }
}

impl MacAlgorithm {
    /// The length of the MAC this algorithm produces, in bytes.
    pub fn mac_len(self) -> usize {
        match self {
            Self::HmacSha224 => 28,
            Self::HmacSha256 | Self::HmacSm3 => 32,
            Self::HmacSha384 => 48,
            Self::HmacSha512 => 64,
        }
    }
}

impl DataKeySpec {
    /// The data key's length in bytes.
    pub fn byte_len(self) -> usize {
        match self {
            Self::Aes128 | Self::Sm4 => 16,
            Self::Aes256 | Self::Hmac256 | Self::HmacSm3 => 32,
            Self::Hmac384 => 48,
            Self::Hmac512 => 64,
        }
    }
}

impl DataKeyPairSpec {
    /// The key spec whose material a data key pair of this spec holds.
    pub fn key_spec(self) -> KeySpec {
        match self {
            Self::Rsa2048 => KeySpec::Rsa2048,
            Self::Rsa3072 => KeySpec::Rsa3072,
            Self::Rsa4096 => KeySpec::Rsa4096,
            Self::EccNistP256 => KeySpec::EccNistP256,
            Self::EccNistP384 => KeySpec::EccNistP384,
            Self::EccNistP521 => KeySpec::EccNistP521,
            Self::EccSecgP256k1 => KeySpec::EccSecgP256k1,
            Self::EccNistEdwards25519 => KeySpec::Ed25519,
            Self::Sm2 => KeySpec::Sm2,
        }
    }
}

impl WrappingKeySpec {
    /// The wrapping algorithms this wrapping key serves.
    pub fn wrapping_algorithms(self) -> &'static [WrappingAlgorithm] {
        use WrappingAlgorithm as W;
        match self {
            Self::Sm2 => &[W::Sm2Pke],
            _ => &[
                W::RsaesOaepSha1,
                W::RsaesOaepSha256,
                W::RsaAesKeyWrapSha1,
                W::RsaAesKeyWrapSha256,
            ],
        }
    }

    /// The key spec of the wrapping key pair.
    pub(crate) fn key_spec(self) -> KeySpec {
        match self {
            Self::Rsa2048 => KeySpec::Rsa2048,
            Self::Rsa3072 => KeySpec::Rsa3072,
            Self::Rsa4096 => KeySpec::Rsa4096,
            Self::Sm2 => KeySpec::Sm2,
        }
    }
}
