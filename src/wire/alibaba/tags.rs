//! The shapes of the tag actions, in both of Alibaba's generations:
//!
//! - `TagResource`, `UntagResource`, `ListResourceTags`: one key (or
//!   secret, or certificate) at a time, tags as a JSON string (`Tags`,
//!   `[{"TagKey":"team","TagValue":"kms"}]`, read with
//!   [`parse_tags`](super::parse_tags)), keys to remove as a JSON array
//!   string (`TagKeys`, `["team"]`, read with
//!   [`parse_string_list`](super::parse_string_list)); the list nests as
//!   `{"Tags":{"Tag":[…]}}`.
//! - `TagResources`, `UntagResources`, `ListTagResources`: Alibaba's
//!   cross-product tag API, several resources at once, lists as indexed
//!   parameters (`ResourceId.1`, `Tag.1.Key`, `Tag.1.Value`, `TagKey.1`,
//!   numbered from 1); the list nests as
//!   `{"TagResources":{"TagResource":[…]}}` and pages by `NextToken`.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::keys::{KeyIdRequest, RequestIdResponse};
use super::values::format_tags;
use crate::Tag;

/// The parameters of `TagResource`: tags to add to one resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct TagResourceRequest {
    /// The certificate to tag (Certificates Manager).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<String>,
    /// The key to tag: its id or ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The secret to tag (Secrets Manager).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
    /// The tags, a JSON array string of `{"TagKey","TagValue"}` objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
}

impl TagResourceRequest {
    /// Adds `tags` to the key `key_id`.
    ///
    /// ```
    /// use polykms::Tag;
    /// use polykms::wire::alibaba::TagResourceRequest;
    ///
    /// let request = TagResourceRequest::new("alias/app", &[Tag::new("team", "kms")]);
    /// assert_eq!(request.tags.as_deref(), Some(r#"[{"TagKey":"team","TagValue":"kms"}]"#));
    /// ```
    pub fn new(key_id: impl Into<String>, tags: &[Tag]) -> Self {
        Self {
            key_id: Some(key_id.into()),
            tags: Some(format_tags(tags)),
            ..Self::default()
        }
    }
}

/// The parameters of `UntagResource`: tag keys to remove from one
/// resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UntagResourceRequest {
    /// The certificate to untag (Certificates Manager).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<String>,
    /// The key to untag: its id or ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The secret to untag (Secrets Manager).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
    /// The tag keys, a JSON array string (`["team","env"]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<String>,
}

impl UntagResourceRequest {
    /// Removes the tags `tag_keys` from the key `key_id`.
    ///
    /// ```
    /// use polykms::wire::alibaba::UntagResourceRequest;
    ///
    /// let request = UntagResourceRequest::new("alias/app", ["team", "env"]);
    /// assert_eq!(request.tag_keys.as_deref(), Some(r#"["team","env"]"#));
    /// ```
    pub fn new<K: Into<String>>(
        key_id: impl Into<String>,
        tag_keys: impl IntoIterator<Item = K>,
    ) -> Self {
        let tag_keys: Vec<String> = tag_keys.into_iter().map(Into::into).collect();
        Self {
            key_id: Some(key_id.into()),
            tag_keys: Some(serde_json::to_string(&tag_keys).unwrap_or_default()),
            ..Self::default()
        }
    }
}

/// The parameters of `ListResourceTags`: the key.
pub type ListResourceTagsRequest = KeyIdRequest;

/// The answer to `TagResource`.
pub type TagResourceResponse = RequestIdResponse;
/// The answer to `UntagResource`.
pub type UntagResourceResponse = RequestIdResponse;

/// A tag of a key, as `ListResourceTags` lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ResourceTag {
    /// The key's id.
    #[serde(default)]
    pub key_id: String,
    /// The tag's key.
    #[serde(default)]
    pub tag_key: String,
    /// The tag's value.
    #[serde(default)]
    pub tag_value: String,
}

impl ResourceTag {
    /// The tag `tag_key` = `tag_value` of the key `key_id`.
    pub fn new(
        key_id: impl Into<String>,
        tag_key: impl Into<String>,
        tag_value: impl Into<String>,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            tag_key: tag_key.into(),
            tag_value: tag_value.into(),
        }
    }
}

/// The tags of a key, nested as Alibaba nests lists: `{"Tags":{"Tag":[…]}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tags {
    /// The tags.
    #[serde(rename = "Tag", default)]
    pub tag: Vec<ResourceTag>,
}

