//! The `Tag` structure, which `CreateKey` and `TagResource` take and
//! `ListResourceTags` returns, and the response of `ListResourceTags`.

use serde::{Deserialize, Serialize};

use crate::key;

/// A tag (the `Tag` structure). A member missing on the wire reads as empty
/// (the server then refuses an empty `TagKey`).
///
/// ```
/// use polykms::wire::aws;
///
/// let tag: aws::Tag = serde_json::from_str(r#"{"TagKey": "team", "TagValue": "billing"}"#).unwrap();
/// assert_eq!(polykms::Tag::from(tag), polykms::Tag::new("team", "billing"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct Tag {
    /// The tag key (1–128 characters).
    pub tag_key: String,
    /// The tag value (0–256 characters).
    pub tag_value: String,
}

impl Tag {
    /// The shape of a tag.
    pub fn from_tag(tag: &key::Tag) -> Self {
        Self {
            tag_key: tag.key.clone(),
            tag_value: tag.value.clone(),
        }
    }
}

impl From<&key::Tag> for Tag {
    fn from(tag: &key::Tag) -> Self {
        Self::from_tag(tag)
    }
}

impl From<Tag> for key::Tag {
    fn from(tag: Tag) -> Self {
        key::Tag::new(tag.tag_key, tag.tag_value)
    }
}

/// The response to `ListResourceTags`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListResourceTagsResponse {
    /// The tags of the page.
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// The marker of the next page, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    /// Whether there is a next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

impl ListResourceTagsResponse {
    /// The response carrying `page`: `Truncated` says whether a next page
    /// follows.
    pub fn from_page(page: &key::ListResourceTagsPage) -> Self {
        Self {
            tags: page.tags.iter().map(Tag::from_tag).collect(),
            next_marker: page.next_marker.clone(),
            truncated: Some(page.next_marker.is_some()),
        }
    }
}

impl From<&key::ListResourceTagsPage> for ListResourceTagsResponse {
    fn from(page: &key::ListResourceTagsPage) -> Self {
        Self::from_page(page)
    }
}
