//! Keys, aliases and tags: `create-key` to `GET {key_id}/tags`.
//!
//! Alias names, tags and descriptions are checked here first, by the rules
//! every provider of the crate applies, so that a bad one fails the same
//! way everywhere and a huge one is never sent.

use std::time::UNIX_EPOCH;

use super::Inner;
use super::convert::{
    MAX_PAGE_SIZE, generated_key_alias, is_alias, key_alias_of, key_id, key_urn, local_page,
    metadata, millis, offset, page_size, reference, spelled,
};
use crate::engine::validate;
use crate::error::{Error, Result};
use crate::spec::limits;
use crate::wire::huawei::{self as wire, EmptyResponse, KeyIdRequest};
use crate::{
    AliasEntry, CreateAliasRequest, CreateKeyRequest, KeyListEntry, KeyMetadata, KeyState,
    ListAliasesPage, ListAliasesRequest, ListKeysPage, ListKeysRequest, ListResourceTagsPage,
    ListResourceTagsRequest, ScheduleKeyDeletionRequest, Tag, TagResourceRequest,
    UntagResourceRequest, UpdateAliasRequest, UpdateKeyDescriptionRequest,
};

/// `create-key`, whose `key_alias` Huawei requires: the alias the request
/// names (without its `alias/` prefix, as Huawei writes `key_alias`), else
/// one generated here ([`generated_key_alias`]). Tags follow in a
/// `batch-tags` call (Huawei's `create-key` takes none); if tagging fails,
/// the key is scheduled for deletion in 7 days and the error returned.
pub(super) async fn create_key(kms: &Inner, request: CreateKeyRequest) -> Result<KeyMetadata> {
    validate::description(&request.description)?;
    validate::tags(&request.tags)?;
    let key_alias = match &request.alias {
        Some(alias) => {
            validate::alias_name(alias)?;
            key_alias_of(alias).to_owned()
        }
        None => generated_key_alias(),
    };
    let usage = request
        .key_usage
        .unwrap_or_else(|| request.key_spec.default_usage());
    let body = wire::CreateKeyRequest {
        key_alias: Some(key_alias),
        key_spec: Some(spelled(request.key_spec)),
        key_usage: Some(spelled(usage)),
        key_description: (!request.description.is_empty()).then(|| request.description.clone()),
        origin: Some(spelled(request.origin)),
        ..Default::default()
    };
    let created: wire::CreateKeyResponse = kms.post("create-key", &body).await?;
    let id = key_id(&created.key_info.key_id, "create-key")?;
    if !request.tags.is_empty()
        && let Err(e) = batch_tags(kms, id.as_str(), "create", &request.tags).await
    {
        let withdraw = wire::ScheduleKeyDeletionRequest {
            key_id: Some(id.to_string()),
            pending_days: Some("7".into()),
            ..Default::default()
        };
        let _: Result<wire::ScheduleKeyDeletionResponse> =
            kms.post("schedule-key-deletion", &withdraw).await;
        return Err(e);
    }
    describe_key(kms, id.as_str()).await
}

/// The key id of a reference: an alias costs a `describe-key` (Huawei's
/// `describe-key` takes aliases); a key id (or key URN, read as its id)
/// is used as it is.
pub(super) async fn key_of(kms: &Inner, key: &str) -> Result<String> {
    let key = reference(key)?;
    if !is_alias(&key) {
        return Ok(key);
    }
    Ok(describe_key(kms, &key).await?.key_id.to_string())
}

pub(super) async fn describe_key(kms: &Inner, key: &str) -> Result<KeyMetadata> {
    let body = KeyIdRequest::new(reference(key)?);
    let out: wire::DescribeKeyResponse = kms.post("describe-key", &body).await?;
    metadata(&out.key_info, "describe-key")
}

/// `list-keys`'s `key_spec` for keys of every spec (Huawei lists AES_256
/// keys alone without one).
const ALL_SPECS: &str = "ALL";

/// `list-keys` of every spec, Huawei's markers (offsets, in digits)
/// passed through; anything else was never given out.
pub(super) async fn list_keys(kms: &Inner, request: ListKeysRequest) -> Result<ListKeysPage> {
    let size = page_size(request.limit, limits::MAX_LIST_LIMIT, 100)?;
    if let Some(marker) = &request.marker
        && (marker.is_empty() || marker.len() > 20 || !marker.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Error::InvalidMarker {
            listing: "list_keys".into(),
        });
    }
    let body = wire::ListKeysRequest {
        limit: Some(size.to_string()),
        marker: request.marker.clone(),
        key_spec: Some(ALL_SPECS.into()),
        ..Default::default()
    };
    let out: wire::ListKeysResponse = kms.post("list-keys", &body).await?;
    let keys = out
        .keys
        .iter()
        .map(|id| {
            let id = key_id(id, "list-keys")?;
            let urn = match out.key_details.iter().find(|d| d.key_id == id.as_str()) {
                Some(d) => key_urn(&d.realm, &d.domain_id, id.as_str()),
                None => id.to_string(),
            };
            Ok(KeyListEntry::new(id, urn))
        })
        .collect::<Result<_>>()?;
    let more = out.truncated.eq_ignore_ascii_case("true") && !out.next_marker.is_empty();
    Ok(ListKeysPage::new(keys, more.then_some(out.next_marker)))
}

