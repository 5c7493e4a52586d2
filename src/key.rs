//! Key identifiers, key references, resource names and key metadata.

use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::spec::{
    EncryptionAlgorithm, KeySpec, KeyState, KeyUsage, MacAlgorithm, Origin, SigningAlgorithm,
    limits,
};
use crate::{Error, Result};

/// A key's identifier: a UUID in its usual hyphenated lower-case form.
///
/// It is a small inline value (no heap allocation), so responses can carry it
/// at no cost.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId {
    /// The hyphenated lower-case text; ordering and equality follow it.
    text: [u8; 36],
}

impl KeyId {
    /// A fresh random identifier.
    pub(crate) fn random() -> Self {
        Self::from_bytes(*uuid::Uuid::new_v4().as_bytes())
    }

    /// Reads an identifier; it must be a UUID.
    pub fn parse(text: &str) -> Result<Self> {
        let uuid = uuid::Uuid::try_parse(text).map_err(|_| {
            Error::invalid_argument(
                "key id",
                format!("{:?} is not a UUID", crate::error::shortened(text)),
            )
        })?;
        Ok(Self::from_bytes(*uuid.as_bytes()))
    }

    /// The identifier's 16 bytes (as stored in ciphertext blobs).
    pub(crate) fn to_bytes(self) -> [u8; 16] {
        *uuid::Uuid::parse_str(self.as_str())
            .expect("a KeyId always holds a UUID")
            .as_bytes()
    }

    pub(crate) fn from_bytes(bytes: [u8; 16]) -> Self {
        let mut text = [0u8; 36];
        uuid::Uuid::from_bytes(bytes)
            .hyphenated()
            .encode_lower(&mut text);
        Self { text }
    }

    /// A value to look `text` up with, if it is 36 bytes long. It is not
    /// validated: every stored key id is canonical, so a probe that is not
    /// finds nothing, and the caller falls back to parsing. The probe never
    /// leaves the lookup.
    pub(crate) fn probe(text: &str) -> Option<Self> {
        text.as_bytes().try_into().ok().map(|text| Self { text })
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.text).expect("a KeyId is ASCII")
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.as_str())
    }
}

impl Serialize for KeyId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for KeyId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// The account and region a provider's resource names carry.
///
/// Key resource names look like `arn:{partition}:kms:{region}:{account}:key/{key-id}`
/// and alias resource names like `arn:{partition}:kms:{region}:{account}:alias/{name}`.
/// Alibaba-style names (`acs:kms:{region}:{account}:key/{key-id}`) are accepted too.
/// A resource name for another partition, region or account is not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceNamespace {
    /// The partition (default `aws`).
    pub partition: String,
    /// The region (default `local`).
    pub region: String,
    /// The account (default `000000000000`).
    pub account: String,
}

impl Default for ResourceNamespace {
    fn default() -> Self {
        Self {
            partition: "aws".into(),
            region: "local".into(),
            account: "000000000000".into(),
        }
    }
}

/// What a key reference points at, once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyRef {
    Id(KeyId),
    Alias(String),
}

impl ResourceNamespace {
    /// The resource name of a key.
    pub fn key_arn(&self, key_id: &KeyId) -> String {
        format!("{}key/{key_id}", self.prefix())
    }

    /// The resource name of an alias (`alias_name` includes `alias/`).
    pub fn alias_arn(&self, alias_name: &str) -> String {
        format!("{}{alias_name}", self.prefix())
    }

    fn prefix(&self) -> String {
        format!(
            "arn:{}:kms:{}:{}:",
            self.partition, self.region, self.account
        )
    }

    /// Reads a key reference: a key id, `alias/…`, a key or alias resource name.
    pub(crate) fn parse_reference(&self, text: &str) -> Result<KeyRef> {
        if text.is_empty() {
            return Err(Error::invalid_argument("key id", "must not be empty"));
        }
        if text.len() > limits::MAX_KEY_REFERENCE {
            return Err(Error::invalid_argument(
                "key id",
                format!(
                    "{} bytes; at most {}",
                    text.len(),
                    limits::MAX_KEY_REFERENCE
                ),
            ));
        }
        if text.starts_with("alias/") {
            return Ok(KeyRef::Alias(text.to_owned()));
        }
        let resource = if let Some(rest) = text.strip_prefix("arn:") {
            self.strip_arn(rest, text)?
        } else if let Some(rest) = text.strip_prefix("acs:kms:") {
            self.strip_acs(rest, text)?
        } else {
            return KeyId::parse(text)
                .map(KeyRef::Id)
                .map_err(|_| Error::key_not_found(text));
        };
        if let Some(id) = resource.strip_prefix("key/") {
            return KeyId::parse(id)
                .map(KeyRef::Id)
                .map_err(|_| Error::key_not_found(text));
        }
        if resource.starts_with("alias/") {
            return Ok(KeyRef::Alias(resource.to_owned()));
        }
        Err(Error::invalid_argument(
            "key id",
            format!("{text:?} names neither a key nor an alias"),
        ))
    }

