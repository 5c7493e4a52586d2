//! Requests: one struct for every operation that takes more than a key
//! reference, with builders, so that a vendor parameter is a new field
//! rather than a new argument.
//!
//! The cryptographic requests (encrypt, decrypt, sign, MAC, data keys: the
//! hot path) borrow their key reference and bytes by default, as
//! `Cow<'a, …>`, so a call copies nothing; their `into_owned` makes a
//! `'static` request that owns its data, for one that must move to another
//! task or thread (a remote provider's runtime thread, a spawned task).
//! Owning the payload costs up to a fifth of a local encryption or
//! decryption (BENCHMARKS.md, "Owned requests"); borrowing costs the
//! caller who needs ownership one `into_owned` call. The other
//! requests are not on the hot path and own their data outright.

mod crypto;

pub use crypto::{
    DataKeyLength, DecryptRequest, DeriveSharedSecretRequest, EncryptRequest,
    GenerateDataKeyPairRequest, GenerateDataKeyRequest, GenerateMacRequest, GenerateRandomRequest,
    ReEncryptRequest, SignRequest, VerifyMacRequest, VerifyRequest,
};

use std::time::SystemTime;

use crate::key::Tag;
use crate::spec::{KeySpec, KeyUsage, Origin, WrappingAlgorithm, WrappingKeySpec};

/// Creates a key. See [`KeyManager::create_key`](crate::KeyManager::create_key).
///
/// ```
/// use polykms::{CreateKeyRequest, KeySpec, KeyUsage};
///
/// let request = CreateKeyRequest::new(KeySpec::Rsa3072)
///     .usage(KeyUsage::EncryptDecrypt)
///     .description("invoices")
///     .tag("team", "billing")
///     .alias("alias/invoices");
/// assert_eq!(request.tags.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateKeyRequest {
    /// The key spec.
    pub key_spec: KeySpec,
    /// The usage; `None` takes [`KeySpec::default_usage`].
    pub key_usage: Option<KeyUsage>,
    /// The description (at most 8192 characters).
    pub description: String,
    /// Tags to put on the key.
    pub tags: Vec<Tag>,
    /// Where the material comes from: [`Origin::Kms`] generates it;
    /// [`Origin::External`] creates the key without material, in state
    /// `PendingImport`.
    pub origin: Origin,
    /// An alias to create for the key in the same step.
    pub alias: Option<String>,
}

impl CreateKeyRequest {
    /// A request for a key of `key_spec` with its default usage.
    pub fn new(key_spec: KeySpec) -> Self {
        Self {
            key_spec,
            key_usage: None,
            description: String::new(),
            tags: Vec::new(),
            origin: Origin::Kms,
            alias: None,
        }
    }

    /// Sets the usage.
    pub fn usage(mut self, usage: KeyUsage) -> Self {
        self.key_usage = Some(usage);
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push(Tag::new(key, value));
        self
    }

    /// Adds tags.
    pub fn tags(mut self, tags: impl IntoIterator<Item = Tag>) -> Self {
        self.tags.extend(tags);
        self
    }

    /// Sets the origin.
    pub fn origin(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    /// Creates an alias for the key as well.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.alias = Some(alias.into());
        self
    }
}

/// Lists keys a page at a time. See [`KeyManager::list_keys`](crate::KeyManager::list_keys).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListKeysRequest {
    /// Keys per page, 1–1000 (default 100).
    pub limit: Option<usize>,
    /// The `next_marker` of the previous page.
    pub marker: Option<String>,
}

impl ListKeysRequest {
    /// The first page with the default size.
    pub fn new() -> Self {
        Self::default()
    }
}

/// Lists aliases, all of them or one key's, a page at a time. See
/// [`KeyManager::list_aliases`](crate::KeyManager::list_aliases).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListAliasesRequest {
    /// Only the aliases of this key (any key reference).
    pub key_id: Option<String>,
    /// Aliases per page, 1–100 (default 50).
    pub limit: Option<usize>,
    /// The `next_marker` of the previous page.
    pub marker: Option<String>,
}

impl ListAliasesRequest {
    /// The first page of every alias, with the default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the aliases of `key_id`.
    pub fn key_id(mut self, key_id: impl Into<String>) -> Self {
        self.key_id = Some(key_id.into());
        self
    }
}

/// Lists a key's tags a page at a time. See
/// [`KeyManager::list_resource_tags`](crate::KeyManager::list_resource_tags).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListResourceTagsRequest {
    /// Any key reference.
    pub key_id: String,
    /// Tags per page, 1–50 (default 50).
    pub limit: Option<usize>,
    /// The `next_marker` of the previous page.
    pub marker: Option<String>,
}