/// The answer to `ListResourceTags`.
///
/// ```
/// use polykms::Tag;
/// use polykms::wire::alibaba::ListResourceTagsResponse;
///
/// let answer = ListResourceTagsResponse::new("k1", &[Tag::new("team", "kms")], "r-1");
/// let json = serde_json::to_value(&answer).unwrap();
/// assert_eq!(json["Tags"]["Tag"][0]["TagValue"], "kms");
/// assert_eq!(json["Tags"]["Tag"][0]["KeyId"], "k1");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListResourceTagsResponse {
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
    /// The key's tags.
    #[serde(default)]
    pub tags: Tags,
}

impl ListResourceTagsResponse {
    /// The tags `tags` of the key `key_id`, answering the request
    /// `request_id`.
    pub fn new(key_id: &str, tags: &[Tag], request_id: impl Into<String>) -> Self {
        Self {
            request_id: request_id.into(),
            tags: Tags {
                tag: tags
                    .iter()
                    .map(|t| ResourceTag::new(key_id, &t.key, &t.value))
                    .collect(),
            },
        }
    }

    /// The tags as the crate's tags.
    pub fn to_tags(&self) -> Vec<Tag> {
        self.tags
            .tag
            .iter()
            .map(|t| Tag::new(&t.tag_key, &t.tag_value))
            .collect()
    }
}

/// A tag given as indexed parameters, `Tag.N.Key` and `Tag.N.Value`
/// (either may be missing: a filter may give only the key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexedTag {
    /// `Tag.N.Key`.
    pub key: Option<String>,
    /// `Tag.N.Value`.
    pub value: Option<String>,
}

impl IndexedTag {
    /// The tag `key` = `value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: Some(key.into()),
            value: Some(value.into()),
        }
    }
}

impl From<&Tag> for IndexedTag {
    fn from(tag: &Tag) -> Self {
        Self::new(&tag.key, &tag.value)
    }
}

/// The parameters of `TagResources`: tags to add to several resources.
///
/// ```
/// use polykms::wire::alibaba::{IndexedTag, TagResourcesRequest, from_parameters, to_parameters};
///
/// let request = TagResourcesRequest::new("cn-hangzhou", ["k1", "k2"], [IndexedTag::new("team", "kms")]);
/// let parameters = to_parameters(&request);
/// assert!(parameters.contains(&("ResourceId.2".to_string(), "k2".to_string())));
/// assert!(parameters.contains(&("Tag.1.Key".to_string(), "team".to_string())));
/// assert_eq!(from_parameters::<TagResourcesRequest>(&parameters).unwrap(), request);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TagResourcesRequest {
    /// `RegionId`: the region of the resources.
    pub region_id: Option<String>,
    /// `ResourceId.N`: the resources (key ids).
    pub resource_id: Vec<String>,
    /// `ResourceType`: `key`, `secret` or `certificate`.
    pub resource_type: Option<String>,
    /// `Tag.N.Key`, `Tag.N.Value`: the tags.
    pub tag: Vec<IndexedTag>,
}

impl TagResourcesRequest {
    /// Adds `tags` to the keys `resource_ids` of `region_id`.
    pub fn new<R: Into<String>>(
        region_id: impl Into<String>,
        resource_ids: impl IntoIterator<Item = R>,
        tags: impl IntoIterator<Item = IndexedTag>,
    ) -> Self {
        Self {
            region_id: Some(region_id.into()),
            resource_id: resource_ids.into_iter().map(Into::into).collect(),
            resource_type: Some("key".to_owned()),
            tag: tags.into_iter().collect(),
        }
    }
}

/// The parameters of `UntagResources`: tag keys to remove from several
/// resources, or all their tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UntagResourcesRequest {
    /// `All`: remove every tag.
    pub all: Option<bool>,
    /// `RegionId`: the region of the resources.
    pub region_id: Option<String>,
    /// `ResourceId.N`: the resources (key ids).
    pub resource_id: Vec<String>,
    /// `ResourceType`: `key`, `secret` or `certificate`.
    pub resource_type: Option<String>,
    /// `TagKey.N`: the tag keys to remove.
    pub tag_key: Vec<String>,
}

impl UntagResourcesRequest {
    /// Removes the tags `tag_keys` from the keys `resource_ids` of
    /// `region_id`.
    pub fn new<R: Into<String>, K: Into<String>>(
        region_id: impl Into<String>,
        resource_ids: impl IntoIterator<Item = R>,
        tag_keys: impl IntoIterator<Item = K>,
    ) -> Self {
        Self {
            all: None,
            region_id: Some(region_id.into()),
            resource_id: resource_ids.into_iter().map(Into::into).collect(),
            resource_type: Some("key".to_owned()),
            tag_key: tag_keys.into_iter().map(Into::into).collect(),
        }
    }
}