    fn strip_arn<'a>(&self, rest: &'a str, whole: &str) -> Result<&'a str> {
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        match parts.as_slice() {
            [partition, "kms", region, account, resource] => {
                if *partition == self.partition
                    && *region == self.region
                    && *account == self.account
                {
                    Ok(resource)
                } else {
                    Err(Error::key_not_found(whole))
                }
            }
            _ => Err(Error::invalid_argument(
                "key id",
                format!("{whole:?} is not a KMS resource name"),
            )),
        }
    }

    fn strip_acs<'a>(&self, rest: &'a str, whole: &str) -> Result<&'a str> {
        match rest.split_once(':').and_then(|(r, tail)| {
            let (account, resource) = tail.split_once(':')?;
            Some((r, account, resource))
        }) {
            Some((region, account, resource)) => {
                if region == self.region && account == self.account {
                    Ok(resource)
                } else {
                    Err(Error::key_not_found(whole))
                }
            }
            None => Err(Error::invalid_argument(
                "key id",
                format!("{whole:?} is not a KMS resource name"),
            )),
        }
    }
}

/// A tag on a key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tag {
    /// The tag key (1–128 characters; the `aws:` prefix is reserved).
    pub key: String,
    /// The tag value (0–256 characters).
    pub value: String,
}

impl Tag {
    /// A tag.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Everything known about a key except its material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyMetadata {
    /// The key's identifier.
    pub key_id: KeyId,
    /// The key's resource name.
    pub arn: String,
    /// When the key was created.
    pub creation_date: SystemTime,
    /// The key's state.
    pub key_state: KeyState,
    /// The key's spec.
    pub key_spec: KeySpec,
    /// The key's usage.
    pub key_usage: KeyUsage,
    /// Where the key material came from.
    pub origin: Origin,
    /// The description (possibly empty).
    pub description: String,
    /// When the key will be deleted, if deletion is scheduled.
    pub deletion_date: Option<SystemTime>,
    /// The deletion window, if deletion is scheduled.
    pub pending_deletion_window_in_days: Option<u32>,
    /// Encryption algorithms the key supports (empty unless ENCRYPT_DECRYPT).
    pub encryption_algorithms: Vec<EncryptionAlgorithm>,
    /// Signing algorithms the key supports (empty unless SIGN_VERIFY).
    pub signing_algorithms: Vec<SigningAlgorithm>,
    /// MAC algorithms the key supports (empty unless GENERATE_VERIFY_MAC).
    pub mac_algorithms: Vec<MacAlgorithm>,
    /// The version of the key material that encrypts, signs and MACs now
    /// (1 until the first rotation); `None` while the key has no material
    /// (pending import).
    pub current_key_version: Option<u32>,
    /// The oldest material version whose ciphertexts still decrypt (1
    /// unless versions were retired).
    pub minimum_decryption_version: u32,
    /// When imported key material expires, if it does.
    pub valid_to: Option<SystemTime>,
    /// Whether the key holds an imported public key alone (it verifies and
    /// encrypts but cannot sign or decrypt).
    pub public_key_only: bool,
}

impl KeyMetadata {
    /// Whether the key is enabled.
    pub fn enabled(&self) -> bool {
        self.key_state == KeyState::Enabled
    }
}

/// One key in a [`ListKeysPage`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyListEntry {
    /// The key's identifier.
    pub key_id: KeyId,
    /// The key's resource name.
    pub key_arn: String,
}

/// One page of keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListKeysPage {
    /// The keys on this page, ordered by key id.
    pub keys: Vec<KeyListEntry>,
    /// Pass this as the marker to get the next page; `None` on the last page.
    pub next_marker: Option<String>,
}

/// An alias and the key it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AliasEntry {
    /// The alias name, `alias/…`.
    pub alias_name: String,
    /// The alias resource name.
    pub alias_arn: String,
    /// The key the alias points at.
    pub target_key_id: KeyId,
    /// When the alias was created.
    pub creation_date: SystemTime,
    /// When the alias was last pointed at a key.
    pub last_updated_date: SystemTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_of_every_form_are_read() {
        let ns = ResourceNamespace::default();
        let id = KeyId::random();
        let arn = ns.key_arn(&id);
        assert_eq!(ns.parse_reference(id.as_str()).unwrap(), KeyRef::Id(id));
        assert_eq!(ns.parse_reference(&arn).unwrap(), KeyRef::Id(id));
        let acs = format!("acs:kms:local:000000000000:key/{id}");
        assert_eq!(ns.parse_reference(&acs).unwrap(), KeyRef::Id(id));
        assert_eq!(
            ns.parse_reference("alias/app").unwrap(),
            KeyRef::Alias("alias/app".into())
        );
        let alias_arn = ns.alias_arn("alias/app");
        assert_eq!(
            ns.parse_reference(&alias_arn).unwrap(),
            KeyRef::Alias("alias/app".into())
        );
    }

    #[test]
    fn references_to_other_accounts_are_not_found() {
        let ns = ResourceNamespace::default();
        let other = format!("arn:aws:kms:us-east-1:111122223333:key/{}", KeyId::random());
        assert!(matches!(
            ns.parse_reference(&other),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            ns.parse_reference("not-a-key"),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            ns.parse_reference(""),
            Err(Error::InvalidArgument { .. })
        ));
        assert!(matches!(
            ns.parse_reference("arn:aws:s3:::bucket"),
            Err(Error::InvalidArgument { .. })
        ));
    }

    #[test]
    fn key_ids_round_trip_through_bytes() {
        let id = KeyId::random();
        assert_eq!(KeyId::from_bytes(id.to_bytes()), id);
        assert_eq!(
            KeyId::parse("1234ABCD-12AB-34CD-56EF-1234567890AB")
                .unwrap()
                .as_str(),
            "1234abcd-12ab-34cd-56ef-1234567890ab"
        );
    }
}
