//! Keys, aliases and tags: `CreateKey` to `ListResourceTags`.
//!
//! Alias names, tags and descriptions are checked here first, by the rules
//! every provider of the crate applies (an alias valid here is valid on
//! every cloud), so that a bad one fails the same way everywhere and a huge
//! one is never sent.

use aws_sdk_kms::Client;
use aws_sdk_kms::types as sdk;

use super::convert::marker;
use super::convert::{
    answered_key, days, from_sdk, key_id, limit, metadata, missing, next_marker, option_time,
    reference, required, sdk_tag, tag, time, to_sdk,
};
use super::remote_error;
use crate::engine::validate;
use crate::error::{Error, Result};
use crate::{
    AliasEntry, CreateAliasRequest, CreateKeyRequest, CryptoOperation, ErrorKind, KeyLastUsage,
    KeyListEntry, KeyMetadata, KeyUse, ListAliasesPage, ListAliasesRequest, ListKeysPage,
    ListKeysRequest, ListResourceTagsPage, ListResourceTagsRequest, RemoteError,
    ScheduleKeyDeletionRequest, TagResourceRequest, UntagResourceRequest, UpdateAliasRequest,
    UpdateKeyDescriptionRequest,
};

pub(super) async fn create_key(client: &Client, request: CreateKeyRequest) -> Result<KeyMetadata> {
    validate::description(&request.description)?;
    validate::tags(&request.tags)?;
    if let Some(alias) = &request.alias {
        validate::alias_name(alias)?;
        refuse_taken_alias(client, alias).await?;
    }
    let usage = request
        .key_usage
        .unwrap_or_else(|| request.key_spec.default_usage());
    let tags = request
        .tags
        .iter()
        .map(sdk_tag)
        .collect::<Result<Vec<_>>>()?;
    let mut call = client
        .create_key()
        .key_spec(to_sdk(request.key_spec))
        .key_usage(to_sdk(usage))
        .origin(to_sdk(request.origin))
        .set_tags((!tags.is_empty()).then_some(tags));
    if !request.description.is_empty() {
        call = call.description(&request.description);
    }
    let created = call
        .send()
        .await
        .map_err(|e| remote_error("CreateKey", e))?;
    let meta = metadata(required(
        created.key_metadata(),
        "CreateKey",
        "KeyMetadata",
    )?)?;
    if let Some(alias) = request.alias {
        let aliased = client
            .create_alias()
            .alias_name(&alias)
            .target_key_id(meta.key_id.as_str())
            .send()
            .await;
        if let Err(e) = aliased {
            // The alias was taken in the meantime: the key goes, as it
            // would never have been created locally.
            let _ = client
                .schedule_key_deletion()
                .key_id(meta.key_id.as_str())
                .pending_window_in_days(7)
                .send()
                .await;
            return Err(remote_error("CreateAlias", e));
        }
    }
    Ok(meta)
}

/// Refuses an alias that already names a key, before anything is created.
async fn refuse_taken_alias(client: &Client, alias: &str) -> Result<()> {
    match client.describe_key().key_id(alias).send().await {
        Ok(_) => Err(Error::AlreadyExists {
            resource: format!("alias {alias}"),
        }),
        Err(e) => {
            let e = remote_error("DescribeKey", e);
            match e.kind() {
                crate::ErrorKind::NotFound => Ok(()),
                _ => Err(e),
            }
        }
    }
}

/// The key an alias (or alias ARN) names, as its ARN; any other reference
/// as it is. AWS's tag operations and ListAliases' filter take a key id or
/// key ARN only, where every provider of the crate takes any reference: an
/// alias costs one `DescribeKey` more. (An alias's target is a key id or
/// key ARN everywhere.)
async fn key_of(client: &Client, key: &str) -> Result<String> {
    let key = reference(key)?;
    if !(key.starts_with("alias/") || key.contains(":alias/")) {
        return Ok(key.to_owned());
    }
    let out = client
        .describe_key()
        .key_id(key)
        .send()
        .await
        .map_err(|e| remote_error("DescribeKey", e))?;
    let meta = required(out.key_metadata(), "DescribeKey", "KeyMetadata")?;
    Ok(meta.arn().unwrap_or(meta.key_id()).to_owned())
}

pub(super) async fn describe_key(client: &Client, key: &str) -> Result<KeyMetadata> {
    let out = client
        .describe_key()
        .key_id(reference(key)?)
        .send()
        .await
        .map_err(|e| remote_error("DescribeKey", e))?;
    metadata(required(out.key_metadata(), "DescribeKey", "KeyMetadata")?)
}

