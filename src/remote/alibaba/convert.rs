//! Between the crate's types and Alibaba's: the vocabulary in Alibaba's
//! spelling both ways, key ids, times, base64, pages, and Alibaba's
//! `KeyMetadata`.

use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::spec::{Vendor, Vocabulary};
use crate::wire::alibaba::{self as wire, parse_timestamp};
use crate::{KeyId, KeyMetadata, KeySpec, KeyState, KeyUsage};

/// A value of the vocabulary in Alibaba's spelling (or the crate's
/// canonical one where Alibaba has none: Alibaba then refuses it, as it
/// would refuse the name from any client).
pub(super) fn spelled<T: Vocabulary>(value: T) -> String {
    value
        .spelling(Vendor::Alibaba)
        .unwrap_or_else(|| value.as_str())
        .to_owned()
}

/// A value Alibaba answered with, read with the vocabulary; a name this
/// crate does not know is an error of kind [`ErrorKind::NotImplemented`]
/// naming it.
pub(super) fn read<T: Vocabulary>(name: &str) -> Result<T> {
    T::parse_name(name).map_err(|_| {
        RemoteError::new(
            ErrorKind::NotImplemented,
            format!(
                "Alibaba Cloud KMS answered with the {} {name}, which this version of polykms does not know",
                T::KIND
            ),
        )
        .into()
    })
}

/// A member Alibaba's answer should have had.
pub(super) fn missing(action: &str, member: &str) -> Error {
    RemoteError::new(
        ErrorKind::Transport,
        format!("Alibaba Cloud KMS answered {action} without {member}"),
    )
    .into()
}

/// A required (non-empty) member of an answer, or [`missing`].
pub(super) fn required<'a>(value: Option<&'a str>, action: &str, member: &str) -> Result<&'a str> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing(action, member))
}

/// A key id Alibaba answered with.
pub(super) fn key_id(value: Option<&str>, action: &str) -> Result<KeyId> {
    let id = required(value, action, "KeyId")?;
    KeyId::parse(id).map_err(|_| {
        RemoteError::new(
            ErrorKind::Transport,
            format!("Alibaba Cloud KMS answered {action} with {id:?}, which is not a key id"),
        )
        .into()
    })
}

/// A time Alibaba answered with (ISO 8601 UTC).
pub(super) fn time(value: &str, action: &str, member: &str) -> Result<SystemTime> {
    parse_timestamp(value).ok_or_else(|| {
        RemoteError::new(
            ErrorKind::Transport,
            format!(
                "Alibaba Cloud KMS answered {action} with {member} {value:?}, which is not a time"
            ),
        )
        .into()
    })
}

/// An optional time (absent or empty: `None`).
pub(super) fn option_time(
    value: Option<&str>,
    action: &str,
    member: &str,
) -> Result<Option<SystemTime>> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| time(v, action, member))
        .transpose()
}

/// Bytes for Alibaba: base64.
pub(super) fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// The bytes of a base64 member Alibaba answered with.
pub(super) fn bytes(value: Option<&str>, action: &str, member: &str) -> Result<Vec<u8>> {
    let text = required(value, action, member)?;
    STANDARD.decode(text.trim()).map_err(|_| {
        RemoteError::new(
            ErrorKind::Transport,
            format!("Alibaba Cloud KMS answered {action} with a {member} that is not base64"),
        )
        .into()
    })
}

/// A key reference (id, alias, ARN) within the length every provider
/// takes, so that a huge one is never sent.
pub(super) fn reference(key: &str) -> Result<&str> {
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
    Ok(key)
}

/// Whether a reference names an alias (`alias/…` or an alias ARN).
pub(super) fn is_alias(key: &str) -> bool {
    key.starts_with("alias/") || key.contains(":alias/")
}

/// Alibaba's largest page (`PageSize`, 1 to 100).
pub(super) const MAX_PAGE_SIZE: usize = 100;

/// A listing's marker as Alibaba's page number: the marker is the next
/// page's number, as [`next_marker`] gave it; anything else was never
/// given out.
pub(super) fn page_number(marker: Option<&str>, listing: &str) -> Result<i64> {
    match marker {
        None => Ok(1),
        Some(m) => m
            .parse::<i64>()
            .ok()
            .filter(|&n| n >= 2 && m.len() <= 10 && !m.starts_with('0'))
            .ok_or_else(|| Error::InvalidMarker {
                listing: listing.into(),
            }),
    }
}

/// A page size for Alibaba: the limit asked for, at most
/// [`MAX_PAGE_SIZE`] (a page may hold fewer items than the limit), 10 (the
/// crate's default page of a remote listing) without one.
pub(super) fn page_size(limit: Option<usize>) -> Result<i64> {
    match limit {
        Some(0) => Err(Error::invalid_argument("limit", "must be at least 1")),
        Some(limit) if limit > crate::spec::limits::MAX_LIST_LIMIT => Err(Error::invalid_argument(
            "limit",
            format!("{limit}; at most {}", crate::spec::limits::MAX_LIST_LIMIT),
        )),
        Some(limit) => Ok(limit.min(MAX_PAGE_SIZE) as i64),
        None => Ok(MAX_PAGE_SIZE as i64),
    }
}

/// The marker of the page after page `number` of `size` items, when more
/// of the `total` items remain.
pub(super) fn next_marker(number: i64, size: i64, total: i64) -> Option<String> {
    (number.saturating_mul(size) < total).then(|| (number + 1).to_string())
}

