//! The structured values of Alibaba's parameters: tags and encryption
//! contexts (JSON in a string), rotation intervals (`365d`, `31536000s`),
//! and the `KeyVersionId` of a key's material version.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::key::Tag;
use crate::{EncryptionContext, limits};

/// A parameter whose text cannot be read as its type, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the specified parameter {parameter:?} is not valid: {reason}")]
#[non_exhaustive]
pub struct InvalidParameter {
    /// The parameter's name.
    pub parameter: &'static str,
    /// What is wrong.
    pub reason: String,
}

impl InvalidParameter {
    fn new(parameter: &'static str, reason: impl Into<String>) -> Self {
        Self {
            parameter,
            reason: reason.into(),
        }
    }
}

/// A tag as Alibaba writes it, in `Tags` parameters and in `ListResourceTags`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct TagEntry {
    /// The tag's key.
    #[serde(default)]
    pub tag_key: String,
    /// The tag's value.
    #[serde(default)]
    pub tag_value: String,
}

/// Reads a `Tags` parameter, a JSON array of `{"TagKey", "TagValue"}`
/// objects (absent or empty: no tags). `parameter` names it in the error.
///
/// ```
/// use polykms::wire::alibaba::{format_tags, parse_tags};
///
/// let tags = parse_tags("Tags", Some(r#"[{"TagKey":"team","TagValue":"payments"}]"#))?;
/// assert_eq!((tags[0].key.as_str(), tags[0].value.as_str()), ("team", "payments"));
/// assert_eq!(format_tags(&tags), r#"[{"TagKey":"team","TagValue":"payments"}]"#);
/// assert!(parse_tags("Tags", Some("team=payments")).is_err());
/// # Ok::<(), polykms::wire::alibaba::InvalidParameter>(())
/// ```
pub fn parse_tags(
    parameter: &'static str,
    text: Option<&str>,
) -> Result<Vec<Tag>, InvalidParameter> {
    let Some(text) = text.filter(|t| !t.trim().is_empty() && t.trim() != "null") else {
        return Ok(Vec::new());
    };
    let entries: Vec<TagEntry> = serde_json::from_str(text).map_err(|e| {
        InvalidParameter::new(
            parameter,
            format!("not a JSON array of {{\"TagKey\",\"TagValue\"}} objects: {e}"),
        )
    })?;
    Ok(entries
        .into_iter()
        .map(|e| Tag::new(e.tag_key, e.tag_value))
        .collect())
}

/// Writes tags as a `Tags` parameter.
pub fn format_tags(tags: &[Tag]) -> String {
    let entries: Vec<TagEntry> = tags
        .iter()
        .map(|t| TagEntry {
            tag_key: t.key.clone(),
            tag_value: t.value.clone(),
        })
        .collect();
    serde_json::to_string(&entries).unwrap_or_default()
}

/// Reads a JSON-array-of-strings parameter (`TagKeys`).
pub fn parse_string_list(
    parameter: &'static str,
    text: Option<&str>,
) -> Result<Vec<String>, InvalidParameter> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    serde_json::from_str(text)
        .map_err(|e| InvalidParameter::new(parameter, format!("not a JSON array of strings: {e}")))
}

/// Reads an encryption context parameter (`EncryptionContext`,
/// `SourceEncryptionContext`, …), a JSON object of strings; absent or
/// empty is `None`. The crate's limits apply (entries and bytes).
///
/// ```
/// use polykms::wire::alibaba::{format_encryption_context, parse_encryption_context};
///
/// let context = parse_encryption_context("EncryptionContext", Some(r#"{"purpose":"test"}"#))?.unwrap();
/// assert_eq!(context.get("purpose"), Some("test"));
/// assert_eq!(format_encryption_context(&context), r#"{"purpose":"test"}"#);
/// assert!(parse_encryption_context("EncryptionContext", Some(r#"{"n":1}"#)).is_err());
/// # Ok::<(), polykms::wire::alibaba::InvalidParameter>(())
/// ```
pub fn parse_encryption_context(
    parameter: &'static str,
    text: Option<&str>,
) -> Result<Option<EncryptionContext>, InvalidParameter> {
    // The V3 SDK sends an absent context as `null`.
    let Some(text) = text.filter(|t| !t.trim().is_empty() && t.trim() != "null") else {
        return Ok(None);
    };
    let pairs: std::collections::BTreeMap<String, String> =
        serde_json::from_str(text).map_err(|e| {
            InvalidParameter::new(parameter, format!("not a JSON object of strings: {e}"))
        })?;
    if pairs.len() > limits::MAX_CONTEXT_ENTRIES {
        return Err(InvalidParameter::new(
            parameter,
            format!("more than {} entries", limits::MAX_CONTEXT_ENTRIES),
        ));
    }
    Ok(Some(pairs.into_iter().collect()))
}