pub(super) async fn list_keys(client: &Client, request: ListKeysRequest) -> Result<ListKeysPage> {
    let out = client
        .list_keys()
        .set_limit(limit(request.limit)?)
        .set_marker(marker(request.marker, "list_keys")?)
        .send()
        .await
        .map_err(|e| remote_error("ListKeys", e))?;
    let keys = out
        .keys()
        .iter()
        .map(|entry| {
            let id = required(entry.key_id(), "ListKeys", "KeyId")?;
            Ok(KeyListEntry::new(
                key_id(id)?,
                entry.key_arn().unwrap_or_default(),
            ))
        })
        .collect::<Result<_>>()?;
    Ok(ListKeysPage::new(
        keys,
        next_marker(out.truncated(), out.next_marker()),
    ))
}

pub(super) async fn enable_key(client: &Client, key: &str) -> Result<()> {
    client
        .enable_key()
        .key_id(reference(key)?)
        .send()
        .await
        .map_err(|e| remote_error("EnableKey", e))?;
    Ok(())
}

pub(super) async fn disable_key(client: &Client, key: &str) -> Result<()> {
    client
        .disable_key()
        .key_id(reference(key)?)
        .send()
        .await
        .map_err(|e| remote_error("DisableKey", e))?;
    Ok(())
}

pub(super) async fn update_key_description(
    client: &Client,
    request: UpdateKeyDescriptionRequest,
) -> Result<()> {
    validate::description(&request.description)?;
    client
        .update_key_description()
        .key_id(reference(&request.key_id)?)
        .description(request.description)
        .send()
        .await
        .map_err(|e| remote_error("UpdateKeyDescription", e))?;
    Ok(())
}

pub(super) async fn schedule_key_deletion(
    client: &Client,
    request: ScheduleKeyDeletionRequest,
) -> Result<KeyMetadata> {
    let window = request
        .pending_window_in_days
        .map(|days| super::convert::int(days as usize, "pending window in days"))
        .transpose()?;
    let out = client
        .schedule_key_deletion()
        .key_id(reference(&request.key_id)?)
        .set_pending_window_in_days(window)
        .send()
        .await
        .map_err(|e| remote_error("ScheduleKeyDeletion", e))?;
    let key = answered_key(out.key_id(), "ScheduleKeyDeletion")?;
    let mut meta = describe_key(client, key.as_str()).await?;
    // What AWS answered is the truth of the moment; the description may be
    // a little later (it cannot be earlier).
    if let Some(state) = out.key_state() {
        meta.key_state = from_sdk(state)?;
    }
    meta.deletion_date = option_time(out.deletion_date())?.or(meta.deletion_date);
    meta.pending_deletion_window_in_days =
        days(out.pending_window_in_days()).or(meta.pending_deletion_window_in_days);
    Ok(meta)
}

pub(super) async fn cancel_key_deletion(client: &Client, key: &str) -> Result<KeyMetadata> {
    let out = client
        .cancel_key_deletion()
        .key_id(reference(key)?)
        .send()
        .await
        .map_err(|e| remote_error("CancelKeyDeletion", e))?;
    let key = answered_key(out.key_id(), "CancelKeyDeletion")?;
    describe_key(client, key.as_str()).await
}

pub(super) async fn create_alias(client: &Client, request: CreateAliasRequest) -> Result<()> {
    validate::alias_name(&request.alias_name)?;
    client
        .create_alias()
        .alias_name(request.alias_name)
        .target_key_id(reference(&request.target_key_id)?)
        .send()
        .await
        .map_err(|e| remote_error("CreateAlias", e))?;
    Ok(())
}

pub(super) async fn update_alias(client: &Client, request: UpdateAliasRequest) -> Result<()> {
    validate::alias_name(&request.alias_name)?;
    client
        .update_alias()
        .alias_name(request.alias_name)
        .target_key_id(reference(&request.target_key_id)?)
        .send()
        .await
        .map_err(|e| remote_error("UpdateAlias", e))?;
    Ok(())
}

pub(super) async fn delete_alias(client: &Client, alias: &str) -> Result<()> {
    client
        .delete_alias()
        .alias_name(alias)
        .send()
        .await
        .map_err(|e| remote_error("DeleteAlias", e))?;
    Ok(())
}

