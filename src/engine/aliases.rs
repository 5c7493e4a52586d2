//! Aliases.

use std::time::SystemTime;

use super::{AliasRecord, Change, Engine, Persist, paging, validate};
use crate::key::{AliasEntry, KeyRef, ListAliasesPage};
use crate::request::{CreateAliasRequest, ListAliasesRequest, UpdateAliasRequest};
use crate::spec::{KeyState, limits};
use crate::{Error, Result};

impl<S: Persist> Engine<S> {
    /// Whether an alias name is taken by an alias whose key still exists.
    pub(crate) fn alias_in_use(&self, table: &super::Table, name: &str, now: SystemTime) -> bool {
        table.aliases.get(name).is_some_and(|a| {
            table
                .keys
                .get(&a.target)
                .is_some_and(|k| !k.meta.is_deleted(|| now))
        })
    }

    /// The target of an alias must be named by key id or key resource name
    /// (not by another alias), exist, and not be pending deletion.
    fn alias_target<'t>(
        &self,
        table: &'t super::Table,
        target: &str,
        now: SystemTime,
    ) -> Result<&'t super::KeyRecord> {
        if let KeyRef::Alias(_) = self.namespace().parse_reference(target)? {
            return Err(Error::invalid_argument(
                "target key id",
                "an alias must point at a key id or key resource name, not another alias",
            ));
        }
        let record = self.resolve(table, target, now)?;
        if record.meta.state == KeyState::PendingDeletion {
            return Err(Error::InvalidState {
                key_id: record.meta.key_id.clone(),
                state: record.meta.state,
                operation: "alias target".into(),
            });
        }
        Ok(record)
    }

    pub(crate) fn create_alias(&self, request: CreateAliasRequest) -> Result<()> {
        let (alias, target) = (request.alias_name.as_str(), request.target_key_id.as_str());
        validate::alias_name(alias)?;
        self.write(|table, now| {
            let record = self.alias_target(table, target, now)?;
            if self.alias_in_use(table, alias, now) {
                return Err(Error::AlreadyExists {
                    resource: format!("alias {alias}"),
                });
            }
            let entry = AliasRecord {
                name: alias.to_owned(),
                target: record.meta.key_id.clone(),
                creation_date: now,
                last_updated_date: now,
            };
            Ok(((), vec![Change::PutAlias(entry)]))
        })
    }

    /// Points an alias at another key of the same kind and usage (the AWS rule).
    pub(crate) fn update_alias(&self, request: UpdateAliasRequest) -> Result<()> {
        let (alias, target) = (request.alias_name.as_str(), request.target_key_id.as_str());
        validate::alias_name(alias)?;
        self.write(|table, now| {
            let not_found = || Error::NotFound {
                resource: format!("alias {alias}"),
            };
            if !self.alias_in_use(table, alias, now) {
                return Err(not_found());
            }
            let existing = table.aliases.get(alias).ok_or_else(not_found)?;
            let new = self.alias_target(table, target, now)?;
            let old = table.keys.get(&existing.target).ok_or_else(not_found)?;
            let same_kind = old.meta.spec.family() == new.meta.spec.family()
                || (old.meta.spec.is_asymmetric() && new.meta.spec.is_asymmetric());
            if !same_kind || old.meta.usage != new.meta.usage {
                return Err(Error::invalid_argument(
                    "target key id",
                    format!(
                        "alias {alias} points at a {} {} key; the new key is {} {}",
                        old.meta.spec, old.meta.usage, new.meta.spec, new.meta.usage
                    ),
                ));
            }
            let entry = AliasRecord {
                target: new.meta.key_id.clone(),
                last_updated_date: now,
                ..existing.clone()
            };
            Ok(((), vec![Change::PutAlias(entry)]))
        })
    }

    pub(crate) fn delete_alias(&self, alias: &str) -> Result<()> {
        self.write(|table, now| {
            if !self.alias_in_use(table, alias, now) {
                return Err(Error::NotFound {
                    resource: format!("alias {alias}"),
                });
            }
            Ok(((), vec![Change::RemoveAlias(alias.to_owned())]))
        })
    }

    pub(crate) fn list_aliases(&self, request: ListAliasesRequest) -> Result<ListAliasesPage> {
        let size = paging::page_size(request.limit, 50, limits::MAX_ALIASES_PAGE)?;
        self.read(|table, now| {
            let only = match &request.key_id {
                Some(key) => Some(&self.resolve(table, key, now)?.meta.key_id),
                None => None,
            };
            let aliases = table
                .aliases
                .range::<str, _>(paging::after(request.marker.as_deref()))
                .map(|(_, a)| a)
                .filter(|a| self.alias_in_use(table, &a.name, now))
                .filter(|a| only.is_none_or(|id| *id == a.target))
                .map(|a| {
                    let mut entry = AliasEntry::new(
                        a.name.clone(),
                        self.namespace().alias_arn(&a.name),
                        a.target.clone(),
                        a.creation_date,
                    );
                    entry.last_updated_date = a.last_updated_date;
                    entry
                });
            let (aliases, next) = paging::page(aliases, size, |a| a.alias_name.clone());
            Ok(ListAliasesPage::new(aliases, next))
        })
    }
}
