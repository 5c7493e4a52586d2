//! Key lifecycle and tags.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;
use std::time::SystemTime;

use super::{AliasRecord, Change, Engine, KeyMeta, KeyRecord, Persist, days, paging, validate};
use crate::crypto::Material;
use crate::key::{KeyId, KeyListEntry, KeyMetadata, ListKeysPage, ListResourceTagsPage, Tag};
use crate::request::{
    CreateKeyRequest, ListKeysRequest, ListResourceTagsRequest, ScheduleKeyDeletionRequest,
    TagResourceRequest, UntagResourceRequest, UpdateKeyDescriptionRequest,
};
use crate::spec::{KeyState, KeyUsage, Origin, Vocabulary, limits};
use crate::{Error, Result};

impl<S: Persist> Engine<S> {
    pub(crate) fn create_key(&self, request: CreateKeyRequest) -> Result<KeyMetadata> {
        let spec = request.key_spec;
        let usage = validate_create(&request)?;
        // Generate before taking the write lock: RSA generation takes a while.
        let versions = match request.origin {
            Origin::Kms => vec![Arc::new(Material::generate(spec)?)],
            Origin::External => Vec::new(),
        };
        let key_id = KeyId::random();
        self.write(|table, now| {
            let mut changes = Vec::new();
            if let Some(alias) = &request.alias {
                if self.alias_in_use(table, alias, now) {
                    return Err(Error::AlreadyExists {
                        resource: format!("alias {alias}"),
                    });
                }
                changes.push(Change::PutAlias(AliasRecord {
                    name: alias.clone(),
                    target: key_id.clone(),
                    creation_date: now,
                    last_updated_date: now,
                }));
            }
            let mut meta = KeyMeta::new(key_id, now, spec, usage, request.origin);
            meta.description = request.description;
            meta.tags = request.tags.into_iter().map(|t| (t.key, t.value)).collect();
            let record = KeyRecord {
                meta,
                versions,
                import: None,
            };
            let metadata = self.metadata(&record);
            changes.insert(0, Change::PutKey(Arc::new(record)));
            Ok((metadata, changes))
        })
    }

    pub(crate) fn describe_key(&self, key: &str) -> Result<KeyMetadata> {
        self.read(|table, now| Ok(self.metadata(self.resolve(table, key, now)?)))
    }

    pub(crate) fn list_keys(&self, request: ListKeysRequest) -> Result<ListKeysPage> {
        let size = paging::page_size(request.limit, 100, limits::MAX_LIST_LIMIT)?;
        let start = match &request.marker {
            Some(marker) => {
                Bound::Excluded(KeyId::parse(marker).map_err(|_| paging::bad_marker("list_keys"))?)
            }
            None => Bound::Unbounded,
        };
        self.read(|table, now| {
            let live = table
                .keys
                .range((start, Bound::Unbounded))
                .filter(|(_, r)| !r.meta.is_deleted(|| now))
                .map(|(id, _)| KeyListEntry::new(id.clone(), self.namespace().key_arn(id)));
            let (keys, next) = paging::page(live, size, |k| k.key_id.to_string());
            Ok(ListKeysPage::new(keys, next))
        })
    }

    /// Applies `f` to a copy of the key's metadata and stores the result.
    pub(super) fn update_meta<T>(
        &self,
        key: &str,
        f: impl FnOnce(&mut KeyMeta, SystemTime) -> Result<T>,
    ) -> Result<T> {
        self.update_record(key, |record, now| {
            let mut meta = record.meta.clone();
            let out = f(&mut meta, now)?;
            if meta == record.meta {
                return Ok((out, None));
            }
            let updated = KeyRecord {
                meta,
                versions: record.versions.clone(),
                import: record.import.clone(),
            };
            Ok((out, Some(updated)))
        })
    }

    /// Computes a key's new record (if it changes) with `f` and stores it.
    pub(super) fn update_record<T>(
        &self,
        key: &str,
        f: impl FnOnce(&KeyRecord, SystemTime) -> Result<(T, Option<KeyRecord>)>,
    ) -> Result<T> {
        self.write(|table, now| {
            let record = self.resolve(table, key, now)?;
            let (out, updated) = f(record, now)?;
            let changes = updated
                .map(|r| vec![Change::PutKey(Arc::new(r))])
                .unwrap_or_default();
            Ok((out, changes))
        })
    }

    pub(crate) fn enable_key(&self, key: &str) -> Result<()> {
        self.update_meta(key, |meta, _| match meta.state {
            KeyState::Enabled | KeyState::Disabled => {
                meta.state = KeyState::Enabled;
                Ok(())
            }
            state => Err(invalid_state(meta, state, "EnableKey")),
        })
    }

    pub(crate) fn disable_key(&self, key: &str) -> Result<()> {
        self.update_meta(key, |meta, _| match meta.state {
            KeyState::Enabled | KeyState::Disabled => {
                meta.state = KeyState::Disabled;
                Ok(())
            }
            state => Err(invalid_state(meta, state, "DisableKey")),
        })
    }

