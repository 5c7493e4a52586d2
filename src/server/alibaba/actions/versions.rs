//! Key versions, rotation, settings, import and random passwords:
//! `CreateKeyVersion`, `ListKeyVersions`, `DescribeKeyVersion`,
//! `UpdateRotationPolicy`, `UpdateKeyDescription`,
//! `GetParametersForImport`, `ImportKeyMaterial`, `DeleteKeyMaterial`,
//! `GetRandomPassword`.
//!
//! A key's versions are its material versions, 1 to the current one, each
//! named by [`key_version_id`](crate::wire::alibaba::key_version_id);
//! version 1 was made with the key, each later one by a rotation.

use std::time::SystemTime;

use super::{
    Answer, Context, Fail, b64, done, invalid_parameter, json, need, page, page_parameter,
    unbase64, vocabulary,
};
use crate::spec::{WrappingAlgorithm, WrappingKeySpec};
use crate::wire::alibaba as wire;
use crate::{AsyncKeyManagerExt, GenerateRandomRequest};

/// `ListKeyVersions`' default and largest page sizes.
const PAGE_SIZE: (usize, usize) = (10, 100);

pub(super) async fn create_key_version(c: &Context<'_>) -> Answer {
    let r: wire::CreateKeyVersionRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let rotation = c.kms.rotate_key_on_demand(&key).await?;
    let id = rotation.key_id.to_string();
    // A provider that does not number versions: the key's current one.
    let version = match rotation.key_version {
        Some(version) => version,
        None => current_version(c, &id).await?,
    };
    let entry = wire::KeyVersion::of(&id, version, rotation.rotation_date);
    json(&wire::CreateKeyVersionResponse::new(entry, c.request_id))
}

async fn current_version(c: &Context<'_>, key: &str) -> Result<u32, Fail> {
    c.kms
        .describe_key(key)
        .await?
        .current_key_version
        .ok_or_else(|| Fail::Unsupported("the key's provider does not number its versions".into()))
}

/// Every version of `key`: its id, and each version's number and date.
async fn versions(c: &Context<'_>, key: &str) -> Result<(String, Vec<(u32, SystemTime)>), Fail> {
    let meta = c.kms.describe_key(key).await?;
    let id = meta.key_id.to_string();
    let Some(current) = meta.current_key_version else {
        // Pending import: no material, no versions.
        return Ok((id, Vec::new()));
    };
    let mut dates = vec![(1, meta.creation_date)];
    if meta.key_spec.rotates() {
        for rotation in c.kms.list_all_key_rotations(&id).await? {
            if let Some(version) = rotation.key_version {
                dates.push((version, rotation.rotation_date));
            }
        }
    }
    dates.retain(|(v, _)| *v <= current);
    dates.sort_unstable_by_key(|(v, _)| *v);
    dates.dedup_by_key(|(v, _)| *v);
    if dates.len() != usize::try_from(current).unwrap_or(usize::MAX) {
        return Err(Fail::Unsupported(
            "the key's provider does not report when each version was made".into(),
        ));
    }
    Ok((id, dates))
}

pub(super) async fn list_key_versions(c: &Context<'_>) -> Answer {
    let r: wire::ListKeyVersionsRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let number = page_parameter("PageNumber", r.page_number, 1, usize::MAX)?;
    let size = page_parameter("PageSize", r.page_size, PAGE_SIZE.0, PAGE_SIZE.1)?;
    let (id, all) = versions(c, &key).await?;
    let entries = all
        .into_iter()
        .map(|(version, date)| wire::KeyVersion::of(&id, version, date))
        .collect();
    let (entries, total) = page(entries, number, size);
    json(&wire::ListKeyVersionsResponse::new(
        entries,
        total,
        i64::try_from(number).unwrap_or(i64::MAX),
        i64::try_from(size).unwrap_or_default(),
        c.request_id,
    ))
}

pub(super) async fn describe_key_version(c: &Context<'_>) -> Answer {
    let r: wire::DescribeKeyVersionRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let wanted = need("KeyVersionId", r.key_version_id.as_deref())?;
    let (id, all) = versions(c, &key).await?;
    let found = wire::version_of_id(&id, wanted, all.iter().map(|(v, _)| *v));
    let (version, date) = found
        .and_then(|v| all.into_iter().find(|(n, _)| *n == v))
        .ok_or_else(|| Fail::KeyVersionNotFound(wanted.to_owned()))?;
    let entry = wire::KeyVersion::of(&id, version, date);
    json(&wire::DescribeKeyVersionResponse::new(entry, c.request_id))
}

pub(super) async fn update_rotation_policy(c: &Context<'_>) -> Answer {
    let r: wire::UpdateRotationPolicyRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let enable = r
        .enable_automatic_rotation
        .ok_or(Fail::Missing("EnableAutomaticRotation"))?;
    if enable {
        let interval = need("RotationInterval", r.rotation_interval.as_deref())?;
        let interval = wire::parse_rotation_interval(interval).map_err(invalid_parameter)?;
        let request =
            crate::EnableKeyRotationRequest::new(key).rotation_period_in_days(interval.days());
        c.kms.enable_key_rotation(request).await?;
    } else {
        c.kms.disable_key_rotation(&key).await?;
    }
    done(c)
}

