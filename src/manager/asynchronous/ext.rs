//! [`AsyncKeyManagerExt`]: the `list_all_*` conveniences, as futures.

use super::{AsyncKeyManager, BoxFuture};
use crate::Result;
use crate::key::{AliasEntry, KeyListEntry, Tag};
use crate::limits;
use crate::request::{
    ListAliasesRequest, ListKeyRotationsRequest, ListKeysRequest, ListResourceTagsRequest,
};
use crate::response::KeyRotation;

/// [`KeyManagerExt`](crate::KeyManagerExt) for the async interface: the
/// `list_all_*` methods follow the list markers page by page, for every
/// async key manager (including `dyn AsyncKeyManager`).
///
/// ```
/// use polykms::{AsyncKeyManager, AsyncKeyManagerExt, CreateKeyRequest, InMemory, KeySpec};
///
/// let kms = InMemory::new();
/// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
/// runtime.block_on(async {
///     let request = CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/a");
///     let key = kms.create_key(request).await?;
///     assert_eq!(kms.list_all_keys().await?.len(), 1);
///     assert_eq!(kms.list_all_aliases(None).await?[0].alias_name, "alias/a");
///     assert!(kms.list_all_resource_tags(key.key_id.as_str()).await?.is_empty());
///     assert!(kms.list_all_key_rotations(key.key_id.as_str()).await?.is_empty());
///     Ok::<(), polykms::Error>(())
/// })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait AsyncKeyManagerExt: AsyncKeyManager {
    /// Every key.
    fn list_all_keys(&self) -> BoxFuture<'_, Result<Vec<KeyListEntry>>> {
        let request = ListKeysRequest::new().limit(limits::MAX_LIST_LIMIT);
        collect_pages(
            move |marker| {
                self.list_keys(ListKeysRequest {
                    marker,
                    ..request.clone()
                })
            },
            |page| (page.keys, page.next_marker),
        )
    }

    /// Every alias, or every alias of one key.
    fn list_all_aliases<'a>(
        &'a self,
        key_id: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Vec<AliasEntry>>> {
        let mut request = ListAliasesRequest::new().limit(limits::MAX_ALIASES_PAGE);
        request.key_id = key_id.map(str::to_owned);
        collect_pages(
            move |marker| {
                self.list_aliases(ListAliasesRequest {
                    marker,
                    ..request.clone()
                })
            },
            |page| (page.aliases, page.next_marker),
        )
    }

    /// Every tag of a key.
    fn list_all_resource_tags<'a>(&'a self, key_id: &'a str) -> BoxFuture<'a, Result<Vec<Tag>>> {
        let request = ListResourceTagsRequest::new(key_id).limit(limits::MAX_TAGS_PAGE);
        collect_pages(
            move |marker| {
                self.list_resource_tags(ListResourceTagsRequest {
                    marker,
                    ..request.clone()
                })
            },
            |page| (page.tags, page.next_marker),
        )
    }

    /// Every rotation of a key, oldest first.
    fn list_all_key_rotations<'a>(
        &'a self,
        key_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<KeyRotation>>> {
        let request = ListKeyRotationsRequest::new(key_id).limit(limits::MAX_LIST_LIMIT);
        collect_pages(
            move |marker| {
                self.list_key_rotations(ListKeyRotationsRequest {
                    marker,
                    ..request.clone()
                })
            },
            |page| (page.rotations, page.next_marker),
        )
    }
}

impl<T: AsyncKeyManager + ?Sized> AsyncKeyManagerExt for T {}

/// Awaits `page` with each marker in turn (none first) until a page has no
/// next marker, collecting the items `split` takes from each page.
fn collect_pages<'a, P: 'a, T: Send + 'a>(
    mut page: impl FnMut(Option<String>) -> BoxFuture<'a, Result<P>> + Send + 'a,
    split: fn(P) -> (Vec<T>, Option<String>),
) -> BoxFuture<'a, Result<Vec<T>>> {
    Box::pin(async move {
        let mut all = Vec::new();
        let mut marker = None;
        loop {
            let (items, next) = split(page(marker).await?);
            all.extend(items);
            match next {
                Some(next) => marker = Some(next),
                None => return Ok(all),
            }
        }
    })
}
