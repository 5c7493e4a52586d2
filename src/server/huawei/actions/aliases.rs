//! The alias endpoints: `update-key-alias` (a key's `key_alias`), and
//! Huawei's alias API: `POST aliases`, `DELETE aliases`, `GET aliases`,
//! `alias/associate`.
//!
//! Both name the crate's aliases: Huawei's `key_alias` `app` is the alias
//! `alias/app`, which the alias API names with its prefix.

use super::keys::count;
use super::{Answer, Context, Fail, answer, key_reference, need};
use crate::wire::huawei::{self as wire, epoch_millis};
use crate::{AliasEntry, AsyncKeyManagerExt};

/// The prefix of every crate alias.
const PREFIX: &str = "alias/";

/// `GET aliases`' page size when the request sets none, and the largest.
const PAGE_SIZE: (usize, usize) = (50, 100);

/// The crate alias of a Huawei `key_alias`: `alias/` prefixed unless
/// already there.
pub(super) fn crate_alias(key_alias: &str) -> String {
    let key_alias = key_alias.trim();
    if key_alias.starts_with(PREFIX) {
        key_alias.to_owned()
    } else {
        format!("{PREFIX}{key_alias}")
    }
}

/// A crate alias as Huawei's `key_alias`: without the `alias/` prefix.
pub(super) fn huawei_alias(alias_name: &str) -> &str {
    alias_name.strip_prefix(PREFIX).unwrap_or(alias_name)
}

/// The oldest alias of `key`: its `key_alias`.
pub(super) async fn oldest_alias(cx: &Context<'_>, key: &str) -> Result<Option<AliasEntry>, Fail> {
    let aliases = cx.kms.list_all_aliases(Some(key)).await?;
    Ok(aliases
        .into_iter()
        .min_by(|a, b| (a.creation_date, &a.alias_name).cmp(&(b.creation_date, &b.alias_name))))
}

/// The alias `alias_name` as Huawei's alias API answers it, if it exists.
async fn alias_entry(cx: &Context<'_>, alias_name: &str) -> Result<wire::AliasEntry, Fail> {
    let id = cx.kms.describe_key(alias_name).await?.key_id.to_string();
    let aliases = cx.kms.list_all_aliases(Some(&id)).await?;
    let found = aliases.iter().find(|a| a.alias_name == alias_name);
    let found = found.ok_or_else(|| crate::Error::key_not_found(alias_name))?;
    Ok(entry(cx, found))
}

/// An alias as Huawei's alias API writes it.
fn entry(cx: &Context<'_>, alias: &AliasEntry) -> wire::AliasEntry {
    wire::AliasEntry {
        domain_id: cx.account.to_owned(),
        key_id: alias.target_key_id.to_string(),
        alias: alias.alias_name.clone(),
        alias_urn: format!("kms:{}:{}:{}", cx.region, cx.account, alias.alias_name),
        create_time: epoch_millis(alias.creation_date),
        update_time: epoch_millis(alias.last_updated_date),
    }
}

pub(super) async fn update_key_alias(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::UpdateKeyAliasRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let new = crate_alias(need("key_alias", r.key_alias.as_deref())?);
    let id = cx.kms.describe_key(&key).await?.key_id.to_string();
    let old = oldest_alias(cx, &id).await?;
    if old.as_ref().is_none_or(|old| old.alias_name != new) {
        let has_new = cx
            .kms
            .list_all_aliases(Some(&id))
            .await?
            .iter()
            .any(|a| a.alias_name == new);
        if !has_new {
            cx.kms
                .create_alias(crate::CreateAliasRequest::new(&new, &id))
                .await?;
        }
        if let Some(old) = old {
            cx.kms.delete_alias(&old.alias_name).await?;
        }
    }
    answer(&wire::UpdateKeyAliasResponse::new(wire::KeyAliasInfo {
        key_id: id,
        key_alias: huawei_alias(&new).to_owned(),
    }))
}

pub(super) async fn create_alias(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::CreateAliasRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let alias = need("alias", r.alias.as_deref())?.trim();
    cx.kms
        .create_alias(crate::CreateAliasRequest::new(alias, key))
        .await?;
    answer(&alias_entry(cx, alias).await?)
}

pub(super) async fn associate_alias(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::AssociateAliasRequest = cx.json()?;
    let alias = need("alias", r.alias.as_deref())?.trim();
    let key = key_reference("target_key_id", r.target_key_id.as_deref())?;
    cx.kms
        .update_alias(crate::UpdateAliasRequest::new(alias, key))
        .await?;
    answer(&alias_entry(cx, alias).await?)
}

pub(super) async fn delete_alias(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::DeleteAliasRequest = cx.json()?;
    let key = key_reference("key_id", r.key_id.as_deref())?;
    let names = r.aliases.unwrap_or_default();
    if names.is_empty() {
        return Err(Fail::Missing("aliases"));
    }
    let id = cx.kms.describe_key(&key).await?.key_id.to_string();
    let of_key = cx.kms.list_all_aliases(Some(&id)).await?;
    // Every alias must be the key's before any is deleted.
    if let Some(other) = names
        .iter()
        .find(|name| !of_key.iter().any(|a| &a.alias_name == *name))
    {
        return Err(crate::Error::key_not_found(other).into());
    }
    for name in &names {
        cx.kms.delete_alias(name).await?;
    }
    answer(&wire::EmptyResponse::default())
}

pub(super) async fn list_aliases(cx: &Context<'_>) -> Result<Answer, Fail> {
    let q = wire::ListAliasesQuery::from_query(cx.query);
    let limit = count("limit", q.limit.as_deref(), PAGE_SIZE.0, 1..=PAGE_SIZE.1)?;
    let start = count("marker", q.marker.as_deref(), 0, 0..=usize::MAX)?;
    let key = match q.key_id.as_deref().filter(|k| !k.trim().is_empty()) {
        Some(key) => Some(cx.kms.describe_key(key.trim()).await?.key_id.to_string()),
        None => None,
    };
    let all = cx.kms.list_all_aliases(key.as_deref()).await?;
    let end = start.saturating_add(limit).min(all.len());
    let aliases: Vec<wire::AliasEntry> = all
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|a| entry(cx, a))
        .collect();
    answer(&wire::ListAliasesResponse {
        page_info: wire::PageInfo {
            next_marker: if end < all.len() {
                end.to_string()
            } else {
                String::new()
            },
            current_count: i64::try_from(aliases.len()).unwrap_or(i64::MAX),
        },
        aliases,
    })
}