/// An endpoint that takes a key and answers with its state.
async fn on_key<T: serde::de::DeserializeOwned>(kms: &Inner, name: &str, key: &str) -> Result<T> {
    let body = KeyIdRequest::new(key_of(kms, key).await?);
    kms.post(name, &body).await
}

/// `enable-key`. Huawei refuses to enable a key that is not disabled
/// (`KMS.1201`): when the key turns out to be enabled already, that is
/// success, as for every provider of the crate.
pub(super) async fn enable_key(kms: &Inner, key: &str) -> Result<()> {
    let done: Result<wire::EnableKeyResponse> = on_key(kms, "enable-key", key).await;
    already(kms, key, done.map(drop), "KMS.1201", KeyState::Enabled).await
}

/// `disable-key`; a key disabled already (`KMS.1301`) is success.
pub(super) async fn disable_key(kms: &Inner, key: &str) -> Result<()> {
    let done: Result<wire::DisableKeyResponse> = on_key(kms, "disable-key", key).await;
    already(kms, key, done.map(drop), "KMS.1301", KeyState::Disabled).await
}

/// `done`, unless it failed with `code` and the key is in `state` already.
async fn already(
    kms: &Inner,
    key: &str,
    done: Result<()>,
    code: &str,
    state: KeyState,
) -> Result<()> {
    match done {
        Err(e) if e.vendor_code() == Some(code) => match describe_key(kms, key).await {
            Ok(meta) if meta.key_state == state => Ok(()),
            _ => Err(e),
        },
        other => other,
    }
}

pub(super) async fn update_key_description(
    kms: &Inner,
    request: UpdateKeyDescriptionRequest,
) -> Result<()> {
    validate::description(&request.description)?;
    let body = wire::UpdateKeyDescriptionRequest {
        key_id: Some(key_of(kms, &request.key_id).await?),
        key_description: Some(request.description),
        ..Default::default()
    };
    let _: wire::UpdateKeyDescriptionResponse = kms.post("update-key-description", &body).await?;
    Ok(())
}

/// Huawei's deletion windows: 7 to 1096 days.
const MIN_PENDING_DAYS: u32 = 7;
const MAX_PENDING_DAYS: u32 = 1096;

/// `schedule-key-deletion` with `pending_days` (the crate's default when
/// none is given; Huawei takes 7 to 1096, and a window outside is refused
/// here); a `describe-key` follows for the metadata.
pub(super) async fn schedule_key_deletion(
    kms: &Inner,
    request: ScheduleKeyDeletionRequest,
) -> Result<KeyMetadata> {
    let window = request
        .pending_window_in_days
        .unwrap_or(limits::MAX_PENDING_WINDOW_DAYS);
    if !(MIN_PENDING_DAYS..=MAX_PENDING_DAYS).contains(&window) {
        return Err(Error::invalid_argument(
            "pending window in days",
            format!("{window}; Huawei Cloud KMS takes {MIN_PENDING_DAYS} to {MAX_PENDING_DAYS}"),
        ));
    }
    let id = key_of(kms, &request.key_id).await?;
    let body = wire::ScheduleKeyDeletionRequest {
        key_id: Some(id.clone()),
        pending_days: Some(window.to_string()),
        ..Default::default()
    };
    let _: wire::ScheduleKeyDeletionResponse = kms.post("schedule-key-deletion", &body).await?;
    let mut meta = describe_key(kms, &id).await?;
    meta.pending_deletion_window_in_days = Some(window);
    Ok(meta)
}

pub(super) async fn cancel_key_deletion(kms: &Inner, key: &str) -> Result<KeyMetadata> {
    let id = key_of(kms, key).await?;
    let _: wire::CancelKeyDeletionResponse = on_key(kms, "cancel-key-deletion", &id).await?;
    describe_key(kms, &id).await
}

/// An alias names a key, never another alias.
fn target_is_a_key(target: &str) -> Result<()> {
    if is_alias(target) {
        return Err(Error::invalid_argument(
            "target key id",
            format!("{target:?} is an alias; an alias names a key"),
        ));
    }
    Ok(())
}

/// `POST aliases`.
pub(super) async fn create_alias(kms: &Inner, request: CreateAliasRequest) -> Result<()> {
    validate::alias_name(&request.alias_name)?;
    target_is_a_key(&request.target_key_id)?;
    let body = wire::CreateAliasRequest {
        key_id: Some(key_of(kms, &request.target_key_id).await?),
        alias: Some(request.alias_name),
    };
    let _: wire::CreateAliasResponse = kms.post("create-alias", &body).await?;
    Ok(())
}

