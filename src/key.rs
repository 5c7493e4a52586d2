//! Key identifiers, key references, resource names and key metadata.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::spec::{
    EncryptionAlgorithm, KeyAgreementAlgorithm, KeySpec, KeyState, KeyUsage, MacAlgorithm, Origin,
    SigningAlgorithm, limits,
};
use crate::{Error, Result};

/// A key's identifier, as the provider that holds the key names it.
///
/// Local providers mint UUIDs (`1234abcd-12ab-34cd-56ef-1234567890ab`); the
/// clouds also hand out other forms: AWS multi-Region keys are `mrk-` and 32
/// hex digits, keys in an Alibaba Cloud KMS instance are `key-…`. A key id is
/// 1 to [`limits::MAX_KEY_ID_CHARS`] ASCII letters, digits, hyphens and
/// underscores. A UUID is kept in its hyphenated lower-case form (an
/// upper-case UUID reads as the same id); any other id is kept as given,
/// case and all.
///
/// ```
/// use polykms::KeyId;
///
/// let uuid = KeyId::parse("1234ABCD-12AB-34CD-56EF-1234567890AB")?;
/// assert_eq!(uuid.as_str(), "1234abcd-12ab-34cd-56ef-1234567890ab");
/// assert!(uuid.is_uuid());
///
/// let multi_region = KeyId::parse("mrk-1234abcd12ab34cd56ef1234567890ab")?;
/// assert_eq!(multi_region.as_str(), "mrk-1234abcd12ab34cd56ef1234567890ab");
/// assert!(!multi_region.is_uuid());
///
/// assert!(KeyId::parse("alias/app").is_err()); // a reference, not an id
/// # Ok::<(), polykms::Error>(())
/// ```
///
/// A UUID is held inline (cloning copies 36 bytes); another id shares one
/// allocation between its clones. Equality, ordering and hashing follow the
/// text.
#[derive(Clone)]
pub struct KeyId(Repr);

#[derive(Clone)]
enum Repr {
    /// The hyphenated lower-case text of a UUID.
    Uuid([u8; 36]),
    /// Any other id, as given.
    Other(Arc<str>),
}

impl KeyId {
    /// A fresh random identifier (a version 4 UUID).
    pub(crate) fn random() -> Self {
        Self::from_uuid_bytes(*uuid::Uuid::new_v4().as_bytes())
    }

    /// Reads an identifier: a UUID, or any other id of the allowed
    /// characters and length.
    pub fn parse(text: &str) -> Result<Self> {
        if text.len() == 36
            && let Ok(uuid) = uuid::Uuid::try_parse(text)
        {
            return Ok(Self::from_uuid_bytes(*uuid.as_bytes()));
        }
        let invalid = |reason: &str| {
            Error::invalid_argument(
                "key id",
                format!("{:?} {reason}", crate::error::shortened(text)),
            )
        };
        if text.is_empty() || text.len() > limits::MAX_KEY_ID_CHARS {
            return Err(invalid(&format!(
                "is not 1 to {} characters long",
                limits::MAX_KEY_ID_CHARS
            )));
        }
        if !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(invalid(
                "has a character other than ASCII letters, digits, '-' and '_'",
            ));
        }
        Ok(Self(Repr::Other(Arc::from(text))))
    }

    /// Whether the id is a UUID (as every id a local provider mints is).
    pub fn is_uuid(&self) -> bool {
        matches!(self.0, Repr::Uuid(_))
    }

    /// The UUID's 16 bytes (as a local ciphertext blob and import token
    /// carry them); `None` for an id that is not a UUID.
    pub(crate) fn uuid_bytes(&self) -> Option<[u8; 16]> {
        match &self.0 {
            Repr::Uuid(text) => {
                let text = std::str::from_utf8(text).expect("a UUID is ASCII");
                Some(*uuid::Uuid::parse_str(text).expect("a UUID").as_bytes())
            }
            Repr::Other(_) => None,
        }
    }

    pub(crate) fn from_uuid_bytes(bytes: [u8; 16]) -> Self {
        let mut text = [0u8; 36];
        uuid::Uuid::from_bytes(bytes)
            .hyphenated()
            .encode_lower(&mut text);
        Self(Repr::Uuid(text))
    }

    /// A value to look `text` up with, if it is 36 bytes long. It is not
    /// validated: every stored UUID key id is canonical, so a probe that is
    /// not finds nothing, and the caller falls back to parsing. The probe
    /// never leaves the lookup.
    pub(crate) fn probe(text: &str) -> Option<Self> {
        text.as_bytes()
            .try_into()
            .ok()
            .map(|text| Self(Repr::Uuid(text)))
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Uuid(text) => std::str::from_utf8(text).expect("a UUID is ASCII"),
            Repr::Other(text) => text,
        }
    }

    /// The text's bytes (no UTF-8 check: comparisons and hashing use them).
    fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Uuid(text) => text,
            Repr::Other(text) => text.as_bytes(),
        }
    }
}

