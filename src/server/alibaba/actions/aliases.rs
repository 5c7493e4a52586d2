//! The alias and tag actions: `CreateAlias`, `UpdateAlias`, `DeleteAlias`,
//! `ListAliases`, `ListAliasesByKeyId`, `TagResource`, `UntagResource`,
//! `ListResourceTags`.

use super::{Answer, Context, Fail, done, invalid_parameter, json, need, page, page_parameter};
use crate::AsyncKeyManagerExt;
use crate::wire::alibaba as wire;

/// The list actions' default and largest page sizes.
const PAGE_SIZE: (usize, usize) = (10, 100);

pub(super) async fn create_alias(c: &Context<'_>) -> Answer {
    let r: wire::CreateAliasRequest = c.read()?;
    let alias = need("AliasName", r.alias_name.as_deref())?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let request = crate::CreateAliasRequest::new(alias, key);
    c.kms.create_alias(request).await?;
    done(c)
}

pub(super) async fn update_alias(c: &Context<'_>) -> Answer {
    let r: wire::UpdateAliasRequest = c.read()?;
    let alias = need("AliasName", r.alias_name.as_deref())?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    c.kms
        .update_alias(crate::UpdateAliasRequest::new(alias, key))
        .await?;
    done(c)
}

pub(super) async fn delete_alias(c: &Context<'_>) -> Answer {
    let r: wire::DeleteAliasRequest = c.read()?;
    c.kms
        .delete_alias(need("AliasName", r.alias_name.as_deref())?)
        .await?;
    done(c)
}

pub(super) async fn list_aliases(c: &Context<'_>) -> Answer {
    let r: wire::ListAliasesRequest = c.read()?;
    aliases_page(c, None, r.page_number, r.page_size).await
}

pub(super) async fn list_aliases_by_key_id(c: &Context<'_>) -> Answer {
    let r: wire::ListAliasesByKeyIdRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    aliases_page(c, Some(&key), r.page_number, r.page_size).await
}

async fn aliases_page(
    c: &Context<'_>,
    key: Option<&str>,
    page_number: Option<i64>,
    page_size: Option<i64>,
) -> Answer {
    let number = page_parameter("PageNumber", page_number, 1, usize::MAX)?;
    let size = page_parameter("PageSize", page_size, PAGE_SIZE.0, PAGE_SIZE.1)?;
    let aliases = c.kms.list_all_aliases(key).await?;
    let entries = aliases
        .iter()
        .map(|a| {
            let id = a.target_key_id.as_str();
            wire::AliasListEntry::new(&a.alias_name, c.alias_arn(&a.alias_name), id)
        })
        .collect();
    let (entries, total) = page(entries, number, size);
    json(&wire::ListAliasesResponse::new(
        entries,
        total,
        i64::try_from(number).unwrap_or(i64::MAX),
        i64::try_from(size).unwrap_or_default(),
        c.request_id,
    ))
}

/// The key a tag action names; a secret or certificate (Alibaba's other
/// products share these actions) is not served here.
fn tagged_key(
    c: &Context<'_>,
    key_id: Option<&str>,
    secret_name: Option<&str>,
    certificate_id: Option<&str>,
) -> Result<String, Fail> {
    let other = [
        ("SecretName", secret_name),
        ("CertificateId", certificate_id),
    ];
    if key_id.is_none_or(str::is_empty)
        && let Some((name, _)) = other.iter().find(|(_, v)| v.is_some_and(|v| !v.is_empty()))
    {
        return Err(Fail::Unsupported(format!(
            "{name} is not supported by this server: it keeps keys, not secrets or certificates"
        )));
    }
    c.key("KeyId", key_id)
}

pub(super) async fn tag_resource(c: &Context<'_>) -> Answer {
    let r: wire::TagResourceRequest = c.read()?;
    let key = tagged_key(
        c,
        r.key_id.as_deref(),
        r.secret_name.as_deref(),
        r.certificate_id.as_deref(),
    )?;
    need("Tags", r.tags.as_deref())?;
    let tags = wire::parse_tags("Tags", r.tags.as_deref()).map_err(invalid_parameter)?;
    c.kms
        .tag_resource(crate::TagResourceRequest::new(key, tags))
        .await?;
    done(c)
}

pub(super) async fn untag_resource(c: &Context<'_>) -> Answer {
    let r: wire::UntagResourceRequest = c.read()?;
    let key = tagged_key(
        c,
        r.key_id.as_deref(),
        r.secret_name.as_deref(),
        r.certificate_id.as_deref(),
    )?;
    need("TagKeys", r.tag_keys.as_deref())?;
    let keys =
        wire::parse_string_list("TagKeys", r.tag_keys.as_deref()).map_err(invalid_parameter)?;
    c.kms
        .untag_resource(crate::UntagResourceRequest::new(key, keys))
        .await?;
    done(c)
}

pub(super) async fn list_resource_tags(c: &Context<'_>) -> Answer {
    let r: wire::ListResourceTagsRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    // The answer names the key by id, whichever way the request named it.
    let id = c.kms.describe_key(&key).await?.key_id;
    let tags = c.kms.list_all_resource_tags(id.as_str()).await?;
    json(&wire::ListResourceTagsResponse::new(
        id.as_str(),
        &tags,
        c.request_id,
    ))
}