    pub(crate) fn update_key_description(
        &self,
        request: UpdateKeyDescriptionRequest,
    ) -> Result<()> {
        validate::description(&request.description)?;
        self.update_meta(&request.key_id, |meta, _| {
            refuse_pending_deletion(meta, "UpdateKeyDescription")?;
            meta.description = request.description;
            Ok(())
        })
    }

    pub(crate) fn schedule_key_deletion(
        &self,
        request: ScheduleKeyDeletionRequest,
    ) -> Result<KeyMetadata> {
        let key = request.key_id.as_str();
        let window = request
            .pending_window_in_days
            .unwrap_or(limits::MAX_PENDING_WINDOW_DAYS);
        if !(limits::MIN_PENDING_WINDOW_DAYS..=limits::MAX_PENDING_WINDOW_DAYS).contains(&window) {
            return Err(Error::invalid_argument(
                "pending window in days",
                format!("{window}; must be 7 to 30"),
            ));
        }
        self.update_record(key, |record, now| {
            refuse_pending_deletion(&record.meta, "ScheduleKeyDeletion")?;
            let mut updated = record.clone();
            updated.meta.state = KeyState::PendingDeletion;
            updated.meta.deletion_date = Some(now + days(window));
            updated.meta.pending_window_days = Some(window);
            Ok((self.metadata(&updated), Some(updated)))
        })
    }

    pub(crate) fn cancel_key_deletion(&self, key: &str) -> Result<KeyMetadata> {
        self.update_record(key, |record, _| {
            let meta = &record.meta;
            if meta.state != KeyState::PendingDeletion {
                return Err(invalid_state(meta, meta.state, "CancelKeyDeletion"));
            }
            let mut updated = record.clone();
            // A key whose imported material is gone awaits import again.
            updated.meta.state = if record.versions.is_empty() {
                KeyState::PendingImport
            } else {
                KeyState::Disabled
            };
            updated.meta.deletion_date = None;
            updated.meta.pending_window_days = None;
            Ok((self.metadata(&updated), Some(updated)))
        })
    }

    pub(crate) fn tag_resource(&self, request: TagResourceRequest) -> Result<()> {
        validate::tags(&request.tags)?;
        self.update_meta(&request.key_id, |meta, _| {
            refuse_pending_deletion(meta, "TagResource")?;
            let mut merged: BTreeMap<String, String> = meta.tags.clone();
            for tag in request.tags {
                merged.insert(tag.key, tag.value);
            }
            if merged.len() > limits::MAX_TAGS_PER_KEY {
                return Err(Error::LimitExceeded {
                    what: "tags per key".into(),
                    limit: limits::MAX_TAGS_PER_KEY,
                });
            }
            meta.tags = merged;
            Ok(())
        })
    }

    pub(crate) fn untag_resource(&self, request: UntagResourceRequest) -> Result<()> {
        self.update_meta(&request.key_id, |meta, _| {
            refuse_pending_deletion(meta, "UntagResource")?;
            for tag_key in &request.tag_keys {
                meta.tags.remove(tag_key);
            }
            Ok(())
        })
    }

    pub(crate) fn list_resource_tags(
        &self,
        request: ListResourceTagsRequest,
    ) -> Result<ListResourceTagsPage> {
        let size = paging::page_size(request.limit, limits::MAX_TAGS_PAGE, limits::MAX_TAGS_PAGE)?;
        self.read(|table, now| {
            let record = self.resolve(table, &request.key_id, now)?;
            let tags = record
                .meta
                .tags
                .range::<str, _>(paging::after(request.marker.as_deref()))
                .map(|(k, v)| Tag::new(k, v));
            let (tags, next) = paging::page(tags, size, |t| t.key.clone());
            Ok(ListResourceTagsPage::new(tags, next))
        })
    }
}

/// Checks a create-key request; returns the key's usage.
fn validate_create(request: &CreateKeyRequest) -> Result<KeyUsage> {
    let spec = request.key_spec;
    let usage = request.key_usage.unwrap_or(spec.default_usage());
    if !spec.allowed_usages().contains(&usage) {
        let allowed: Vec<&str> = spec.allowed_usages().iter().map(|u| u.as_str()).collect();
        return Err(Error::invalid_argument(
            "key usage",
            format!(
                "{usage} is not allowed for key spec {spec}; allowed: {}",
                allowed.join(", ")
            ),
        ));
    }
    validate::description(&request.description)?;
    validate::tags(&request.tags)?;
    if let Some(alias) = &request.alias {
        validate::alias_name(alias)?;
    }
    Ok(usage)
}

pub(super) fn invalid_state(meta: &KeyMeta, state: KeyState, operation: &str) -> Error {
    Error::InvalidState {
        key_id: meta.key_id.clone(),
        state,
        operation: operation.into(),
    }
}

pub(super) fn refuse_pending_deletion(meta: &KeyMeta, operation: &'static str) -> Result<()> {
    if meta.state == KeyState::PendingDeletion {
        return Err(invalid_state(meta, meta.state, operation));
    }
    Ok(())
}