/// Alibaba's `KeyMetadata` as the crate's. Alibaba names material versions
/// by `KeyVersionId` (a UUID), not by number: `current_key_version` is
/// `None`; `minimum_decryption_version` is 1 (Alibaba never retires
/// material). Alibaba lists no algorithms: they are the spec's for the
/// usage.
pub(super) fn metadata(meta: &wire::KeyMetadata, action: &str) -> Result<KeyMetadata> {
    let id = key_id(Some(&meta.key_id), action)?;
    let spec: KeySpec = read(required(Some(&meta.key_spec), action, "KeySpec")?)?;
    let usage: KeyUsage = read(required(Some(&meta.key_usage), action, "KeyUsage")?)?;
    let created = time(
        required(Some(&meta.creation_date), action, "CreationDate")?,
        action,
        "CreationDate",
    )?;
    let mut out = KeyMetadata::new(id, meta.arn.clone(), created, spec, usage);
    out.key_state = match meta.key_state.as_str() {
        "" => KeyState::Enabled,
        state => read(state)?,
    };
    if !meta.origin.is_empty() {
        out.origin = read(&meta.origin)?;
    }
    out.description = meta.description.clone();
    out.deletion_date = option_time(meta.delete_date.as_deref(), action, "DeleteDate")?;
    out.current_key_version = None;
    out.minimum_decryption_version = 1;
    out.valid_to = option_time(
        meta.material_expire_time.as_deref(),
        action,
        "MaterialExpireTime",
    )?;
    out.public_key_only = false;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EncryptionAlgorithm, SigningAlgorithm};

    #[test]
    fn the_vocabulary_crosses_in_alibaba_spelling_both_ways() {
        assert_eq!(spelled(KeySpec::SymmetricDefault), "Aliyun_AES_256");
        assert_eq!(spelled(KeySpec::Sm2), "EC_SM2");
        assert_eq!(spelled(KeyUsage::SignVerify), "SIGN/VERIFY");
        assert_eq!(
            spelled(SigningAlgorithm::RsassaPssSha256),
            "RSA_PSS_SHA_256"
        );
        assert_eq!(spelled(EncryptionAlgorithm::Sm2Pke), "SM2PKE");
        // Alibaba has no HMAC_224 keys: the canonical name goes, Alibaba refuses it.
        assert_eq!(spelled(KeySpec::Hmac224), "HMAC_224");
        assert_eq!(read::<KeySpec>("Aliyun_SM4").unwrap(), KeySpec::Sm4);
        assert_eq!(
            read::<KeyUsage>("ENCRYPT/DECRYPT").unwrap(),
            KeyUsage::EncryptDecrypt
        );
        let err = read::<KeySpec>("Aliyun_AES_512").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotImplemented);
        assert!(err.to_string().contains("Aliyun_AES_512"), "{err}");
    }

    #[test]
    fn markers_are_page_numbers_given_out() {
        assert_eq!(page_number(None, "list_keys").unwrap(), 1);
        assert_eq!(page_number(Some("3"), "list_keys").unwrap(), 3);
        for bad in ["", "1", "0", "03", "x", "-2", "99999999999"] {
            let err = page_number(Some(bad), "list_keys").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidMarker, "{bad:?}");
        }
        assert_eq!(next_marker(1, 10, 25).as_deref(), Some("2"));
        assert_eq!(next_marker(3, 10, 25), None);
        assert_eq!(next_marker(1, 10, 10), None);
        assert_eq!(page_size(Some(500)).unwrap(), 100);
        assert_eq!(page_size(Some(7)).unwrap(), 7);
        assert!(page_size(Some(0)).is_err());
        assert!(page_size(Some(1001)).is_err());
    }

    #[test]
    fn metadata_reads_alibaba_members_and_refuses_what_is_missing() {
        let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
        let json = format!(
            r#"{{"KeyId":"{id}","Arn":"acs:kms:cn-hangzhou:1:key/{id}","KeySpec":"EC_P256",
                "KeyUsage":"SIGN/VERIFY","KeyState":"PendingDeletion","Origin":"EXTERNAL",
                "Description":"release signing","CreationDate":"2024-05-01T12:00:00Z",
                "DeleteDate":"2024-05-08T12:00:00Z","PrimaryKeyVersion":"5d41402a-bc4b-2a76-b971-9d911017c592",
                "ProtectionLevel":"SOFTWARE"}}"#
        );
        let meta: wire::KeyMetadata = serde_json::from_str(&json).unwrap();
        let ours = metadata(&meta, "DescribeKey").unwrap();
        assert_eq!(ours.key_id.as_str(), id);
        assert_eq!(ours.key_spec, KeySpec::EccNistP256);
        assert_eq!(ours.key_usage, KeyUsage::SignVerify);
        assert_eq!(ours.key_state, KeyState::PendingDeletion);
        assert_eq!(ours.origin, crate::Origin::External);
        assert_eq!(ours.signing_algorithms, [SigningAlgorithm::EcdsaSha256]);
        assert_eq!(ours.current_key_version, None);
        assert!(ours.deletion_date.unwrap() > ours.creation_date);
        let without_spec: wire::KeyMetadata =
            serde_json::from_str(&json.replace(r#""KeySpec":"EC_P256","#, "")).unwrap();
        let err = metadata(&without_spec, "DescribeKey").unwrap_err();
        assert!(err.to_string().contains("KeySpec"), "{err}");
    }
}