impl PartialEq for KeyId {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for KeyId {}

impl PartialOrd for KeyId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KeyId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl std::hash::Hash for KeyId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl std::str::FromStr for KeyId {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Self::parse(text)
    }
}

impl From<KeyId> for String {
    fn from(id: KeyId) -> Self {
        id.as_str().to_owned()
    }
}

impl From<&KeyId> for String {
    fn from(id: &KeyId) -> Self {
        id.as_str().to_owned()
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
    /// A namespace of its own partition, region and account.
    pub fn new(
        partition: impl Into<String>,
        region: impl Into<String>,
        account: impl Into<String>,
    ) -> Self {
        Self {
            partition: partition.into(),
            region: region.into(),
            account: account.into(),
        }
    }

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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Key agreement algorithms the key supports (empty unless KEY_AGREEMENT).
    pub key_agreement_algorithms: Vec<KeyAgreementAlgorithm>,
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
    /// The metadata of an enabled key with generated material (origin
    /// `AWS_KMS`, material version 1, no description), listing the
    /// algorithms `key_spec` offers for `key_usage`. Set the other fields
    /// directly; this is for providers and mocks outside the crate.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use polykms::{KeyId, KeyMetadata, KeySpec, KeyUsage, SigningAlgorithm};
    ///
    /// let id = KeyId::parse("mrk-1234abcd12ab34cd56ef1234567890ab")?;
    /// let arn = format!("arn:aws:kms:eu-west-1:111122223333:key/{id}");
    /// let mut meta = KeyMetadata::new(id, arn, SystemTime::now(), KeySpec::EccNistP256, KeyUsage::SignVerify);
    /// meta.description = "release signing".into();
    /// assert_eq!(meta.signing_algorithms, [SigningAlgorithm::EcdsaSha256]);
    /// # Ok::<(), polykms::Error>(())
    /// ```
    pub fn new(
        key_id: KeyId,
        arn: impl Into<String>,
        creation_date: SystemTime,
        key_spec: KeySpec,
        key_usage: KeyUsage,
    ) -> Self {
        let (encryption_algorithms, signing_algorithms, mac_algorithms) =
            algorithms_of_usage(key_spec, key_usage);
        Self {
            key_id,
            arn: arn.into(),
            creation_date,
            key_state: KeyState::Enabled,
            key_spec,
            key_usage,
            origin: Origin::Kms,
            description: String::new(),
            deletion_date: None,
            pending_deletion_window_in_days: None,
            encryption_algorithms,
            signing_algorithms,
            mac_algorithms,
            key_agreement_algorithms: key_agreement_algorithms_of(key_spec, key_usage),
            current_key_version: Some(1),
            minimum_decryption_version: 1,
            valid_to: None,
            public_key_only: false,
        }
    }

    /// Whether the key is enabled.
    pub fn enabled(&self) -> bool {
        self.key_state == KeyState::Enabled
    }
}

/// The encryption, signing and MAC algorithms `spec` offers for `usage`
/// (two or three of them are empty), as metadata and public keys list them.
pub(crate) fn algorithms_of_usage(
    spec: KeySpec,
    usage: KeyUsage,
) -> (
    Vec<EncryptionAlgorithm>,
    Vec<SigningAlgorithm>,
    Vec<MacAlgorithm>,
) {
    match usage {
        KeyUsage::EncryptDecrypt => (spec.encryption_algorithms().to_vec(), vec![], vec![]),
        KeyUsage::SignVerify => (vec![], spec.signing_algorithms().to_vec(), vec![]),
        KeyUsage::GenerateVerifyMac => (vec![], vec![], spec.mac_algorithms().to_vec()),
        KeyUsage::KeyAgreement => (vec![], vec![], vec![]),
    }
}

/// The key agreement algorithms `spec` offers for `usage` (empty unless
/// KEY_AGREEMENT), as metadata and public keys list them.
pub(crate) fn key_agreement_algorithms_of(
    spec: KeySpec,
    usage: KeyUsage,
) -> Vec<KeyAgreementAlgorithm> {
    if usage == KeyUsage::KeyAgreement {
        spec.key_agreement_algorithms().to_vec()
    } else {
        vec![]
    }
}

/// One key in a [`ListKeysPage`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyListEntry {
    /// The key's identifier.
    pub key_id: KeyId,
    /// The key's resource name.
    pub key_arn: String,
}

impl KeyListEntry {
    /// An entry.
    pub fn new(key_id: KeyId, key_arn: impl Into<String>) -> Self {
        Self {
            key_id,
            key_arn: key_arn.into(),
        }
    }
}

/// One page of keys.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListKeysPage {
    /// The keys on this page, ordered by key id.
    pub keys: Vec<KeyListEntry>,
    /// Pass this as the marker to get the next page; `None` on the last page.
    pub next_marker: Option<String>,
}

impl ListKeysPage {
    /// A page; `next_marker` is `None` on the last one.
    pub fn new(keys: Vec<KeyListEntry>, next_marker: Option<String>) -> Self {
        Self { keys, next_marker }
    }
}