pub(super) async fn update_key_description(c: &Context<'_>) -> Answer {
    let r: wire::UpdateKeyDescriptionRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    // Alibaba requires the parameter; an empty description clears it.
    let description = r.description.ok_or(Fail::Missing("Description"))?;
    let request = crate::UpdateKeyDescriptionRequest::new(key, description);
    c.kms.update_key_description(request).await?;
    done(c)
}

pub(super) async fn get_parameters_for_import(c: &Context<'_>) -> Answer {
    let r: wire::GetParametersForImportRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let algorithm =
        vocabulary::<WrappingAlgorithm>("WrappingAlgorithm", r.wrapping_algorithm.as_deref())?
            .ok_or(Fail::Missing("WrappingAlgorithm"))?;
    let spec = vocabulary::<WrappingKeySpec>("WrappingKeySpec", r.wrapping_key_spec.as_deref())?
        .ok_or(Fail::Missing("WrappingKeySpec"))?;
    let request = crate::GetParametersForImportRequest::new(key, algorithm, spec);
    let parameters = c.kms.get_parameters_for_import(request).await?;
    json(&wire::GetParametersForImportResponse::new(
        parameters.key_id.as_str(),
        b64(&parameters.public_key),
        b64(&parameters.import_token),
        parameters.parameters_valid_to,
        c.request_id,
    ))
}

pub(super) async fn import_key_material(c: &Context<'_>) -> Answer {
    let r: wire::ImportKeyMaterialRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    let token = need("ImportToken", r.import_token.as_deref())?;
    let Ok(token) = unbase64("ImportToken", token) else {
        // A token that is not even base64 is no token of this key's.
        let key_id = c.kms.describe_key(&key).await?.key_id;
        return Err(Fail::Kms(crate::Error::InvalidImportToken {
            key_id,
            reason: "the import token is not base64".to_owned(),
        }));
    };
    let material = unbase64(
        "EncryptedKeyMaterial",
        need("EncryptedKeyMaterial", r.encrypted_key_material.as_deref())?,
    )?;
    let expiry = r.expiry().map_err(invalid_parameter)?;
    let mut request = crate::ImportKeyMaterialRequest::new(key, token, material);
    if let Some(valid_to) = expiry {
        request = request.valid_to(valid_to);
    }
    c.kms.import_key_material(request).await?;
    done(c)
}

pub(super) async fn delete_key_material(c: &Context<'_>) -> Answer {
    let r: wire::DeleteKeyMaterialRequest = c.read()?;
    let key = c.key("KeyId", r.key_id.as_deref())?;
    c.kms.delete_imported_key_material(&key).await?;
    done(c)
}

/// Alibaba's punctuation for passwords.
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

pub(super) async fn get_random_password(c: &Context<'_>) -> Answer {
    let r: wire::GetRandomPasswordRequest = c.read()?;
    let length = match r.password_length {
        None => 32,
        Some(n @ 8..=128) => usize::try_from(n).unwrap_or(32),
        Some(n) => {
            return Err(Fail::Invalid {
                parameter: "PasswordLength",
                reason: format!("{n} is not between 8 and 128"),
            });
        }
    };
    let excluded: Vec<char> = r.exclude_characters.unwrap_or_default().chars().collect();
    let classes: Vec<Vec<char>> = [
        (r.exclude_lowercase, ('a'..='z').collect::<String>()),
        (r.exclude_uppercase, ('A'..='Z').collect()),
        (r.exclude_numbers, ('0'..='9').collect()),
        (r.exclude_punctuation, PUNCTUATION.to_owned()),
    ]
    .into_iter()
    .filter(|(exclude, _)| *exclude != Some(true))
    .map(|(_, class)| {
        class
            .chars()
            .filter(|ch| !excluded.contains(ch))
            .collect::<Vec<_>>()
    })
    .filter(|class| !class.is_empty())
    .collect();
    if classes.is_empty() {
        return Err(Fail::Invalid {
            parameter: "ExcludeCharacters",
            reason: "every character is excluded".to_owned(),
        });
    }
    let each = r.require_each_included_type.unwrap_or(true);
    let password = loop {
        let password = random_password(c, &classes, length).await?;
        let has_each = || {
            classes
                .iter()
                .all(|class| password.chars().any(|ch| class.contains(&ch)))
        };
        if !each || has_each() {
            break password;
        }
    };
    json(&wire::GetRandomPasswordResponse::new(
        password,
        c.request_id,
    ))
}

/// `length` characters drawn uniformly from the union of `classes`, by
/// rejection sampling over the provider's random bytes.
async fn random_password(
    c: &Context<'_>,
    classes: &[Vec<char>],
    length: usize,
) -> Result<String, Fail> {
    let alphabet: Vec<char> = classes.iter().flatten().copied().collect();
    // The largest multiple of the alphabet's size below 256: bytes at or
    // above it are dropped, so every character is equally likely.
    let limit = 256 - 256 % alphabet.len();
    let mut password = String::with_capacity(length);
    while password.chars().count() < length {
        let bytes = c
            .kms
            .generate_random(GenerateRandomRequest::new(2 * length))
            .await?;
        for &b in bytes.expose_secret() {
            if usize::from(b) < limit && password.chars().count() < length {
                password.push(alphabet[usize::from(b) % alphabet.len()]);
            }
        }
    }
    Ok(password)
}
