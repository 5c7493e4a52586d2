//! The vocabulary: key specs, usages, algorithms, message types, key states,
//! origins and data key specs, each readable in every vendor's spelling.
//!
//! Every type here is driven by one spelling table (see [`spec::table`](self)):
//! a row names the value, its canonical spelling, and the spelling AWS KMS,
//! Alibaba Cloud KMS and Huawei Cloud KMS use for it (or none). Parsing accepts
//! any spelling of any vendor; [`Vocabulary::spelling`] writes a value back in
//! one vendor's spelling, or returns `None` where that vendor has no name for it.
//! The canonical spelling is AWS's where AWS has one, otherwise Huawei's or
//! Alibaba's; serde writes the canonical spelling and reads any spelling.
//!
//! ```
//! use polykms::{KeySpec, Vendor, Vocabulary};
//!
//! let aws: KeySpec = "SYMMETRIC_DEFAULT".parse()?;
//! let aliyun: KeySpec = "Aliyun_AES_256".parse()?;
//! let huawei: KeySpec = "AES_256".parse()?;
//! assert_eq!(aws, aliyun);
//! assert_eq!(aws, huawei);
//! assert_eq!(KeySpec::EccSecgP256k1.spelling(Vendor::Alibaba), Some("EC_P256K"));
//! assert_eq!(KeySpec::EccNistP521.spelling(Vendor::Huawei), None);
//! # Ok::<(), polykms::Error>(())
//! ```
//!
//! The rules are data as well: which usages a spec allows
//! ([`KeySpec::allowed_usages`]), which algorithms each spec offers for each
//! usage ([`KeySpec::encryption_algorithms`], [`KeySpec::signing_algorithms`],
//! [`KeySpec::mac_algorithms`]) and the size limits ([`limits`],
//! [`EncryptionAlgorithm::max_plaintext_len`], [`SigningAlgorithm::digest_len`]).

mod rules;
mod table;

pub use rules::limits;
pub use table::{
    DataKeyPairSpec, DataKeySpec, EncryptionAlgorithm, KeyAgreementAlgorithm, KeySpec, KeyState,
    KeyUsage, MacAlgorithm, MessageType, Origin, RotationType, SigningAlgorithm, WrappingAlgorithm,
    WrappingKeySpec,
};

use crate::{Error, Result};

/// A cloud KMS whose spellings the vocabulary reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vendor {
    /// AWS KMS.
    Aws,
    /// Alibaba Cloud KMS (API version 2016-01-20).
    Alibaba,
    /// Huawei Cloud KMS (DEW).
    Huawei,
}

impl Vendor {
    /// Every vendor, in a fixed order.
    pub const ALL: [Vendor; 3] = [Vendor::Aws, Vendor::Alibaba, Vendor::Huawei];
}

/// One row of a spelling table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spellings {
    /// The spelling this crate writes (serde, `Display`).
    pub canonical: &'static str,
    /// AWS KMS's spelling, if AWS has the concept.
    pub aws: Option<&'static str>,
    /// Alibaba Cloud KMS's spelling, if Alibaba has (or documents) the concept.
    pub alibaba: Option<&'static str>,
    /// Huawei Cloud KMS's spelling, if Huawei has the concept.
    pub huawei: Option<&'static str>,
}

impl Spellings {
    /// The spelling of one vendor.
    pub fn of(&self, vendor: Vendor) -> Option<&'static str> {
        match vendor {
            Vendor::Aws => self.aws,
            Vendor::Alibaba => self.alibaba,
            Vendor::Huawei => self.huawei,
        }
    }

    fn matches(&self, name: &str) -> bool {
        self.canonical == name
            || self.aws == Some(name)
            || self.alibaba == Some(name)
            || self.huawei == Some(name)
    }
}

/// A closed set of values with vendor spellings (implemented by every type of
/// the vocabulary).
pub trait Vocabulary: Sized + Copy + Eq + 'static {
    /// What the values are, in words ("key spec", "signing algorithm", …).
    const KIND: &'static str;

    /// Every value with its spellings: the table itself.
    fn table() -> &'static [(Self, Spellings)];

    /// Spellings that vendors use for this kind of value but that this crate
    /// does not implement; parsing them gives [`Error::NotImplemented`].
    fn unsupported_spellings() -> &'static [&'static str] {
        &[]
    }

    /// Every value, in table order.
    fn all() -> Vec<Self> {
        Self::table().iter().map(|(value, _)| *value).collect()
    }

    /// This value's row.
    fn spellings(self) -> &'static Spellings {
        Self::table()
            .iter()
            .find(|(value, _)| *value == self)
            .map(|(_, row)| row)
            .expect("every value has a row in its table")
    }

    /// The canonical spelling.
    fn as_str(self) -> &'static str {
        self.spellings().canonical
    }

    /// The spelling one vendor uses, or `None` where it has no name for this value.
    fn spelling(self, vendor: Vendor) -> Option<&'static str> {
        self.spellings().of(vendor)
    }

    /// Reads any vendor's spelling (case-sensitive, as the APIs take them).
    fn parse_name(name: &str) -> Result<Self> {
        if let Some((value, _)) = Self::table().iter().find(|(_, row)| row.matches(name)) {
            return Ok(*value);
        }
        if Self::unsupported_spellings().contains(&name) {
            return Err(Error::NotImplemented {
                feature: format!("{} {name}", Self::KIND),
            });
        }
        Err(Error::UnrecognizedName {
            what: Self::KIND.into(),
            name: crate::error::shortened(name),
        })
    }

    /// Reads only the given vendor's spelling.
    fn parse_vendor(vendor: Vendor, name: &str) -> Result<Self> {
        Self::table()
            .iter()
            .find(|(_, row)| row.of(vendor) == Some(name))
            .map(|(value, _)| *value)
            .ok_or_else(|| Error::UnrecognizedName {
                what: Self::KIND.into(),
                name: crate::error::shortened(name),
            })
    }
}