impl ListResourceTagsRequest {
    /// The first page of the key's tags, with the default size.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            limit: None,
            marker: None,
        }
    }
}

/// Lists a key's rotations a page at a time, oldest first. See
/// [`KeyManager::list_key_rotations`](crate::KeyManager::list_key_rotations).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListKeyRotationsRequest {
    /// Any key reference.
    pub key_id: String,
    /// Rotations per page, 1–1000 (default 100).
    pub limit: Option<usize>,
    /// The `next_marker` of the previous page.
    pub marker: Option<String>,
}

impl ListKeyRotationsRequest {
    /// The first page of the key's rotations, with the default size.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            limit: None,
            marker: None,
        }
    }
}

/// The paging builders every list request shares.
macro_rules! paging {
    ($($request:ty),+) => {$(
        impl $request {
            /// Sets the page size.
            pub fn limit(mut self, limit: usize) -> Self {
                self.limit = Some(limit);
                self
            }

            /// Continues after a previous page.
            pub fn marker(mut self, marker: impl Into<String>) -> Self {
                self.marker = Some(marker.into());
                self
            }
        }
    )+};
}

paging!(
    ListKeysRequest,
    ListAliasesRequest,
    ListResourceTagsRequest,
    ListKeyRotationsRequest
);

/// Replaces a key's description. See
/// [`KeyManager::update_key_description`](crate::KeyManager::update_key_description).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpdateKeyDescriptionRequest {
    /// Any key reference.
    pub key_id: String,
    /// The new description (at most 8192 characters; may be empty).
    pub description: String,
}

impl UpdateKeyDescriptionRequest {
    /// Sets the description of `key_id`.
    pub fn new(key_id: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            description: description.into(),
        }
    }
}

/// Schedules a key's deletion. See
/// [`KeyManager::schedule_key_deletion`](crate::KeyManager::schedule_key_deletion).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScheduleKeyDeletionRequest {
    /// Any key reference.
    pub key_id: String,
    /// The waiting period, 7–30 days (default 30).
    pub pending_window_in_days: Option<u32>,
}

impl ScheduleKeyDeletionRequest {
    /// Deletes `key_id` after the default window of 30 days.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            pending_window_in_days: None,
        }
    }

    /// Sets the waiting period.
    pub fn pending_window_in_days(mut self, days: u32) -> Self {
        self.pending_window_in_days = Some(days);
        self
    }
}

/// The alias requests: an alias name and the key it is to point at.
macro_rules! alias_request {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// The alias name, `alias/…`.
            pub alias_name: String,
            /// The key (its id or resource name; not another alias).
            pub target_key_id: String,
        }

        impl $name {
            /// Points `alias_name` at `target_key_id`. (Swapped arguments
            /// fail: an alias name starts with `alias/`, a key reference
            /// that is not an alias cannot.)
            pub fn new(alias_name: impl Into<String>, target_key_id: impl Into<String>) -> Self {
                Self {
                    alias_name: alias_name.into(),
                    target_key_id: target_key_id.into(),
                }
            }
        }
    };
}

alias_request!(
    /// Creates an alias. See [`KeyManager::create_alias`](crate::KeyManager::create_alias).
    CreateAliasRequest
);

alias_request!(
    /// Points an alias at another key. See [`KeyManager::update_alias`](crate::KeyManager::update_alias).
    UpdateAliasRequest
);

/// Adds tags to a key or replaces their values. See
/// [`KeyManager::tag_resource`](crate::KeyManager::tag_resource).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TagResourceRequest {
    /// Any key reference.
    pub key_id: String,
    /// The tags.
    pub tags: Vec<Tag>,
}

impl TagResourceRequest {
    /// Puts `tags` on `key_id`.
    pub fn new(key_id: impl Into<String>, tags: impl IntoIterator<Item = Tag>) -> Self {
        Self {
            key_id: key_id.into(),
            tags: tags.into_iter().collect(),
        }
    }
}

/// Removes tags from a key. See
/// [`KeyManager::untag_resource`](crate::KeyManager::untag_resource).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UntagResourceRequest {
    /// Any key reference.
    pub key_id: String,
    /// The keys of the tags to remove.
    pub tag_keys: Vec<String>,
}