/// `alias/associate`: the alias names another key.
pub(super) async fn update_alias(kms: &Inner, request: UpdateAliasRequest) -> Result<()> {
    validate::alias_name(&request.alias_name)?;
    target_is_a_key(&request.target_key_id)?;
    let body = wire::AssociateAliasRequest {
        alias: Some(request.alias_name),
        target_key_id: Some(key_of(kms, &request.target_key_id).await?),
    };
    let _: wire::AssociateAliasResponse = kms.post("associate-alias", &body).await?;
    Ok(())
}

/// `DELETE aliases`, which names the alias's key: a `describe-key` of the
/// alias finds it.
pub(super) async fn delete_alias(kms: &Inner, alias: &str) -> Result<()> {
    let alias = reference(alias)?;
    let alias = alias.as_str();
    if !is_alias(alias) {
        return Err(Error::invalid_argument(
            "alias name",
            format!("{alias:?} does not start with alias/"),
        ));
    }
    let key = describe_key(kms, alias).await?.key_id;
    let body = wire::DeleteAliasRequest {
        aliases: Some(vec![alias.to_owned()]),
        key_id: Some(key.to_string()),
    };
    let _: EmptyResponse = kms
        .send("delete-alias", &[], Vec::new(), Some(&body))
        .await?;
    Ok(())
}

/// `GET aliases`, Huawei's markers passed through.
pub(super) async fn list_aliases(
    kms: &Inner,
    request: ListAliasesRequest,
) -> Result<ListAliasesPage> {
    const NAME: &str = "list-aliases";
    let size = page_size(request.limit, limits::MAX_ALIASES_PAGE, 50)?;
    let query = wire::ListAliasesQuery {
        key_id: match &request.key_id {
            Some(key) => Some(key_of(kms, key).await?),
            None => None,
        },
        limit: Some(size.min(MAX_PAGE_SIZE).to_string()),
        marker: request.marker.clone(),
    };
    let out: wire::ListAliasesResponse = kms.send(NAME, &[], query.to_query(), None::<&()>).await?;
    let aliases = out
        .aliases
        .iter()
        .map(|item| {
            let created = millis(&item.create_time, NAME, "create_time")?.unwrap_or(UNIX_EPOCH);
            let mut entry = AliasEntry::new(
                item.alias.clone(),
                item.alias_urn.clone(),
                key_id(&item.key_id, NAME)?,
                created,
            );
            entry.last_updated_date =
                millis(&item.update_time, NAME, "update_time")?.unwrap_or(created);
            Ok(entry)
        })
        .collect::<Result<_>>()?;
    let next = Some(out.page_info.next_marker).filter(|m| !m.is_empty());
    Ok(ListAliasesPage::new(aliases, next))
}

/// `POST {key_id}/tags/action` with `action` (`create` or `delete`).
async fn batch_tags(kms: &Inner, key: &str, action: &str, tags: &[Tag]) -> Result<()> {
    let body = wire::BatchTagsRequest {
        tags: Some(
            tags.iter()
                .map(|t| wire::TagItem {
                    key: t.key.clone(),
                    value: t.value.clone(),
                })
                .collect(),
        ),
        action: Some(action.to_owned()),
        ..Default::default()
    };
    let _: EmptyResponse = kms
        .send("batch-tags", &[("key_id", key)], Vec::new(), Some(&body))
        .await?;
    Ok(())
}

pub(super) async fn tag_resource(kms: &Inner, request: TagResourceRequest) -> Result<()> {
    validate::tags(&request.tags)?;
    let key = key_of(kms, &request.key_id).await?;
    batch_tags(kms, &key, "create", &request.tags).await
}

/// `batch-tags` with `action` `delete`: the tags named by key, their
/// values empty.
pub(super) async fn untag_resource(kms: &Inner, request: UntagResourceRequest) -> Result<()> {
    let key = key_of(kms, &request.key_id).await?;
    let tags: Vec<Tag> = request
        .tag_keys
        .iter()
        .map(|k| Tag::new(k.clone(), String::new()))
        .collect();
    batch_tags(kms, &key, "delete", &tags).await
}

/// `GET {key_id}/tags` answers every tag at once: the pages are cut here
/// (the marker is the offset of the next page's first tag).
pub(super) async fn list_resource_tags(
    kms: &Inner,
    request: ListResourceTagsRequest,
) -> Result<ListResourceTagsPage> {
    const LISTING: &str = "list_resource_tags";
    let start = offset(request.marker.as_deref(), LISTING)?;
    let size = page_size(request.limit, limits::MAX_TAGS_PAGE, 50)?;
    let key = key_of(kms, &request.key_id).await?;
    let out: wire::KeyTagsResponse = kms
        .send(
            "list-key-tags",
            &[("key_id", &key)],
            Vec::new(),
            None::<&()>,
        )
        .await?;
    let all: Vec<Tag> = out
        .tags
        .into_iter()
        .map(|t| Tag::new(t.key, t.value))
        .collect();
    let (tags, next) = local_page(&all, start, size, LISTING)?;
    Ok(ListResourceTagsPage::new(tags, next))
}
