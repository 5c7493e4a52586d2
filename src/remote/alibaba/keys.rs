//! Keys, aliases and tags: `CreateKey` to `ListResourceTags`.
//!
//! Alias names, tags and descriptions are checked here first, by the rules
//! every provider of the crate applies, so that a bad one fails the same
//! way everywhere and a huge one is never sent.

use super::Inner;
use super::convert::{
    MAX_PAGE_SIZE, is_alias, key_id, metadata, next_marker, page_number, page_size, reference,
    spelled,
};
use crate::engine::validate;
use crate::error::{Error, ErrorKind, Result};
use crate::wire::alibaba::{
    self as wire, KeyMetadataResponse, ListKeysResponse, RequestIdResponse, format_tags,
};
use crate::{
    AliasEntry, CreateAliasRequest, CreateKeyRequest, KeyListEntry, KeyMetadata, ListAliasesPage,
    ListAliasesRequest, ListKeysPage, ListKeysRequest, ListResourceTagsPage,
    ListResourceTagsRequest, ScheduleKeyDeletionRequest, Tag, TagResourceRequest,
    UntagResourceRequest, UpdateAliasRequest, UpdateKeyDescriptionRequest,
};

/// Alibaba's shortest deletion window, used when a key whose alias could
/// not be made is withdrawn.
const SHORTEST_WINDOW: u32 = 7;

pub(super) async fn create_key(kms: &Inner, request: CreateKeyRequest) -> Result<KeyMetadata> {
    validate::description(&request.description)?;
    validate::tags(&request.tags)?;
    if let Some(alias) = &request.alias {
        validate::alias_name(alias)?;
        refuse_taken_alias(kms, alias).await?;
    }
    let usage = request
        .key_usage
        .unwrap_or_else(|| request.key_spec.default_usage());
    let params = wire::CreateKeyRequest {
        key_spec: Some(spelled(request.key_spec)),
        key_usage: Some(spelled(usage)),
        origin: Some(spelled(request.origin)),
        description: (!request.description.is_empty()).then(|| request.description.clone()),
        tags: (!request.tags.is_empty()).then(|| format_tags(&request.tags)),
        ..Default::default()
    };
    let created: KeyMetadataResponse = kms.call("CreateKey", &params).await?;
    let meta = metadata(&created.key_metadata, "CreateKey")?;
    if let Some(alias) = request.alias {
        let aliased = create_alias_of(kms, &alias, meta.key_id.as_str()).await;
        if let Err(e) = aliased {
            // The alias could not be made: the key goes, as it would never
            // have been created locally.
            let withdraw =
                wire::ScheduleKeyDeletionRequest::new(meta.key_id.as_str(), SHORTEST_WINDOW.into());
            let _: Result<RequestIdResponse> = kms.call("ScheduleKeyDeletion", &withdraw).await;
            return Err(e);
        }
    }
    Ok(meta)
}

