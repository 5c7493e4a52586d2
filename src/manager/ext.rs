//! [`KeyManagerExt`]: conveniences built from the required methods.

use super::KeyManager;
use crate::Result;
use crate::key::{AliasEntry, KeyListEntry, Tag};
use crate::request::{
    ListAliasesRequest, ListKeyRotationsRequest, ListKeysRequest, ListResourceTagsRequest,
};
use crate::response::KeyRotation;

/// Conveniences built from [`KeyManager`]'s methods, for every key manager
/// (including `dyn KeyManager`): the `*_all` methods follow the list markers
/// page by page.
///
/// ```
/// use polykms::{CreateKeyRequest, InMemory, KeyManager, KeyManagerExt, KeySpec};
///
/// let kms = InMemory::new();
/// let key = kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/a"))?;
/// assert_eq!(kms.list_all_keys()?.len(), 1);
/// assert_eq!(kms.list_all_aliases(None)?[0].alias_name, "alias/a");
/// assert!(kms.list_all_resource_tags(key.key_id.as_str())?.is_empty());
/// assert!(kms.list_all_key_rotations(key.key_id.as_str())?.is_empty());
/// # Ok::<(), polykms::Error>(())
/// ```
pub trait KeyManagerExt: KeyManager {
    /// Every key.
    fn list_all_keys(&self) -> Result<Vec<KeyListEntry>> {
        let mut request = ListKeysRequest::new().limit(crate::limits::MAX_LIST_LIMIT);
        collect_pages(|marker| {
            request.marker = marker;
            let page = self.list_keys(request.clone())?;
            Ok((page.keys, page.next_marker))
        })
    }

    /// Every alias, or every alias of one key.
    fn list_all_aliases(&self, key_id: Option<&str>) -> Result<Vec<AliasEntry>> {
        let mut request = ListAliasesRequest::new().limit(crate::limits::MAX_ALIASES_PAGE);
        request.key_id = key_id.map(str::to_owned);
        collect_pages(|marker| {
            request.marker = marker;
            let page = self.list_aliases(request.clone())?;
            Ok((page.aliases, page.next_marker))
        })
    }

    /// Every tag of a key.
    fn list_all_resource_tags(&self, key_id: &str) -> Result<Vec<Tag>> {
        let mut request = ListResourceTagsRequest::new(key_id).limit(crate::limits::MAX_TAGS_PAGE);
        collect_pages(|marker| {
            request.marker = marker;
            let page = self.list_resource_tags(request.clone())?;
            Ok((page.tags, page.next_marker))
        })
    }

    /// Every rotation of a key, oldest first.
    fn list_all_key_rotations(&self, key_id: &str) -> Result<Vec<KeyRotation>> {
        let mut request = ListKeyRotationsRequest::new(key_id).limit(crate::limits::MAX_LIST_LIMIT);
        collect_pages(|marker| {
            request.marker = marker;
            let page = self.list_key_rotations(request.clone())?;
            Ok((page.rotations, page.next_marker))
        })
    }
}

impl<T: KeyManager + ?Sized> KeyManagerExt for T {}

/// Calls `page` with each marker in turn (none first) until a page has no
/// next marker, collecting the items.
fn collect_pages<T>(
    mut page: impl FnMut(Option<String>) -> Result<(Vec<T>, Option<String>)>,
) -> Result<Vec<T>> {
    let mut all = Vec::new();
    let mut marker = None;
    loop {
        let (items, next) = page(marker)?;
        all.extend(items);
        match next {
            Some(next) => marker = Some(next),
            None => return Ok(all),
        }
    }
}