/// One page of aliases ([`KeyManager::list_aliases`](crate::KeyManager::list_aliases)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListAliasesPage {
    /// The aliases on this page, ordered by name.
    pub aliases: Vec<AliasEntry>,
    /// Pass this as the marker to get the next page; `None` on the last page.
    pub next_marker: Option<String>,
}

impl ListAliasesPage {
    /// A page; `next_marker` is `None` on the last one.
    pub fn new(aliases: Vec<AliasEntry>, next_marker: Option<String>) -> Self {
        Self {
            aliases,
            next_marker,
        }
    }
}

/// One page of a key's tags ([`KeyManager::list_resource_tags`](crate::KeyManager::list_resource_tags)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListResourceTagsPage {
    /// The tags on this page, ordered by tag key.
    pub tags: Vec<Tag>,
    /// Pass this as the marker to get the next page; `None` on the last page.
    pub next_marker: Option<String>,
}

impl ListResourceTagsPage {
    /// A page; `next_marker` is `None` on the last one.
    pub fn new(tags: Vec<Tag>, next_marker: Option<String>) -> Self {
        Self { tags, next_marker }
    }
}

/// An alias and the key it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl AliasEntry {
    /// An alias created (and last updated) at `creation_date`.
    pub fn new(
        alias_name: impl Into<String>,
        alias_arn: impl Into<String>,
        target_key_id: KeyId,
        creation_date: SystemTime,
    ) -> Self {
        Self {
            alias_name: alias_name.into(),
            alias_arn: alias_arn.into(),
            target_key_id,
            creation_date,
            last_updated_date: creation_date,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_of_every_form_are_read() {
        let ns = ResourceNamespace::default();
        let id = KeyId::random();
        let arn = ns.key_arn(&id);
        assert_eq!(
            ns.parse_reference(id.as_str()).unwrap(),
            KeyRef::Id(id.clone())
        );
        assert_eq!(ns.parse_reference(&arn).unwrap(), KeyRef::Id(id.clone()));
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
        // Text that cannot be a key id of any vendor names no key; text
        // that can ("not-a-key") is looked up, and not found, by the engine.
        assert!(matches!(
            ns.parse_reference("not a key"),
            Err(Error::NotFound { .. })
        ));
        assert_eq!(
            ns.parse_reference("not-a-key").unwrap(),
            KeyRef::Id(KeyId::parse("not-a-key").unwrap())
        );
        assert!(matches!(
            ns.parse_reference(""),
            Err(Error::InvalidArgument { .. })
        ));
        assert!(matches!(
            ns.parse_reference("arn:aws:s3:::bucket"),
            Err(Error::InvalidArgument { .. })
        ));
    }

    /// The ids other vendors hand out parse, round-trip through every
    /// reference form, and keep their case; what is no id is refused.
    #[test]
    fn key_ids_of_every_vendor() {
        let ns = ResourceNamespace::new("aws", "eu-west-1", "111122223333");
        for text in [
            "mrk-1234abcd12ab34cd56ef1234567890ab",
            "key-hzz630494463ejqjx1234",
            "Key_With-Case",
        ] {
            let id = KeyId::parse(text).unwrap();
            assert_eq!(id.as_str(), text);
            assert!(!id.is_uuid());
            assert_eq!(id.uuid_bytes(), None);
            assert_eq!(ns.parse_reference(text).unwrap(), KeyRef::Id(id.clone()));
            let arn = ns.key_arn(&id);
            assert_eq!(
                arn,
                format!("arn:aws:kms:eu-west-1:111122223333:key/{text}")
            );
            assert_eq!(ns.parse_reference(&arn).unwrap(), KeyRef::Id(id.clone()));
            let acs = format!("acs:kms:eu-west-1:111122223333:key/{text}");
            assert_eq!(ns.parse_reference(&acs).unwrap(), KeyRef::Id(id.clone()));
            assert_eq!(text.parse::<KeyId>().unwrap(), id);
        }
        let longest = "k".repeat(limits::MAX_KEY_ID_CHARS);
        assert_eq!(KeyId::parse(&longest).unwrap().as_str(), longest);
        for bad in [
            "",
            "has space",
            "slash/y",
            "é",
            &"k".repeat(limits::MAX_KEY_ID_CHARS + 1),
        ] {
            assert!(
                matches!(KeyId::parse(bad), Err(Error::InvalidArgument { .. })),
                "{bad:?}"
            );
        }
        // Ordering and equality follow the text, whichever form holds it.
        let uuid = KeyId::parse("00000000-0000-4000-8000-000000000000").unwrap();
        let mrk = KeyId::parse("mrk-0").unwrap();
        assert!(uuid < mrk);
        assert_ne!(uuid, mrk);
    }

    #[test]
    fn key_ids_round_trip_through_bytes() {
        let id = KeyId::random();
        assert_eq!(KeyId::from_uuid_bytes(id.uuid_bytes().unwrap()), id);
        assert_eq!(
            KeyId::parse("1234ABCD-12AB-34CD-56EF-1234567890AB")
                .unwrap()
                .as_str(),
            "1234abcd-12ab-34cd-56ef-1234567890ab"
        );
    }
}