/// Refuses an alias that already names a key, before anything is created.
async fn refuse_taken_alias(kms: &Inner, alias: &str) -> Result<()> {
    match describe_key(kms, alias).await {
        Ok(_) => Err(Error::AlreadyExists {
            resource: format!("alias {alias}"),
        }),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// The key id of a reference: an alias (or alias ARN) costs a
/// `DescribeKey`; a key id or key ARN is sent as it is.
pub(super) async fn key_of(kms: &Inner, key: &str) -> Result<String> {
    let key = reference(key)?;
    if !is_alias(key) {
        return Ok(key.to_owned());
    }
    Ok(describe_key(kms, key).await?.key_id.to_string())
}

pub(super) async fn describe_key(kms: &Inner, key: &str) -> Result<KeyMetadata> {
    Ok(describe(kms, key).await?.0)
}

/// `DescribeKey`: the crate's metadata, and Alibaba's (with the
/// `PrimaryKeyVersion` and rotation members the crate's does not hold).
pub(super) async fn describe(kms: &Inner, key: &str) -> Result<(KeyMetadata, wire::KeyMetadata)> {
    let params = wire::DescribeKeyRequest::new(reference(key)?);
    let out: KeyMetadataResponse = kms.call("DescribeKey", &params).await?;
    Ok((
        metadata(&out.key_metadata, "DescribeKey")?,
        out.key_metadata,
    ))
}

pub(super) async fn list_keys(kms: &Inner, request: ListKeysRequest) -> Result<ListKeysPage> {
    let number = page_number(request.marker.as_deref(), "list_keys")?;
    let size = page_size(request.limit)?;
    let params = wire::ListKeysRequest {
        page_number: Some(number),
        page_size: Some(size),
        ..Default::default()
    };
    let out: ListKeysResponse = kms.call("ListKeys", &params).await?;
    let keys = out
        .keys
        .key
        .iter()
        .map(|entry| {
            Ok(KeyListEntry::new(
                key_id(Some(&entry.key_id), "ListKeys")?,
                entry.key_arn.clone(),
            ))
        })
        .collect::<Result<_>>()?;
    Ok(ListKeysPage::new(
        keys,
        next_marker(number, size, out.total_count),
    ))
}

/// An action that takes a key and answers with the request id alone.
async fn on_key(kms: &Inner, action: &str, key: &str) -> Result<()> {
    let params = wire::KeyIdRequest::new(reference(key)?);
    let _: RequestIdResponse = kms.call(action, &params).await?;
    Ok(())
}

pub(super) async fn enable_key(kms: &Inner, key: &str) -> Result<()> {
    on_key(kms, "EnableKey", key).await
}

pub(super) async fn disable_key(kms: &Inner, key: &str) -> Result<()> {
    on_key(kms, "DisableKey", key).await
}

pub(super) async fn update_key_description(
    kms: &Inner,
    request: UpdateKeyDescriptionRequest,
) -> Result<()> {
    validate::description(&request.description)?;
    let params = wire::UpdateKeyDescriptionRequest {
        key_id: Some(reference(&request.key_id)?.to_owned()),
        description: Some(request.description),
    };
    let _: RequestIdResponse = kms.call("UpdateKeyDescription", &params).await?;
    Ok(())
}

/// Alibaba requires a window (it has no default): the crate's default,
/// the longest window, is sent when none is given. Alibaba's answer
/// carries no metadata: a `DescribeKey` follows.
pub(super) async fn schedule_key_deletion(
    kms: &Inner,
    request: ScheduleKeyDeletionRequest,
) -> Result<KeyMetadata> {
    let window = request
        .pending_window_in_days
        .unwrap_or(crate::spec::limits::MAX_PENDING_WINDOW_DAYS);
    let params = wire::ScheduleKeyDeletionRequest::new(reference(&request.key_id)?, window.into());
    let _: RequestIdResponse = kms.call("ScheduleKeyDeletion", &params).await?;
    let mut meta = describe_key(kms, &request.key_id).await?;
    meta.pending_deletion_window_in_days = Some(window);
    Ok(meta)
}

pub(super) async fn cancel_key_deletion(kms: &Inner, key: &str) -> Result<KeyMetadata> {
    on_key(kms, "CancelKeyDeletion", key).await?;
    describe_key(kms, key).await
}

async fn create_alias_of(kms: &Inner, alias: &str, key: &str) -> Result<()> {
    let params = alias_request(alias, key)?;
    let _: RequestIdResponse = kms.call("CreateAlias", &params).await?;
    Ok(())
}

/// The parameters of `CreateAlias` and `UpdateAlias`.
fn alias_request(alias: &str, key: &str) -> Result<wire::AliasRequest> {
    Ok(wire::AliasRequest {
        alias_name: Some(alias.to_owned()),
        key_id: Some(reference(key)?.to_owned()),
    })
}

pub(super) async fn create_alias(kms: &Inner, request: CreateAliasRequest) -> Result<()> {
    validate::alias_name(&request.alias_name)?;
    create_alias_of(kms, &request.alias_name, &request.target_key_id).await
}

pub(super) async fn update_alias(kms: &Inner, request: UpdateAliasRequest) -> Result<()> {
    validate::alias_name(&request.alias_name)?;
    let params = alias_request(&request.alias_name, &request.target_key_id)?;
    let _: RequestIdResponse = kms.call("UpdateAlias", &params).await?;
    Ok(())
}

pub(super) async fn delete_alias(kms: &Inner, alias: &str) -> Result<()> {
    let params = wire::DeleteAliasRequest {
        alias_name: Some(reference(alias)?.to_owned()),
    };
    let _: RequestIdResponse = kms.call("DeleteAlias", &params).await?;
    Ok(())
}

/// A page size within the listing's own limit (`default` without one),
/// refused beyond it as every provider refuses it.
fn limited(limit: Option<usize>, max: usize, default: usize) -> Result<i64> {
    match limit {
        Some(n) if n == 0 || n > max => Err(Error::invalid_argument(
            "limit",
            format!("{n}; from 1 to {max}"),
        )),
        other => Ok(page_size(Some(other.unwrap_or(default)))?),
    }
}

/// `ListAliases`, or `ListAliasesByKeyId` for one key's. Alibaba reports
/// no alias dates: an alias's `creation_date` and `last_updated_date` are
/// the Unix epoch.
pub(super) async fn list_aliases(
    kms: &Inner,
    request: ListAliasesRequest,
) -> Result<ListAliasesPage> {
    let number = page_number(request.marker.as_deref(), "list_aliases")?;
    let size = limited(request.limit, crate::spec::limits::MAX_ALIASES_PAGE, 50)?;
    let (action, out): (_, wire::ListAliasesResponse) = match &request.key_id {
        Some(key) => {
            let params = wire::ListAliasesByKeyIdRequest {
                key_id: Some(key_of(kms, key).await?),
                page_number: Some(number),
                page_size: Some(size),
            };
            let action = "ListAliasesByKeyId";
            (action, kms.call(action, &params).await?)
        }
        None => {
            let params = wire::ListAliasesRequest {
                page_number: Some(number),
                page_size: Some(size),
            };
            ("ListAliases", kms.call("ListAliases", &params).await?)
        }
    };
    let aliases = out
        .aliases
        .alias
        .into_iter()
        .map(|item| {
            Ok(AliasEntry::new(
                item.alias_name,
                item.alias_arn,
                key_id(Some(&item.key_id), action)?,
                std::time::UNIX_EPOCH,
            ))
        })
        .collect::<Result<_>>()?;
    Ok(ListAliasesPage::new(
        aliases,
        next_marker(number, size, out.total_count),
    ))
}

pub(super) async fn tag_resource(kms: &Inner, request: TagResourceRequest) -> Result<()> {
    validate::tags(&request.tags)?;
    let params = wire::TagResourceRequest {
        key_id: Some(key_of(kms, &request.key_id).await?),
        tags: Some(format_tags(&request.tags)),
        ..Default::default()
    };
    let _: RequestIdResponse = kms.call("TagResource", &params).await?;
    Ok(())
}

pub(super) async fn untag_resource(kms: &Inner, request: UntagResourceRequest) -> Result<()> {
    let keys = serde_json::to_string(&request.tag_keys)
        .map_err(|e| Error::invalid_argument("tag keys", e.to_string()))?;
    let params = wire::UntagResourceRequest {
        key_id: Some(key_of(kms, &request.key_id).await?),
        tag_keys: Some(keys),
        ..Default::default()
    };
    let _: RequestIdResponse = kms.call("UntagResource", &params).await?;
    Ok(())
}

/// Alibaba answers every tag at once: the pages are cut here (the marker
/// is the offset of the next page's first tag).
pub(super) async fn list_resource_tags(
    kms: &Inner,
    request: ListResourceTagsRequest,
) -> Result<ListResourceTagsPage> {
    let start = match request.marker.as_deref() {
        None => 0,
        Some(m) => m
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 1 && !m.starts_with('0'))
            .ok_or_else(|| Error::InvalidMarker {
                listing: "list_resource_tags".into(),
            })?,
    };
    let size = limited(request.limit, crate::spec::limits::MAX_TAGS_PAGE, 50)? as usize;
    let params = wire::ListResourceTagsRequest::new(key_of(kms, &request.key_id).await?);
    let out: wire::ListResourceTagsResponse = kms.call("ListResourceTags", &params).await?;
    let all = out.tags.tag;
    if start > all.len() {
        return Err(Error::InvalidMarker {
            listing: "list_resource_tags".into(),
        });
    }
    let end = (start + size.min(MAX_PAGE_SIZE)).min(all.len());
    let tags = all[start..end]
        .iter()
        .map(|t| Tag::new(t.tag_key.clone(), t.tag_value.clone()))
        .collect();
    let next = (end < all.len()).then(|| end.to_string());
    Ok(ListResourceTagsPage::new(tags, next))
}