/// The parameters of `ListTagResources`: the tags of resources, or the
/// resources with tags, a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListTagResourcesRequest {
    /// `NextToken`: where the previous page ended.
    pub next_token: Option<String>,
    /// `RegionId`: the region of the resources.
    pub region_id: Option<String>,
    /// `ResourceId.N`: the resources (key ids).
    pub resource_id: Vec<String>,
    /// `ResourceType`: `key`, `secret` or `certificate`.
    pub resource_type: Option<String>,
    /// `Tag.N.Key`, `Tag.N.Value`: only resources with these tags.
    pub tag: Vec<IndexedTag>,
}

impl ListTagResourcesRequest {
    /// The tags of the keys `resource_ids` of `region_id`, first page.
    pub fn new<R: Into<String>>(
        region_id: impl Into<String>,
        resource_ids: impl IntoIterator<Item = R>,
    ) -> Self {
        Self {
            next_token: None,
            region_id: Some(region_id.into()),
            resource_id: resource_ids.into_iter().map(Into::into).collect(),
            resource_type: Some("key".to_owned()),
            tag: Vec::new(),
        }
    }
}

/// The answer to `TagResources`.
pub type TagResourcesResponse = RequestIdResponse;
/// The answer to `UntagResources`.
pub type UntagResourcesResponse = RequestIdResponse;

/// A tag of a resource, as `ListTagResources` lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct TaggedResource {
    /// The resource (a key id).
    #[serde(default)]
    pub resource_id: String,
    /// The resource's type (`key`).
    #[serde(default)]
    pub resource_type: String,
    /// The tag's key.
    #[serde(default)]
    pub tag_key: String,
    /// The tag's value.
    #[serde(default)]
    pub tag_value: String,
}

impl TaggedResource {
    /// The tag `tag` of the key `key_id`.
    pub fn key(key_id: impl Into<String>, tag: &Tag) -> Self {
        Self {
            resource_id: key_id.into(),
            resource_type: "key".to_owned(),
            tag_key: tag.key.clone(),
            tag_value: tag.value.clone(),
        }
    }
}

/// The tags of a `ListTagResources` page, nested as Alibaba nests lists:
/// `{"TagResources":{"TagResource":[…]}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaggedResources {
    /// The tags.
    #[serde(rename = "TagResource", default)]
    pub tag_resource: Vec<TaggedResource>,
}

/// The answer to `ListTagResources`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListTagResourcesResponse {
    /// Where the next page starts; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The request's id.
    #[serde(default)]
    pub request_id: String,
    /// The page's tags.
    #[serde(default)]
    pub tag_resources: TaggedResources,
}

impl ListTagResourcesResponse {
    /// The page `entries`, continued from `next_token` if there is more,
    /// answering the request `request_id`.
    pub fn new(
        entries: Vec<TaggedResource>,
        next_token: Option<String>,
        request_id: impl Into<String>,
    ) -> Self {
        Self {
            next_token,
            request_id: request_id.into(),
            tag_resources: TaggedResources {
                tag_resource: entries,
            },
        }
    }
}

/// An action's parameters by name, as text, for the shapes whose lists are
/// indexed parameters.
struct Flat(BTreeMap<String, String>);

impl<'de> Deserialize<'de> for Flat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = BTreeMap::<String, Value>::deserialize(deserializer)?;
        let mut flat = BTreeMap::new();
        for (name, value) in values {
            let text = match value {
                Value::Null => continue,
                Value::String(text) => text,
                Value::Bool(flag) => flag.to_string(),
                Value::Number(number) => number.to_string(),
                other => {
                    return Err(D::Error::custom(format!(
                        "{name}: {other} is not a parameter's text"
                    )));
                }
            };
            flat.insert(name, text);
        }
        Ok(Self(flat))
    }
}

impl Flat {
    fn text(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }

    fn flag(&self, name: &str) -> Result<Option<bool>, String> {
        match self.0.get(name) {
            None => Ok(None),
            Some(text) if text.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(text) if text.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(text) => Err(format!("{name}: {text:?} is not true or false")),
        }
    }

