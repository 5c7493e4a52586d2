//! The model's constraints on request members (lengths, ranges, patterns,
//! enumerations the crate's vocabulary does not cover), checked before
//! anything else and reported the way AWS reports them: one
//! `ValidationException` listing every failure.

use super::CallError;
use crate::wire::aws::Tag;

/// The longest key reference (`KeyIdType`).
const KEY_ID_MAX: usize = 2048;
/// Grant tokens: at most this many (`GrantTokenList`) …
const GRANT_TOKENS_MAX: usize = 10;
/// … of at most this many characters each (`GrantTokenType`).
const GRANT_TOKEN_MAX: usize = 8192;

/// The failures found so far.
#[derive(Debug, Default)]
pub(super) struct Check {
    failures: Vec<String>,
}

impl Check {
    /// `Ok` if nothing failed, else `ValidationException` naming every
    /// failure, as AWS words it.
    pub(super) fn finish(self) -> Result<(), CallError> {
        match self.failures.len() {
            0 => Ok(()),
            n => {
                let s = if n == 1 { "" } else { "s" };
                let list = self.failures.join("; ");
                Err(CallError::Invalid(format!(
                    "{n} validation error{s} detected: {list}"
                )))
            }
        }
    }

    fn fail(&mut self, member: &str, value: Option<String>, constraint: &str) {
        let value = value.map_or_else(String::new, |v| format!(" '{v}'"));
        self.failures.push(format!(
            "Value{value} at '{}' failed to satisfy constraint: Member must {constraint}",
            camel(member)
        ));
    }

    fn length(&mut self, member: &str, len: usize, min: usize, max: usize) {
        if len < min {
            self.fail(
                member,
                None,
                &format!("have length greater than or equal to {min}"),
            );
        } else if len > max {
            self.fail(
                member,
                None,
                &format!("have length less than or equal to {max}"),
            );
        }
    }

    /// A string member of `min`–`max` characters.
    pub(super) fn text(&mut self, member: &str, value: Option<&str>, min: usize, max: usize) {
        if let Some(value) = value {
            self.length(member, value.chars().count(), min, max);
        }
    }

    /// A key reference (`KeyIdType`: 1–2048 characters).
    pub(super) fn key_id(&mut self, member: &str, value: Option<&str>) {
        self.text(member, value, 1, KEY_ID_MAX);
    }

    /// A blob member of `min`–`max` bytes.
    pub(super) fn bytes(&mut self, member: &str, value: Option<&[u8]>, min: usize, max: usize) {
        if let Some(value) = value {
            self.length(member, value.len(), min, max);
        }
    }

    /// A list member of `min`–`max` items.
    pub(super) fn items<T>(&mut self, member: &str, value: Option<&[T]>, min: usize, max: usize) {
        if let Some(value) = value {
            self.length(member, value.len(), min, max);
        }
    }

    /// An integer member in `min..=max`.
    pub(super) fn number(&mut self, member: &str, value: Option<i32>, min: i32, max: i32) {
        match value {
            Some(n) if n < min => self.fail(
                member,
                Some(n.to_string()),
                &format!("have value greater than or equal to {min}"),
            ),
            Some(n) if n > max => self.fail(
                member,
                Some(n.to_string()),
                &format!("have value less than or equal to {max}"),
            ),
            _ => {}
        }
    }

    /// A string member of an enumeration the crate's vocabulary does not
    /// cover.
    pub(super) fn one_of(&mut self, member: &str, value: Option<&str>, allowed: &[&str]) {
        if let Some(value) = value.filter(|v| !allowed.contains(v)) {
            let set = allowed.join(", ");
            let value = crate::error::shortened(value);
            self.fail(
                member,
                Some(value),
                &format!("satisfy enum value set: [{set}]"),
            );
        }
    }

    /// A string member whose every character must satisfy `allowed` (the
    /// model's `pattern`, quoted in the message).
    pub(super) fn pattern(
        &mut self,
        member: &str,
        value: Option<&str>,
        allowed: fn(char) -> bool,
        pattern: &str,
    ) {
        if value.is_some_and(|v| !v.chars().all(allowed)) {
            let constraint = format!("satisfy regular expression pattern: {pattern}");
            self.fail(member, None, &constraint);
        }
    }

