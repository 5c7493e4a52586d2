//! The alias and tag operations: `CreateAlias`, `UpdateAlias`,
//! `DeleteAlias`, `ListAliases`, `TagResource`, `UntagResource`,
//! `ListResourceTags`.

use super::{Answer, Check, Context, Request, empty, json, need, page_size};
use crate::wire::aws as wire;

/// `check` and `key_id` for the requests that point an alias at a key.
macro_rules! alias_target {
    ($($request:ty),+) => {$(
        impl Request for $request {
            fn key_id(&self) -> Option<&str> {
                self.target_key_id.as_deref()
            }

            fn check(&self, c: &mut Check) {
                c.alias_name("AliasName", self.alias_name.as_deref());
                c.key_id("TargetKeyId", self.target_key_id.as_deref());
            }
        }
    )+};
}

alias_target!(wire::CreateAliasRequest, wire::UpdateAliasRequest);

pub(super) async fn create_alias(c: &Context<'_>, r: wire::CreateAliasRequest) -> Answer {
    let alias = need("AliasName", r.alias_name)?;
    let target = need("TargetKeyId", r.target_key_id)?;
    c.kms
        .create_alias(crate::CreateAliasRequest::new(alias, target))
        .await?;
    empty()
}

pub(super) async fn update_alias(c: &Context<'_>, r: wire::UpdateAliasRequest) -> Answer {
    let alias = need("AliasName", r.alias_name)?;
    let target = need("TargetKeyId", r.target_key_id)?;
    c.kms
        .update_alias(crate::UpdateAliasRequest::new(alias, target))
        .await?;
    empty()
}

impl Request for wire::DeleteAliasRequest {
    fn key_id(&self) -> Option<&str> {
        self.alias_name.as_deref()
    }

    fn check(&self, c: &mut Check) {
        c.alias_name("AliasName", self.alias_name.as_deref());
    }
}

pub(super) async fn delete_alias(c: &Context<'_>, r: wire::DeleteAliasRequest) -> Answer {
    c.kms
        .delete_alias(need("AliasName", r.alias_name)?.as_str())
        .await?;
    empty()
}

key_id_request!(wire::ListAliasesRequest, |r, c| {
    c.paging(r.limit, r.marker.as_deref())
});

pub(super) async fn list_aliases(c: &Context<'_>, r: wire::ListAliasesRequest) -> Answer {
    let mut request = crate::ListAliasesRequest::new();
    request.key_id = r.key_id;
    request.limit = page_size(r.limit)?;
    request.marker = r.marker;
    json(&wire::ListAliasesResponse::from_page(
        &c.kms.list_aliases(request).await?,
    ))
}

key_id_request!(wire::TagResourceRequest, |r, c| {
    c.tags("Tags", r.tags.as_deref())
});

pub(super) async fn tag_resource(c: &Context<'_>, r: wire::TagResourceRequest) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let tags = need("Tags", r.tags)?.into_iter().map(Into::into);
    c.kms
        .tag_resource(crate::TagResourceRequest::new(key, tags))
        .await?;
    empty()
}

key_id_request!(wire::UntagResourceRequest, |r, c| {
    c.tag_keys("TagKeys", r.tag_keys.as_deref())
});

pub(super) async fn untag_resource(c: &Context<'_>, r: wire::UntagResourceRequest) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let tag_keys = need("TagKeys", r.tag_keys)?;
    c.kms
        .untag_resource(crate::UntagResourceRequest::new(key, tag_keys))
        .await?;
    empty()
}

key_id_request!(wire::ListResourceTagsRequest, |r, c| {
    c.paging(r.limit, r.marker.as_deref())
});

pub(super) async fn list_resource_tags(
    c: &Context<'_>,
    r: wire::ListResourceTagsRequest,
) -> Answer {
    let mut request = crate::ListResourceTagsRequest::new(need("KeyId", r.key_id)?);
    request.limit = page_size(r.limit)?;
    request.marker = r.marker;
    let page = c.kms.list_resource_tags(request).await?;
    json(&wire::ListResourceTagsResponse::from_page(&page))
}
