//! The spelling tables. Each row: value => canonical, AWS, Alibaba, Huawei.
//! `None` means the vendor does not offer the concept (or its spelling could
//! not be confirmed from a primary source; see the crate README).

use super::{Spellings, Vocabulary};

/// Declares a vocabulary enum from its spelling table.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $kind:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident => ($canon:literal, $aws:expr, $ali:expr, $hw:expr),
            )+
        }
        unsupported: [$($unsupported:literal),* $(,)?]
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl Vocabulary for $name {
            const KIND: &'static str = $kind;

            fn table() -> &'static [(Self, Spellings)] {
                const TABLE: &[($name, Spellings)] = &[
                    $( ($name::$variant, Spellings {
                        canonical: $canon,
                        aws: $aws,
                        alibaba: $ali,
                        huawei: $hw,
                    }), )+
                ];
                TABLE
            }

            fn unsupported_spellings() -> &'static [&'static str] {
                &[$($unsupported),*]
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;

            fn from_str(name: &str) -> crate::Result<Self> {
                <Self as Vocabulary>::parse_name(name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <Self as Vocabulary>::parse_name(&name).map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary! {
    /// What kind of key material a key holds.
    pub enum KeySpec: "key spec" {
        /// AES-256-GCM, the default symmetric key.
        SymmetricDefault => ("SYMMETRIC_DEFAULT", Some("SYMMETRIC_DEFAULT"), Some("Aliyun_AES_256"), Some("AES_256")),
        /// AES-128-GCM (Alibaba Cloud only).
        Aes128 => ("Aliyun_AES_128", None, Some("Aliyun_AES_128"), None),
        /// AES-192-GCM (Alibaba Cloud only).
        Aes192 => ("Aliyun_AES_192", None, Some("Aliyun_AES_192"), None),
        /// SM4-GCM (AWS calls it SYMMETRIC_DEFAULT in its China Regions).
        Sm4 => ("SM4", None, Some("Aliyun_SM4"), Some("SM4")),
        /// RSA with a 2048-bit modulus.
        Rsa2048 => ("RSA_2048", Some("RSA_2048"), Some("RSA_2048"), Some("RSA_2048")),
        /// RSA with a 3072-bit modulus.
        Rsa3072 => ("RSA_3072", Some("RSA_3072"), Some("RSA_3072"), Some("RSA_3072")),
        /// RSA with a 4096-bit modulus.
        Rsa4096 => ("RSA_4096", Some("RSA_4096"), Some("RSA_4096"), Some("RSA_4096")),
        /// ECDSA on NIST P-256 (secp256r1).
        EccNistP256 => ("ECC_NIST_P256", Some("ECC_NIST_P256"), Some("EC_P256"), Some("EC_P256")),
        /// ECDSA on NIST P-384 (secp384r1).
        EccNistP384 => ("ECC_NIST_P384", Some("ECC_NIST_P384"), None, Some("EC_P384")),
        /// ECDSA on NIST P-521 (secp521r1).
        EccNistP521 => ("ECC_NIST_P521", Some("ECC_NIST_P521"), None, None),
        /// ECDSA on secp256k1.
        EccSecgP256k1 => ("ECC_SECG_P256K1", Some("ECC_SECG_P256K1"), Some("EC_P256K"), Some("SECP256K1")),
        /// Ed25519 (EdDSA on edwards25519).
        Ed25519 => ("ECC_NIST_EDWARDS25519", Some("ECC_NIST_EDWARDS25519"), None, Some("ED25519")),
        /// SM2 (GB/T 32918), for SM2DSA signatures or SM2 encryption.
        Sm2 => ("SM2", Some("SM2"), Some("EC_SM2"), Some("SM2")),
        /// HMAC-SHA-224 key (28 bytes).
        Hmac224 => ("HMAC_224", Some("HMAC_224"), None, None),
        /// HMAC-SHA-256 key (32 bytes).
        Hmac256 => ("HMAC_256", Some("HMAC_256"), None, Some("HMAC_256")),
        /// HMAC-SHA-384 key (48 bytes).
        Hmac384 => ("HMAC_384", Some("HMAC_384"), None, Some("HMAC_384")),
        /// HMAC-SHA-512 key (64 bytes).
        Hmac512 => ("HMAC_512", Some("HMAC_512"), None, Some("HMAC_512")),
        /// HMAC-SM3 key (32 bytes).
        HmacSm3 => ("HMAC_SM3", None, None, Some("HMAC_SM3")),
        /// ML-DSA-44 (FIPS 204, security category 2).
        MlDsa44 => ("ML_DSA_44", Some("ML_DSA_44"), None, None),
        /// ML-DSA-65 (FIPS 204, security category 3).
        MlDsa65 => ("ML_DSA_65", Some("ML_DSA_65"), None, None),
        /// ML-DSA-87 (FIPS 204, security category 5).
        MlDsa87 => ("ML_DSA_87", Some("ML_DSA_87"), None, None),
    }
    unsupported: []
}

vocabulary! {
    /// What a key may be used for. A key has exactly one usage.
    pub enum KeyUsage: "key usage" {
        /// Encrypt and decrypt (and data keys, for symmetric keys).
        EncryptDecrypt => ("ENCRYPT_DECRYPT", Some("ENCRYPT_DECRYPT"), Some("ENCRYPT/DECRYPT"), Some("ENCRYPT_DECRYPT")),
        /// Sign and verify.
        SignVerify => ("SIGN_VERIFY", Some("SIGN_VERIFY"), Some("SIGN/VERIFY"), Some("SIGN_VERIFY")),
        /// Generate and verify MACs.
        GenerateVerifyMac => ("GENERATE_VERIFY_MAC", Some("GENERATE_VERIFY_MAC"), None, None),
        /// Derive shared secrets with a peer's public key (ECDH).
        KeyAgreement => ("KEY_AGREEMENT", Some("KEY_AGREEMENT"), None, None),
    }
    unsupported: ["ENCAPSULATE_DECAPSULATE"]
}

vocabulary! {
    /// An encryption algorithm.
    pub enum EncryptionAlgorithm: "encryption algorithm" {
        /// The symmetric key's own AEAD (AES-GCM or SM4-GCM) in this crate's ciphertext format.
        SymmetricDefault => ("SYMMETRIC_DEFAULT", Some("SYMMETRIC_DEFAULT"), None, Some("SYMMETRIC_DEFAULT")),
        /// RSAES-OAEP with SHA-1 and MGF1-SHA-1.
        RsaesOaepSha1 => ("RSAES_OAEP_SHA_1", Some("RSAES_OAEP_SHA_1"), Some("RSAES_OAEP_SHA_1"), Some("RSAES_OAEP_SHA_1")),
        /// RSAES-OAEP with SHA-256 and MGF1-SHA-256.
        RsaesOaepSha256 => ("RSAES_OAEP_SHA_256", Some("RSAES_OAEP_SHA_256"), Some("RSAES_OAEP_SHA_256"), Some("RSAES_OAEP_SHA_256")),
        /// SM2 public key encryption, DER-encoded C1C3C2 (as OpenSSL makes it).
        Sm2Pke => ("SM2PKE", Some("SM2PKE"), Some("SM2PKE"), Some("SM2_ENCRYPT")),
    }
    unsupported: ["ECIES_DH_SHA_1_XOR_HMAC"]
}

vocabulary! {
    /// A signing algorithm.
    pub enum SigningAlgorithm: "signing algorithm" {
        /// RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt.
        RsassaPssSha256 => ("RSASSA_PSS_SHA_256", Some("RSASSA_PSS_SHA_256"), Some("RSA_PSS_SHA_256"), Some("RSASSA_PSS_SHA_256")),
        /// RSASSA-PSS with SHA-384, MGF1-SHA-384, 48-byte salt.
        RsassaPssSha384 => ("RSASSA_PSS_SHA_384", Some("RSASSA_PSS_SHA_384"), None, Some("RSASSA_PSS_SHA_384")),
        /// RSASSA-PSS with SHA-512, MGF1-SHA-512, 64-byte salt.
        RsassaPssSha512 => ("RSASSA_PSS_SHA_512", Some("RSASSA_PSS_SHA_512"), None, Some("RSASSA_PSS_SHA_512")),
        /// RSASSA-PKCS1-v1_5 with SHA-256.
        RsassaPkcs1V15Sha256 => ("RSASSA_PKCS1_V1_5_SHA_256", Some("RSASSA_PKCS1_V1_5_SHA_256"), Some("RSA_PKCS1_SHA_256"), Some("RSASSA_PKCS1_V1_5_SHA_256")),
        /// RSASSA-PKCS1-v1_5 with SHA-384.
        RsassaPkcs1V15Sha384 => ("RSASSA_PKCS1_V1_5_SHA_384", Some("RSASSA_PKCS1_V1_5_SHA_384"), None, Some("RSASSA_PKCS1_V1_5_SHA_384")),
        /// RSASSA-PKCS1-v1_5 with SHA-512.
        RsassaPkcs1V15Sha512 => ("RSASSA_PKCS1_V1_5_SHA_512", Some("RSASSA_PKCS1_V1_5_SHA_512"), None, Some("RSASSA_PKCS1_V1_5_SHA_512")),
        /// ECDSA with SHA-256 (P-256, secp256k1); DER signature.
        EcdsaSha256 => ("ECDSA_SHA_256", Some("ECDSA_SHA_256"), Some("ECDSA_SHA_256"), Some("ECDSA_SHA_256")),
        /// ECDSA with SHA-384 (P-384); DER signature.
        EcdsaSha384 => ("ECDSA_SHA_384", Some("ECDSA_SHA_384"), None, Some("ECDSA_SHA_384")),
        /// ECDSA with SHA-512 (P-521); DER signature.
        EcdsaSha512 => ("ECDSA_SHA_512", Some("ECDSA_SHA_512"), None, Some("ECDSA_SHA_512")),
        /// SM2DSA with SM3 and the distinguishing ID `1234567812345678`; DER signature.
        Sm2Dsa => ("SM2DSA", Some("SM2DSA"), Some("SM2DSA"), Some("SM2DSA_SM3")),
        /// Pure Ed25519 (RFC 8032); message type RAW only.
        Ed25519Sha512 => ("ED25519_SHA_512", Some("ED25519_SHA_512"), None, Some("ED25519_SHA_512")),
        /// Ed25519ph (RFC 8032) over a SHA-512 digest; message type DIGEST only.
        Ed25519PhSha512 => ("ED25519_PH_SHA_512", Some("ED25519_PH_SHA_512"), None, Some("ED25519_PH_SHA_512")),
        /// ML-DSA (FIPS 204) with the empty context string, hedged: over the
        /// message (RAW) or over a 64-byte μ the caller computed (EXTERNAL_MU).
        MlDsaShake256 => ("ML_DSA_SHAKE_256", Some("ML_DSA_SHAKE_256"), None, None),
    }
    unsupported: []
}

vocabulary! {
    /// A MAC algorithm.
    pub enum MacAlgorithm: "MAC algorithm" {
        /// HMAC with SHA-224.
        HmacSha224 => ("HMAC_SHA_224", Some("HMAC_SHA_224"), Some("HMAC_SHA_224"), None),
        /// HMAC with SHA-256.
        HmacSha256 => ("HMAC_SHA_256", Some("HMAC_SHA_256"), Some("HMAC_SHA_256"), Some("HMAC_SHA_256")),
        /// HMAC with SHA-384.
        HmacSha384 => ("HMAC_SHA_384", Some("HMAC_SHA_384"), Some("HMAC_SHA_384"), Some("HMAC_SHA_384")),
        /// HMAC with SHA-512.
        HmacSha512 => ("HMAC_SHA_512", Some("HMAC_SHA_512"), Some("HMAC_SHA_512"), Some("HMAC_SHA_512")),
        /// HMAC with SM3.
        HmacSm3 => ("HMAC_SM3", None, Some("HMAC_SM3"), Some("HMAC_SM3")),
    }
    unsupported: []
}

vocabulary! {
    /// Whether a signing request carries the message or its digest.
    pub enum MessageType: "message type" {
        /// The message itself (up to 4096 bytes); the provider hashes it.
        Raw => ("RAW", Some("RAW"), Some("RAW"), Some("RAW")),
        /// The digest, already computed by the caller; its length must match the algorithm.
        Digest => ("DIGEST", Some("DIGEST"), Some("DIGEST"), Some("DIGEST")),
        /// ML-DSA's μ (64 bytes), computed by the caller from the public
        /// key's hash, the context and the message (FIPS 204, algorithm 7).
        ExternalMu => ("EXTERNAL_MU", Some("EXTERNAL_MU"), None, None),
    }
    unsupported: []
}

vocabulary! {
    /// A key agreement algorithm.
    pub enum KeyAgreementAlgorithm: "key agreement algorithm" {
        /// Elliptic-curve Diffie-Hellman (SP 800-56A): the x-coordinate of
        /// the private key times the peer's public point.
        Ecdh => ("ECDH", Some("ECDH"), None, Some("ECDH")),
    }
    unsupported: []
}

vocabulary! {
    /// The state of a key. The local providers use `Enabled`, `Disabled`,
    /// `PendingDeletion` and `PendingImport`; the others are read for
    /// completeness (a cloud can report them).
    pub enum KeyState: "key state" {
        /// Being created (AWS).
        Creating => ("Creating", Some("Creating"), None, None),
        /// Usable.
        Enabled => ("Enabled", Some("Enabled"), Some("Enabled"), Some("2")),
        /// Not usable until enabled again.
        Disabled => ("Disabled", Some("Disabled"), Some("Disabled"), Some("3")),
        /// Scheduled for deletion; unusable; deletion can be cancelled.
        PendingDeletion => ("PendingDeletion", Some("PendingDeletion"), Some("PendingDeletion"), Some("4")),
        /// Created without key material; unusable until material is imported.
        PendingImport => ("PendingImport", Some("PendingImport"), Some("PendingImport"), Some("5")),
        /// A multi-Region replica awaiting deletion (AWS).
        PendingReplicaDeletion => ("PendingReplicaDeletion", Some("PendingReplicaDeletion"), None, None),
        /// The key's key store is unavailable (AWS).
        Unavailable => ("Unavailable", Some("Unavailable"), None, None),
        /// Being updated (AWS).
        Updating => ("Updating", Some("Updating"), None, None),
        /// Awaiting activation (Huawei `1`).
        PendingActivation => ("PendingActivation", None, None, Some("1")),
        /// Frozen by the provider (Huawei `7`).
        Frozen => ("Frozen", None, None, Some("7")),
    }
    unsupported: []
}

vocabulary! {
    /// Where a key's material came from.
    pub enum Origin: "origin" {
        /// Generated by the key manager.
        Kms => ("AWS_KMS", Some("AWS_KMS"), Some("Aliyun_KMS"), Some("kms")),
        /// Imported by the user (bring your own key).
        External => ("EXTERNAL", Some("EXTERNAL"), Some("EXTERNAL"), Some("external")),
    }
    unsupported: ["AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"]
}

vocabulary! {
    /// The size (and kind) of a data key.
    pub enum DataKeySpec: "data key spec" {
        /// 16 bytes, for AES-128.
        Aes128 => ("AES_128", Some("AES_128"), Some("AES_128"), Some("AES_128")),
        /// 32 bytes, for AES-256.
        Aes256 => ("AES_256", Some("AES_256"), Some("AES_256"), Some("AES_256")),
        /// 16 bytes, for SM4 (Huawei).
        Sm4 => ("SM4", None, None, Some("SM4")),
        /// 32 bytes, for HMAC-SHA-256 (Huawei).
        Hmac256 => ("HMAC_256", None, None, Some("HMAC_256")),
        /// 48 bytes, for HMAC-SHA-384 (Huawei).
        Hmac384 => ("HMAC_384", None, None, Some("HMAC_384")),
        /// 64 bytes, for HMAC-SHA-512 (Huawei).
        Hmac512 => ("HMAC_512", None, None, Some("HMAC_512")),
        /// 32 bytes, for HMAC-SM3 (Huawei).
        HmacSm3 => ("HMAC_SM3", None, None, Some("HMAC_SM3")),
    }
    unsupported: []
}

vocabulary! {
    /// The kind of a data key pair.
    pub enum DataKeyPairSpec: "data key pair spec" {
        /// RSA 2048.
        Rsa2048 => ("RSA_2048", Some("RSA_2048"), None, Some("RSA_2048")),
        /// RSA 3072.
        Rsa3072 => ("RSA_3072", Some("RSA_3072"), None, Some("RSA_3072")),
        /// RSA 4096.
        Rsa4096 => ("RSA_4096", Some("RSA_4096"), None, Some("RSA_4096")),
        /// NIST P-256.
        EccNistP256 => ("ECC_NIST_P256", Some("ECC_NIST_P256"), None, Some("ECC_NIST_P256")),
        /// NIST P-384.
        EccNistP384 => ("ECC_NIST_P384", Some("ECC_NIST_P384"), None, Some("ECC_NIST_P384")),
        /// NIST P-521.
        EccNistP521 => ("ECC_NIST_P521", Some("ECC_NIST_P521"), None, Some("ECC_NIST_P521")),
        /// secp256k1.
        EccSecgP256k1 => ("ECC_SECG_P256K1", Some("ECC_SECG_P256K1"), None, Some("ECC_SECG_P256K1")),
        /// Ed25519.
        EccNistEdwards25519 => ("ECC_NIST_EDWARDS25519", Some("ECC_NIST_EDWARDS25519"), None, None),
        /// SM2.
        Sm2 => ("SM2", Some("SM2"), None, Some("SM2")),
    }
    unsupported: []
}

vocabulary! {
    /// How key material is encrypted ("wrapped") for import.
    pub enum WrappingAlgorithm: "wrapping algorithm" {
        /// RSAES-OAEP with SHA-1 and MGF1-SHA-1, directly over the material.
        RsaesOaepSha1 => ("RSAES_OAEP_SHA_1", Some("RSAES_OAEP_SHA_1"), Some("RSAES_OAEP_SHA_1"), None),
        /// RSAES-OAEP with SHA-256 and MGF1-SHA-256, directly over the material.
        RsaesOaepSha256 => ("RSAES_OAEP_SHA_256", Some("RSAES_OAEP_SHA_256"), Some("RSAES_OAEP_SHA_256"), Some("RSAES_OAEP_SHA_256")),
        /// A fresh AES-256 key encrypted with RSAES-OAEP SHA-1, followed by the
        /// material wrapped with that key by AES key wrap with padding (RFC 5649).
        RsaAesKeyWrapSha1 => ("RSA_AES_KEY_WRAP_SHA_1", Some("RSA_AES_KEY_WRAP_SHA_1"), None, None),
        /// A fresh AES-256 key encrypted with RSAES-OAEP SHA-256, followed by
        /// the material wrapped with that key by AES key wrap with padding
        /// (RFC 5649). The one RSA choice that carries RSA private keys.
        RsaAesKeyWrapSha256 => ("RSA_AES_KEY_WRAP_SHA_256", Some("RSA_AES_KEY_WRAP_SHA_256"), None, None),
        /// SM2 public key encryption (DER C1C3C2) directly over the material.
        Sm2Pke => ("SM2PKE", Some("SM2PKE"), Some("SM2PKE"), Some("SM2_ENCRYPT")),
    }
    unsupported: ["RSAES_PKCS1_V1_5"]
}

vocabulary! {
    /// The kind of public key that wraps key material for import.
    pub enum WrappingKeySpec: "wrapping key spec" {
        /// RSA with a 2048-bit modulus.
        Rsa2048 => ("RSA_2048", Some("RSA_2048"), Some("RSA_2048"), None),
        /// RSA with a 3072-bit modulus.
        Rsa3072 => ("RSA_3072", Some("RSA_3072"), None, None),
        /// RSA with a 4096-bit modulus.
        Rsa4096 => ("RSA_4096", Some("RSA_4096"), None, None),
        /// SM2, with the SM2PKE wrapping algorithm.
        Sm2 => ("SM2", Some("SM2"), Some("EC_SM2"), None),
    }
    unsupported: []
}

vocabulary! {
    /// How a new version of a key's material came about.
    pub enum RotationType: "rotation type" {
        /// By the automatic rotation schedule.
        Automatic => ("AUTOMATIC", Some("AUTOMATIC"), None, None),
        /// By an explicit request (`rotate_key_on_demand`).
        OnDemand => ("ON_DEMAND", Some("ON_DEMAND"), None, None),
    }
    unsupported: []
}
