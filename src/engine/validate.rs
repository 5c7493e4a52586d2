//! Argument rules: alias names, tags, descriptions, sizes.

use crate::key::Tag;
use crate::spec::limits;
use crate::{Error, Result};

/// Alias rules, the union of the vendors' restrictions so that an alias valid
/// here is valid on every cloud that takes the `alias/` form: the prefix
/// `alias/`, a non-empty name after it, at most 256 characters in all,
/// letters, digits and `/ _ -` only (AWS's API pattern also lets `:`
/// through, but AWS and Alibaba refuse it), and not the reserved prefixes
/// `alias/aws/` (AWS) or `alias/acs/` (Alibaba).
pub(crate) fn alias_name(alias: &str) -> Result<()> {
    let bad = |reason: &str| {
        Err(Error::InvalidAliasName {
            alias: crate::error::shortened(alias),
            reason: reason.into(),
        })
    };
    // Checked first, in bytes, so that a huge name costs nothing: a valid
    // alias is ASCII, so its bytes are its characters.
    if alias.len() > limits::MAX_ALIAS_CHARS {
        return bad("an alias has at most 256 characters");
    }
    let Some(name) = alias.strip_prefix("alias/") else {
        return bad("an alias must start with \"alias/\"");
    };
    if name.is_empty() {
        return bad("the name after \"alias/\" must not be empty");
    }
    if !alias
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-'))
    {
        return bad("an alias may contain only letters, digits, '/', '_' and '-'");
    }
    if alias.starts_with("alias/aws/") || alias.starts_with("alias/acs/") {
        return bad("the prefixes \"alias/aws/\" and \"alias/acs/\" are reserved");
    }
    Ok(())
}

/// Tag rules: key 1–128 characters, not starting with `aws:`; value 0–256 characters.
pub(crate) fn tag(tag: &Tag) -> Result<()> {
    if tag.key.is_empty() || over_chars(&tag.key, limits::MAX_TAG_KEY_CHARS) {
        return Err(Error::invalid_argument(
            "tag key",
            format!(
                "{:?} must have 1 to {} characters",
                crate::error::shortened(&tag.key),
                limits::MAX_TAG_KEY_CHARS
            ),
        ));
    }
    if tag.key.starts_with("aws:") {
        return Err(Error::invalid_argument(
            "tag key",
            format!("{:?}: the prefix \"aws:\" is reserved", tag.key),
        ));
    }
    if over_chars(&tag.value, limits::MAX_TAG_VALUE_CHARS) {
        return Err(Error::invalid_argument(
            "tag value",
            format!(
                "the value of {:?} has more than {} characters",
                tag.key,
                limits::MAX_TAG_VALUE_CHARS
            ),
        ));
    }
    Ok(())
}

/// Tags of one request: at most [`limits::MAX_TAGS_PER_KEY`] (counted
/// before anything else, so the duplicate check below stays small), each
/// valid, no key twice.
pub(crate) fn tags(tags: &[Tag]) -> Result<()> {
    if tags.len() > limits::MAX_TAGS_PER_KEY {
        return Err(Error::LimitExceeded {
            what: "tags per key".into(),
            limit: limits::MAX_TAGS_PER_KEY,
        });
    }
    for (i, t) in tags.iter().enumerate() {
        tag(t)?;
        if tags[..i].iter().any(|earlier| earlier.key == t.key) {
            return Err(Error::invalid_argument(
                "tags",
                format!("tag key {:?} appears twice", t.key),
            ));
        }
    }
    Ok(())
}

/// Description: at most 8192 characters.
pub(crate) fn description(description: &str) -> Result<()> {
    if over_chars(description, limits::MAX_DESCRIPTION_CHARS) {
        return Err(Error::invalid_argument(
            "description",
            format!(
                "{} bytes; at most {} characters",
                description.len(),
                limits::MAX_DESCRIPTION_CHARS
            ),
        ));
    }
    Ok(())
}

/// Whether `text` has more than `max` characters. A character is at most 4
/// bytes, so a string longer than `4 * max` bytes is judged by its length
/// alone, without being read.
fn over_chars(text: &str, max: usize) -> bool {
    text.len() > 4 * max || text.chars().count() > max
}

/// A byte length within `1..=max`.
pub(crate) fn length(name: &'static str, len: usize, max: usize) -> Result<()> {
    if len == 0 || len > max {
        return Err(Error::invalid_argument(
            name,
            format!("{len} bytes; must be 1 to {max} bytes"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_rules() {
        for good in ["alias/app", "alias/a", "alias/team/app-1_x/y"] {
            alias_name(good).unwrap();
        }
        let long = format!("alias/{}", "a".repeat(251));
        assert_eq!(long.len(), 257);
        for bad in [
            "app",
            "alias/",
            "alias/aws/thing",
            "alias/acs/thing",
            "alias/sp ace",
            "alias/ünïcode",
            "alias/semi;colon",
            "alias/app:prod",
            long.as_str(),
        ] {
            assert!(
                matches!(alias_name(bad), Err(Error::InvalidAliasName { .. })),
                "{bad}"
            );
        }
        alias_name(&long[..256]).unwrap();
    }

    #[test]
    fn tag_rules() {
        tag(&Tag::new("k", "")).unwrap();
        tag(&Tag::new("k".repeat(128), "v".repeat(256))).unwrap();
        assert!(tag(&Tag::new("", "v")).is_err());
        assert!(tag(&Tag::new("k".repeat(129), "v")).is_err());
        assert!(tag(&Tag::new("k", "v".repeat(257))).is_err());
        assert!(tag(&Tag::new("aws:owner", "v")).is_err());
        assert!(tags(&[Tag::new("a", "1"), Tag::new("a", "2")]).is_err());
    }
}