    /// The parameters `prefix.N…`, by index (from 1) and the rest of
    /// the name after the index (empty, or `.Key` and the like).
    fn indexed(&self, prefix: &str) -> Result<BTreeMap<(u32, String), String>, String> {
        let mut found = BTreeMap::new();
        for (name, value) in &self.0 {
            let Some(rest) = name
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('.'))
            else {
                continue;
            };
            let (index, field) = rest.split_once('.').unwrap_or((rest, ""));
            let index = index
                .parse::<u32>()
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| format!("{name}: {index:?} is not an index from 1"))?;
            found.insert((index, field.to_owned()), value.clone());
        }
        Ok(found)
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>, String> {
        self.indexed(prefix)?
            .into_iter()
            .map(|((index, field), value)| match field.as_str() {
                "" => Ok(value),
                _ => Err(format!("{prefix}.{index}.{field} is not a parameter")),
            })
            .collect()
    }

    fn tags(&self, prefix: &str) -> Result<Vec<IndexedTag>, String> {
        let mut tags: BTreeMap<u32, IndexedTag> = BTreeMap::new();
        for ((index, field), value) in self.indexed(prefix)? {
            let tag = tags.entry(index).or_default();
            match field.as_str() {
                "Key" => tag.key = Some(value),
                "Value" => tag.value = Some(value),
                _ => return Err(format!("{prefix}.{index}.{field} is not a parameter")),
            }
        }
        Ok(tags.into_values().collect())
    }
}

/// Writes parameters by name, lists as indexed parameters.
#[derive(Default)]
struct FlatWriter(Vec<(String, String)>);

impl FlatWriter {
    fn text(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.0.push((name.to_owned(), value.to_owned()));
        }
    }

    fn list(&mut self, prefix: &str, values: &[String]) {
        for (i, value) in values.iter().enumerate() {
            self.0.push((format!("{prefix}.{}", i + 1), value.clone()));
        }
    }

    fn tags(&mut self, prefix: &str, tags: &[IndexedTag]) {
        for (i, tag) in tags.iter().enumerate() {
            let n = i + 1;
            self.text(&format!("{prefix}.{n}.Key"), tag.key.as_deref());
            self.text(&format!("{prefix}.{n}.Value"), tag.value.as_deref());
        }
    }

    fn finish<S: Serializer>(self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl Serialize for TagResourcesRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut w = FlatWriter::default();
        w.text("RegionId", self.region_id.as_deref());
        w.list("ResourceId", &self.resource_id);
        w.text("ResourceType", self.resource_type.as_deref());
        w.tags("Tag", &self.tag);
        w.finish(serializer)
    }
}

impl<'de> Deserialize<'de> for TagResourcesRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let flat = Flat::deserialize(deserializer)?;
        Ok(Self {
            region_id: flat.text("RegionId"),
            resource_id: flat.list("ResourceId").map_err(D::Error::custom)?,
            resource_type: flat.text("ResourceType"),
            tag: flat.tags("Tag").map_err(D::Error::custom)?,
        })
    }
}

impl Serialize for UntagResourcesRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut w = FlatWriter::default();
        let all = self.all.map(|flag| flag.to_string());
        w.text("All", all.as_deref());
        w.text("RegionId", self.region_id.as_deref());
        w.list("ResourceId", &self.resource_id);
        w.text("ResourceType", self.resource_type.as_deref());
        w.list("TagKey", &self.tag_key);
        w.finish(serializer)
    }
}

impl<'de> Deserialize<'de> for UntagResourcesRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let flat = Flat::deserialize(deserializer)?;
        Ok(Self {
            all: flat.flag("All").map_err(D::Error::custom)?,
            region_id: flat.text("RegionId"),
            resource_id: flat.list("ResourceId").map_err(D::Error::custom)?,
            resource_type: flat.text("ResourceType"),
            tag_key: flat.list("TagKey").map_err(D::Error::custom)?,
        })
    }
}

impl Serialize for ListTagResourcesRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut w = FlatWriter::default();
        w.text("NextToken", self.next_token.as_deref());
        w.text("RegionId", self.region_id.as_deref());
        w.list("ResourceId", &self.resource_id);
        w.text("ResourceType", self.resource_type.as_deref());
        w.tags("Tag", &self.tag);
        w.finish(serializer)
    }
}

impl<'de> Deserialize<'de> for ListTagResourcesRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let flat = Flat::deserialize(deserializer)?;
        Ok(Self {
            next_token: flat.text("NextToken"),
            region_id: flat.text("RegionId"),
            resource_id: flat.list("ResourceId").map_err(D::Error::custom)?,
            resource_type: flat.text("ResourceType"),
            tag: flat.tags("Tag").map_err(D::Error::custom)?,
        })
    }
}

#[cfg(test)]
mod tests;
