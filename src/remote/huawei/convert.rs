//! Between the crate's types and Huawei's: the vocabulary in Huawei's
//! spelling both ways, key ids, times, base64 and hex, pages, and
//! Huawei's key details.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::spec::Vocabulary;
use crate::wire::huawei::{self as wire, hex_decode};
use crate::{EncryptionContext, KeyId, KeyMetadata, KeySpec, KeyState, KeyUsage};

/// A value of the vocabulary in Huawei's spelling (the crate's canonical
/// one where Huawei has none: Huawei then refuses it).
pub(super) fn spelled<T: Vocabulary>(value: T) -> String {
    wire::spelling(value)
}

/// A value Huawei answered with, read with the vocabulary; a name this
/// crate does not know is an error of kind [`ErrorKind::NotImplemented`].
pub(super) fn read<T: Vocabulary>(name: &str) -> Result<T> {
    T::parse_name(name).map_err(|_| {
        RemoteError::new(
            ErrorKind::NotImplemented,
            format!(
                "Huawei Cloud KMS answered with the {} {name}, which this version of polykms does not know",
                T::KIND
            ),
        )
        .into()
    })
}

/// A malformed answer.
pub(super) fn malformed(endpoint: &str, what: impl std::fmt::Display) -> Error {
    RemoteError::new(
        ErrorKind::Transport,
        format!("Huawei Cloud KMS answered {endpoint} with {what}"),
    )
    .into()
}

/// A required (non-empty) member of an answer.
pub(super) fn required<'a>(value: &'a str, endpoint: &str, member: &str) -> Result<&'a str> {
    if value.is_empty() {
        return Err(malformed(endpoint, format_args!("no {member}")));
    }
    Ok(value)
}

/// A key id Huawei answered with.
pub(super) fn key_id(value: &str, endpoint: &str) -> Result<KeyId> {
    let id = required(value, endpoint, "key_id")?;
    KeyId::parse(id).map_err(|_| malformed(endpoint, format_args!("{id:?}, which is not a key id")))
}

/// A time in epoch milliseconds (a string); empty or `0` is `None`.
pub(super) fn millis(value: &str, endpoint: &str, member: &str) -> Result<Option<SystemTime>> {
    match value.trim() {
        "" | "0" => Ok(None),
        text => text
            .parse::<u64>()
            .map(|ms| Some(UNIX_EPOCH + Duration::from_millis(ms)))
            .map_err(|_| {
                malformed(
                    endpoint,
                    format_args!("{member} {text:?}, which is not a time"),
                )
            }),
    }
}

/// Bytes as Huawei's base64 members carry them.
pub(super) fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// The bytes of a base64 member.
pub(super) fn bytes(value: &str, endpoint: &str, member: &str) -> Result<Vec<u8>> {
    let text = required(value, endpoint, member)?;
    STANDARD
        .decode(text.trim())
        .map_err(|_| malformed(endpoint, format_args!("a {member} that is not base64")))
}

/// The bytes of a hex member.
pub(super) fn hex(value: &str, endpoint: &str, member: &str) -> Result<Vec<u8>> {
    let text = required(value, endpoint, member)?;
    hex_decode(text.trim())
        .ok_or_else(|| malformed(endpoint, format_args!("a {member} that is not hex")))
}

/// A public key as Huawei answers it (PEM, or base64 DER) as DER.
pub(super) fn public_key_der(value: &str, endpoint: &str) -> Result<Vec<u8>> {
    let text = required(value, endpoint, "public_key")?.trim();
    if text.starts_with("-----BEGIN") {
        let (label, der) = spki::der::pem::decode_vec(text.as_bytes())
            .map_err(|e| malformed(endpoint, format_args!("a public_key that is not PEM: {e}")))?;
        if label != "PUBLIC KEY" {
            return Err(malformed(
                endpoint,
                format_args!("a PEM {label:?}, not a PUBLIC KEY"),
            ));
        }
        return Ok(der);
    }
    bytes(text, endpoint, "public_key")
}

/// A key reference within the length every provider takes, as Huawei
/// takes it: a key id or `alias/…` as given; a key URN
/// (`kms:<region>:<domain>:key/<id>`, the `arn` of this provider's
/// metadata) as its key id, an alias URN as its `alias/…` name.
pub(super) fn reference(key: &str) -> Result<String> {
    if key.is_empty() {
        return Err(Error::invalid_argument("key id", "must not be empty"));
    }
    if key.len() > crate::spec::limits::MAX_KEY_REFERENCE {
        return Err(Error::invalid_argument(
            "key id",
            format!(
                "{} bytes; at most {}",
                key.len(),
                crate::spec::limits::MAX_KEY_REFERENCE
            ),
        ));
    }
    if let Some((_, id)) = key.rsplit_once(":key/") {
        return Ok(id.to_owned());
    }
    if let Some(at) = key.find(":alias/") {
        return Ok(key[at + 1..].to_owned());
    }
    Ok(key.to_owned())
}