    /// `GrantTokens`: 0–10 tokens of 1–8192 characters.
    pub(super) fn grant_tokens(&mut self, value: Option<&[String]>) {
        self.items("GrantTokens", value, 0, GRANT_TOKENS_MAX);
        for (i, token) in value.unwrap_or_default().iter().enumerate() {
            let member = format!("GrantTokens.{}.member", i + 1);
            self.text(&member, Some(token), 1, GRANT_TOKEN_MAX);
        }
    }

    /// `Limit` (1–1000) and `Marker` (1–1024 characters of U+0020–U+00FF).
    pub(super) fn paging(&mut self, limit: Option<i32>, marker: Option<&str>) {
        self.number("Limit", limit, 1, 1000);
        self.text("Marker", marker, 1, 1024);
        let latin = |c| ('\u{20}'..='\u{ff}').contains(&c);
        self.pattern("Marker", marker, latin, "[\\u0020-\\u00FF]*");
    }

    /// An alias name (`AliasNameType`: 1–256 characters of
    /// `[a-zA-Z0-9:/_-]`).
    pub(super) fn alias_name(&mut self, member: &str, value: Option<&str>) {
        self.text(member, value, 1, 256);
        let allowed = |c: char| c.is_ascii_alphanumeric() || ":/_-".contains(c);
        self.pattern(member, value, allowed, "^[a-zA-Z0-9:/_-]+$");
    }

    /// A list of tags: keys of 1–128 characters, values of 0–256.
    pub(super) fn tags(&mut self, member: &str, tags: Option<&[Tag]>) {
        for (i, tag) in tags.unwrap_or_default().iter().enumerate() {
            let at = |name: &str| format!("{member}.{}.member.{name}", i + 1);
            self.text(&at("TagKey"), Some(&tag.tag_key), 1, 128);
            self.text(&at("TagValue"), Some(&tag.tag_value), 0, 256);
        }
    }

    /// A list of tag keys of 1–128 characters.
    pub(super) fn tag_keys(&mut self, member: &str, keys: Option<&[String]>) {
        for (i, key) in keys.unwrap_or_default().iter().enumerate() {
            self.text(&format!("{member}.{}.member", i + 1), Some(key), 1, 128);
        }
    }

    /// A key material id (`BackingKeyIdType`: 64 hex digits).
    pub(super) fn key_material_id(&mut self, value: Option<&str>) {
        self.text("KeyMaterialId", value, 64, 64);
        let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
        self.pattern("KeyMaterialId", value, hex, "^[a-f0-9]+$");
    }
}

/// A member name as AWS's messages spell it: `keyId` for `KeyId`, each
/// segment of a path (`tags.1.member.tagKey`).
pub(super) fn camel(member: &str) -> String {
    member
        .split('.')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_lowercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(check: Check) -> String {
        match check.finish() {
            Err(CallError::Invalid(message)) => message,
            other => panic!("{:?}", other.err()),
        }
    }

    #[test]
    fn failures_are_listed_as_aws_lists_them() {
        let mut check = Check::default();
        check.number("NumberOfBytes", Some(0), 1, 1024);
        assert_eq!(
            message(check),
            "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy \
             constraint: Member must have value greater than or equal to 1"
        );
        let mut check = Check::default();
        check.key_id("KeyId", Some(""));
        check.tags("Tags", Some(&[Tag::default()]));
        check.one_of("ExpirationModel", Some("SOMETIMES"), &["A", "B"]);
        let text = message(check);
        assert!(text.starts_with("3 validation errors detected: "), "{text}");
        assert!(text.contains("at 'tags.1.member.tagKey'"), "{text}");
        assert!(text.contains("'SOMETIMES' at 'expirationModel'"), "{text}");
    }

    #[test]
    fn values_within_the_constraints_pass() {
        let mut check = Check::default();
        check.key_id("KeyId", Some(&"k".repeat(KEY_ID_MAX)));
        check.paging(Some(1000), Some("marker ÿ"));
        check.alias_name("AliasName", Some("alias/a:b/c_d-e"));
        check.grant_tokens(Some(&vec!["t".to_owned(); GRANT_TOKENS_MAX]));
        check.key_material_id(Some(&"0a".repeat(32)));
        check.text("Description", None, 1, 2);
        assert!(check.finish().is_ok());
        let mut check = Check::default();
        check.paging(Some(1001), Some("snow ☃"));
        check.alias_name("AliasName", Some("alias/has space"));
        check.grant_tokens(Some(&vec!["t".to_owned(); GRANT_TOKENS_MAX + 1]));
        assert!(message(check).starts_with("4 validation errors"));
    }
}