/// Writes an encryption context as its parameter.
pub fn format_encryption_context(context: &EncryptionContext) -> String {
    serde_json::to_string(context).unwrap_or_default()
}

/// A rotation interval, as `RotationInterval` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RotationInterval(Duration);

impl RotationInterval {
    /// The interval of `days` days.
    pub fn from_days(days: u32) -> Self {
        Self(Duration::from_secs(u64::from(days) * 86_400))
    }

    /// The interval.
    pub fn duration(self) -> Duration {
        self.0
    }

    /// The interval in whole days, rounded up (the crate's rotation periods
    /// are days).
    pub fn days(self) -> u32 {
        u32::try_from(self.0.as_secs().div_ceil(86_400)).unwrap_or(u32::MAX)
    }
}

/// Reads a `RotationInterval`: a number of days (`365d`), hours (`168h`),
/// minutes (`10080m`) or seconds (`31536000s`), the units Alibaba's SDK
/// documents, from 7 days to 730 days (Alibaba's range).
///
/// ```
/// use polykms::wire::alibaba::{format_rotation_interval, parse_rotation_interval};
///
/// assert_eq!(parse_rotation_interval("365d")?.days(), 365);
/// assert_eq!(parse_rotation_interval("604800s")?.days(), 7);
/// assert_eq!(format_rotation_interval(parse_rotation_interval("30d")?), "2592000s");
/// assert!(parse_rotation_interval("6d").is_err());
/// assert!(parse_rotation_interval("1y").is_err());
/// # Ok::<(), polykms::wire::alibaba::InvalidParameter>(())
/// ```
pub fn parse_rotation_interval(text: &str) -> Result<RotationInterval, InvalidParameter> {
    const PARAMETER: &str = "RotationInterval";
    let invalid = |reason: String| InvalidParameter::new(PARAMETER, reason);
    let text = text.trim();
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let scale = match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        "s" => 1,
        _ => {
            return Err(invalid(format!(
                "{text:?} is not days (365d), hours, minutes or seconds (31536000s)"
            )));
        }
    };
    let seconds = number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| invalid(format!("{text:?} is not a whole number and a unit")))?;
    let (min, max) = (7 * 86_400, 730 * 86_400);
    if !(min..=max).contains(&seconds) {
        return Err(invalid(format!("{text:?} is not between 7 and 730 days")));
    }
    Ok(RotationInterval(Duration::from_secs(seconds)))
}

/// Writes a rotation interval as Alibaba answers it: seconds, `31536000s`.
pub fn format_rotation_interval(interval: RotationInterval) -> String {
    format!("{}s", interval.0.as_secs())
}

/// The namespace of key version ids (a UUID of its own, so that no other
/// name-based UUID collides with them).
const KEY_VERSION_NAMESPACE: uuid::Uuid = uuid::uuid!("5b0c3f0e-8a4f-4c5e-9c61-7f1e2d3a4b5c");

/// The `KeyVersionId` of material version `version` of key `key_id`: a
/// name-based UUID (version 5) of the key id and version number. It is a
/// pure function of what the store keeps (the key id and its versions), so
/// it is the same in every process, across restarts and compactions, and
/// no two versions of any keys share one.
///
/// ```
/// use polykms::wire::alibaba::{key_version_id, version_of_id};
///
/// let id = key_version_id("1234abcd-12ab-34cd-56ef-1234567890ab", 2);
/// assert_eq!(id.len(), 36);
/// assert_eq!(id, key_version_id("1234abcd-12ab-34cd-56ef-1234567890ab", 2));
/// assert_ne!(id, key_version_id("1234abcd-12ab-34cd-56ef-1234567890ab", 1));
/// assert_eq!(version_of_id("1234abcd-12ab-34cd-56ef-1234567890ab", &id, 1..=3), Some(2));
/// ```
pub fn key_version_id(key_id: &str, version: u32) -> String {
    let name = format!("{key_id}/{version}");
    uuid::Uuid::new_v5(&KEY_VERSION_NAMESPACE, name.as_bytes()).to_string()
}

/// Which of `versions` of key `key_id` the `KeyVersionId` `id` names
/// (case-insensitive), if any.
pub fn version_of_id(
    key_id: &str,
    id: &str,
    versions: impl IntoIterator<Item = u32>,
) -> Option<u32> {
    versions
        .into_iter()
        .find(|&v| key_version_id(key_id, v).eq_ignore_ascii_case(id))
}