pub(super) async fn list_aliases(
    client: &Client,
    request: ListAliasesRequest,
) -> Result<ListAliasesPage> {
    let out = client
        .list_aliases()
        .set_key_id(match &request.key_id {
            Some(key) => Some(key_of(client, key).await?),
            None => None,
        })
        .set_limit(limit(request.limit)?)
        .set_marker(marker(request.marker, "list_aliases")?)
        .send()
        .await
        .map_err(|e| remote_error("ListAliases", e))?;
    let mut aliases = Vec::with_capacity(out.aliases().len());
    for entry in out.aliases() {
        // AWS lists the predefined aliases of services not yet used without
        // a key: an alias listed here always names one.
        let Some(target) = entry.target_key_id() else {
            continue;
        };
        aliases.push(alias_entry(entry, target)?);
    }
    Ok(ListAliasesPage::new(
        aliases,
        next_marker(out.truncated(), out.next_marker()),
    ))
}

fn alias_entry(entry: &sdk::AliasListEntry, target: &str) -> Result<AliasEntry> {
    const OP: &str = "ListAliases";
    let name = required(entry.alias_name(), OP, "AliasName")?;
    let created = match entry.creation_date() {
        Some(date) => time(date)?,
        None => return Err(missing(OP, "CreationDate")),
    };
    let mut alias = AliasEntry::new(
        name,
        entry.alias_arn().unwrap_or_default(),
        key_id(target)?,
        created,
    );
    if let Some(updated) = entry.last_updated_date() {
        alias.last_updated_date = time(updated)?;
    }
    Ok(alias)
}

pub(super) async fn tag_resource(client: &Client, request: TagResourceRequest) -> Result<()> {
    validate::tags(&request.tags)?;
    let tags = request
        .tags
        .iter()
        .map(sdk_tag)
        .collect::<Result<Vec<_>>>()?;
    client
        .tag_resource()
        .key_id(key_of(client, &request.key_id).await?)
        .set_tags(Some(tags))
        .send()
        .await
        .map_err(|e| remote_error("TagResource", e))?;
    Ok(())
}

pub(super) async fn untag_resource(client: &Client, request: UntagResourceRequest) -> Result<()> {
    client
        .untag_resource()
        .key_id(key_of(client, &request.key_id).await?)
        .set_tag_keys(Some(request.tag_keys))
        .send()
        .await
        .map_err(|e| remote_error("UntagResource", e))?;
    Ok(())
}

pub(super) async fn list_resource_tags(
    client: &Client,
    request: ListResourceTagsRequest,
) -> Result<ListResourceTagsPage> {
    let out = client
        .list_resource_tags()
        .key_id(key_of(client, &request.key_id).await?)
        .set_limit(limit(request.limit)?)
        .set_marker(marker(request.marker, "list_resource_tags")?)
        .send()
        .await
        .map_err(|e| remote_error("ListResourceTags", e))?;
    Ok(ListResourceTagsPage::new(
        out.tags().iter().map(tag).collect(),
        next_marker(out.truncated(), out.next_marker()),
    ))
}

pub(super) async fn get_key_last_usage(client: &Client, key_id: &str) -> Result<KeyLastUsage> {
    const OP: &str = "GetKeyLastUsage";
    let out = client
        .get_key_last_usage()
        .key_id(reference(key_id)?)
        .send()
        .await
        .map_err(|e| remote_error(OP, e))?;
    let last = out.key_last_usage();
    let last_usage = match last.and_then(|l| l.operation().zip(l.timestamp())) {
        Some((operation, at)) => {
            let operation = operation.as_str().parse::<CryptoOperation>().map_err(|_| {
                Error::from(RemoteError::new(
                    ErrorKind::NotImplemented,
                    format!(
                        "AWS KMS answered {OP} with the operation {operation}, \
                         which this version of polykms does not know"
                    ),
                ))
            })?;
            Some(KeyUse::new(operation, time(at)?))
        }
        None => None,
    };
    let key_creation_date = time(required(out.key_creation_date(), OP, "KeyCreationDate")?)?;
    let tracking_start_date = match out.tracking_start_date() {
        Some(at) => time(at)?,
        None => key_creation_date,
    };
    let mut usage = KeyLastUsage::new(
        answered_key(out.key_id(), OP)?,
        last_usage,
        tracking_start_date,
        key_creation_date,
    );
    usage.request_id = last.and_then(|l| l.kms_request_id()).map(str::to_owned);
    Ok(usage)
}