/// The key URN this provider gives as a key's `arn`: Huawei writes alias
/// URNs `kms:<region>:<domain>:alias/<name>` and has no key ARN, so the
/// key's is written alike, `kms:<region>:<domain>:key/<id>`.
pub(super) fn key_urn(realm: &str, domain_id: &str, key_id: &str) -> String {
    format!("kms:{realm}:{domain_id}:key/{key_id}")
}

/// Whether a reference names an alias (`alias/…` or an alias URN).
pub(super) fn is_alias(key: &str) -> bool {
    key.starts_with("alias/") || key.contains(":alias/")
}

/// The additional authenticated data for an encryption context: the
/// context as a JSON object, its keys sorted (the canonical form every
/// call of this provider sends, so the same context always binds the same
/// way); `None` for no context or an empty one.
pub(super) fn aad(context: Option<&EncryptionContext>) -> Result<Option<String>> {
    let Some(context) = context else {
        return Ok(None);
    };
    context.check()?;
    if context.iter().next().is_none() {
        return Ok(None);
    }
    let map: std::collections::BTreeMap<&str, &str> = context.iter().collect();
    serde_json::to_string(&map)
        .map(Some)
        .map_err(|e| Error::invalid_argument("encryption context", e.to_string()))
}

/// Huawei's largest page of keys and aliases.
pub(super) const MAX_PAGE_SIZE: usize = 1000;

/// A page size for Huawei: the limit asked for within the crate's bounds,
/// `default` without one.
pub(super) fn page_size(limit: Option<usize>, max: usize, default: usize) -> Result<usize> {
    match limit {
        Some(n) if n == 0 || n > max => Err(Error::invalid_argument(
            "limit",
            format!("{n}; from 1 to {max}"),
        )),
        Some(n) => Ok(n.min(MAX_PAGE_SIZE)),
        None => Ok(default),
    }
}

/// A marker of a listing cut here: the offset of the next page's first
/// item, as [`local_page`] gave it.
pub(super) fn offset(marker: Option<&str>, listing: &str) -> Result<usize> {
    match marker {
        None => Ok(0),
        Some(m) => m
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 1 && !m.starts_with('0'))
            .ok_or_else(|| Error::InvalidMarker {
                listing: listing.into(),
            }),
    }
}

/// The page of `all` from `start`, `size` items, and the next marker.
pub(super) fn local_page<T: Clone>(
    all: &[T],
    start: usize,
    size: usize,
    listing: &str,
) -> Result<(Vec<T>, Option<String>)> {
    if start > all.len() {
        return Err(Error::InvalidMarker {
            listing: listing.into(),
        });
    }
    let end = (start + size).min(all.len());
    Ok((
        all[start..end].to_vec(),
        (end < all.len()).then(|| end.to_string()),
    ))
}

/// Huawei's key details as the crate's metadata. Huawei names no material
/// versions in them: `current_key_version` is `None`,
/// `minimum_decryption_version` 1. Huawei has no key ARN: the `arn` is
/// the [`key_urn`]. Algorithms are the spec's for the usage.
pub(super) fn metadata(details: &wire::KeyDetails, endpoint: &str) -> Result<KeyMetadata> {
    let id = key_id(&details.key_id, endpoint)?;
    let spec: KeySpec = read(required(&details.key_spec, endpoint, "key_spec")?)?;
    let usage: KeyUsage = match details.key_usage.as_str() {
        "" => spec.default_usage(),
        usage => read(usage)?,
    };
    let created = millis(&details.creation_date, endpoint, "creation_date")?
        .ok_or_else(|| malformed(endpoint, "no creation_date"))?;
    let urn = key_urn(&details.realm, &details.domain_id, id.as_str());
    let mut out = KeyMetadata::new(id, urn, created, spec, usage);
    out.key_state = match details.key_state.as_str() {
        "" => KeyState::Enabled,
        state => read(state)?,
    };
    if !details.origin.is_empty() {
        out.origin = read(&details.origin)?;
    }
    out.description = details.key_description.clone();
    out.deletion_date = millis(
        &details.scheduled_deletion_date,
        endpoint,
        "scheduled_deletion_date",
    )?;
    out.current_key_version = None;
    out.minimum_decryption_version = 1;
    out.valid_to = millis(&details.expiration_time, endpoint, "expiration_time")?;
    out.public_key_only = false;
    Ok(out)
}

/// Huawei's `key_alias` for the crate's alias `alias/<name>`: `<name>`.
pub(super) fn key_alias_of(alias: &str) -> &str {
    alias.strip_prefix("alias/").unwrap_or(alias)
}

/// The `key_alias` this provider gives a key created without an alias
/// (Huawei's `create-key` requires one): `polykms-` and 32 random hex
/// digits, unique.
pub(super) fn generated_key_alias() -> String {
    format!("polykms-{}", uuid::Uuid::new_v4().simple())
}
