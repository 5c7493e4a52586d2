//! The tag endpoints: `POST {key_id}/tags`, `DELETE {key_id}/tags/{key}`,
//! `GET {key_id}/tags`, `POST {key_id}/tags/action` (`create` or
//! `delete`), and `GET tags` (every tag key of the project, with its
//! values).

use std::collections::BTreeMap;

use super::{Answer, Context, Fail, answer, key_reference, need};
use crate::wire::huawei as wire;
use crate::{AsyncKeyManagerExt, Tag};

/// The key of the path, by id.
async fn path_key(cx: &Context<'_>) -> Result<String, Fail> {
    let key = key_reference("key_id", cx.path_parameter("key_id"))?;
    Ok(cx.kms.describe_key(&key).await?.key_id.to_string())
}

/// A tag of a request: its key required, its value as sent.
fn tag(item: wire::TagItem) -> Result<Tag, Fail> {
    need("tag.key", Some(item.key.as_str()))?;
    Ok(Tag::new(item.key, item.value))
}

pub(super) async fn create_tag(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::CreateTagRequest = cx.json()?;
    let key = path_key(cx).await?;
    let tag = tag(r.tag.ok_or(Fail::Missing("tag"))?)?;
    cx.kms
        .tag_resource(crate::TagResourceRequest::new(key, [tag]))
        .await?;
    answer(&wire::EmptyResponse::default())
}

pub(super) async fn delete_tag(cx: &Context<'_>) -> Result<Answer, Fail> {
    let key = path_key(cx).await?;
    let tag_key = need("key", cx.path_parameter("key"))?;
    let tags = cx.kms.list_all_resource_tags(&key).await?;
    if !tags.iter().any(|t| t.key == tag_key) {
        return Err(Fail::Invalid {
            parameter: "key",
            reason: format!("the key has no tag {tag_key:?}"),
        });
    }
    cx.kms
        .untag_resource(crate::UntagResourceRequest::new(key, [tag_key]))
        .await?;
    answer(&wire::EmptyResponse::default())
}

pub(super) async fn list_key_tags(cx: &Context<'_>) -> Result<Answer, Fail> {
    let key = path_key(cx).await?;
    let tags: Vec<wire::TagItem> = cx
        .kms
        .list_all_resource_tags(&key)
        .await?
        .into_iter()
        .map(|t| wire::TagItem {
            key: t.key,
            value: t.value,
        })
        .collect();
    answer(&wire::KeyTagsResponse {
        exist_tags_num: i64::try_from(tags.len()).unwrap_or(i64::MAX),
        tags,
    })
}

pub(super) async fn batch_tags(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::BatchTagsRequest = cx.json()?;
    let key = path_key(cx).await?;
    let action = need("action", r.action.as_deref())?;
    let items = r.tags.unwrap_or_default();
    if items.is_empty() {
        return Err(Fail::Missing("tags"));
    }
    match action {
        "create" => {
            let tags = items.into_iter().map(tag).collect::<Result<Vec<_>, _>>()?;
            cx.kms
                .tag_resource(crate::TagResourceRequest::new(key, tags))
                .await?;
        }
        "delete" => {
            let keys = items
                .into_iter()
                .map(|item| tag(item).map(|t| t.key))
                .collect::<Result<Vec<_>, _>>()?;
            cx.kms
                .untag_resource(crate::UntagResourceRequest::new(key, keys))
                .await?;
        }
        other => {
            return Err(Fail::Invalid {
                parameter: "action",
                reason: format!("{other:?} is neither create nor delete"),
            });
        }
    }
    answer(&wire::EmptyResponse::default())
}

pub(super) async fn list_project_tags(cx: &Context<'_>) -> Result<Answer, Fail> {
    let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in cx.kms.list_all_keys().await? {
        for t in cx.kms.list_all_resource_tags(entry.key_id.as_str()).await? {
            let of_key = values.entry(t.key).or_default();
            if !of_key.contains(&t.value) {
                of_key.push(t.value);
            }
        }
    }
    let tags = values
        .into_iter()
        .map(|(key, mut values)| {
            values.sort_unstable();
            wire::Tag { key, values }
        })
        .collect();
    answer(&wire::ProjectTagsResponse { tags })
}