impl UntagResourceRequest {
    /// Removes the tags with these keys from `key_id`.
    pub fn new<T: Into<String>>(
        key_id: impl Into<String>,
        tag_keys: impl IntoIterator<Item = T>,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            tag_keys: tag_keys.into_iter().map(Into::into).collect(),
        }
    }
}

/// Turns on automatic rotation. See
/// [`KeyManager::enable_key_rotation`](crate::KeyManager::enable_key_rotation).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnableKeyRotationRequest {
    /// Any key reference.
    pub key_id: String,
    /// The period, 7–2560 days (default 365).
    pub rotation_period_in_days: Option<u32>,
}

impl EnableKeyRotationRequest {
    /// Rotates `key_id` every 365 days.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            rotation_period_in_days: None,
        }
    }

    /// Sets the period.
    pub fn rotation_period_in_days(mut self, days: u32) -> Self {
        self.rotation_period_in_days = Some(days);
        self
    }
}

/// Retires a key's material versions below a version. See
/// [`KeyManager::set_minimum_decryption_version`](crate::KeyManager::set_minimum_decryption_version).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SetMinimumDecryptionVersionRequest {
    /// Any key reference.
    pub key_id: String,
    /// The oldest version that still decrypts and verifies (1 retires none).
    pub minimum_version: u32,
}

impl SetMinimumDecryptionVersionRequest {
    /// Retires the versions of `key_id` below `minimum_version`.
    pub fn new(key_id: impl Into<String>, minimum_version: u32) -> Self {
        Self {
            key_id: key_id.into(),
            minimum_version,
        }
    }
}

/// Asks for a wrapping key and import token. See
/// [`KeyManager::get_parameters_for_import`](crate::KeyManager::get_parameters_for_import).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetParametersForImportRequest {
    /// Any reference to a key with origin EXTERNAL.
    pub key_id: String,
    /// How the material will be wrapped.
    pub wrapping_algorithm: WrappingAlgorithm,
    /// The kind of wrapping key.
    pub wrapping_key_spec: WrappingKeySpec,
}

impl GetParametersForImportRequest {
    /// Parameters for wrapping with `wrapping_algorithm` under a `wrapping_key_spec` key.
    pub fn new(
        key_id: impl Into<String>,
        wrapping_algorithm: WrappingAlgorithm,
        wrapping_key_spec: WrappingKeySpec,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            wrapping_algorithm,
            wrapping_key_spec,
        }
    }
}

/// Imports a public key alone. See
/// [`KeyManager::import_public_key`](crate::KeyManager::import_public_key).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportPublicKeyRequest {
    /// Any reference to an asymmetric key with origin EXTERNAL.
    pub key_id: String,
    /// DER SubjectPublicKeyInfo.
    pub public_key: Vec<u8>,
}

impl ImportPublicKeyRequest {
    /// Imports (a copy of) `public_key` into `key_id`.
    pub fn new(key_id: impl Into<String>, public_key: impl AsRef<[u8]>) -> Self {
        Self {
            key_id: key_id.into(),
            public_key: public_key.as_ref().to_vec(),
        }
    }
}

/// Imports wrapped key material into a key with origin EXTERNAL. See
/// [`KeyManager::import_key_material`](crate::KeyManager::import_key_material).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportKeyMaterialRequest {
    /// Any reference to the key.
    pub key_id: String,
    /// The import token from [`get_parameters_for_import`](crate::KeyManager::get_parameters_for_import).
    pub import_token: Vec<u8>,
    /// The key material wrapped under the token's public key with its
    /// wrapping algorithm (see [`wrap_key_material`](crate::wrap_key_material)).
    pub encrypted_key_material: Vec<u8>,
    /// When the material expires: the key then awaits import again
    /// (`KEY_MATERIAL_EXPIRES`). `None` (the default) never expires
    /// (`KEY_MATERIAL_DOES_NOT_EXPIRE`).
    pub valid_to: Option<SystemTime>,
}

impl ImportKeyMaterialRequest {
    /// Imports `encrypted_key_material` with `import_token` (both copied);
    /// the material never expires.
    pub fn new(
        key_id: impl Into<String>,
        import_token: impl AsRef<[u8]>,
        encrypted_key_material: impl AsRef<[u8]>,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            import_token: import_token.as_ref().to_vec(),
            encrypted_key_material: encrypted_key_material.as_ref().to_vec(),
            valid_to: None,
        }
    }

    /// Makes the material expire at `valid_to`, which must be in the future.
    pub fn valid_to(mut self, valid_to: SystemTime) -> Self {
        self.valid_to = Some(valid_to);
        self
    }
}
