//! Between the crate's types and the SDK's: the vocabulary in AWS's
//! spelling both ways, key ids out of ARNs, times, blobs, and AWS's
//! `KeyMetadata`.

use std::collections::HashMap;
use std::time::SystemTime;

use aws_sdk_kms::types as sdk;
use aws_smithy_types::{Blob, DateTime};

use crate::error::{Error, ErrorKind, RemoteError, Result};
use crate::spec::{Vendor, Vocabulary};
use crate::{EncryptionContext, KeyId, KeyMetadata, KeySpec, KeyState, KeyUsage, Tag};

/// A value of the vocabulary as the SDK's enum, in AWS's spelling (or the
/// crate's canonical one where AWS has none: AWS then refuses it, as it
/// would refuse the name from any client).
pub(super) fn to_sdk<T: Vocabulary, S: for<'a> From<&'a str>>(value: T) -> S {
    S::from(
        value
            .spelling(Vendor::Aws)
            .unwrap_or_else(|| value.as_str()),
    )
}

/// A value AWS answered with, read with the vocabulary; a name this crate
/// does not know is an error of kind [`ErrorKind::NotImplemented`] naming it.
pub(super) fn from_sdk<T: Vocabulary>(value: &impl AsRef<str>) -> Result<T> {
    let name = value.as_ref();
    T::parse_name(name).map_err(|_| {
        RemoteError::new(
            ErrorKind::NotImplemented,
            format!(
                "AWS KMS answered with the {} {name}, which this version of polykms does not know",
                T::KIND
            ),
        )
        .into()
    })
}

/// Each value of a list AWS answered with (see [`from_sdk`]).
pub(super) fn all_from_sdk<T: Vocabulary>(values: &[impl AsRef<str>]) -> Result<Vec<T>> {
    values.iter().map(from_sdk).collect()
}

/// A member AWS's answer should have had.
pub(super) fn missing(operation: &str, member: &str) -> Error {
    RemoteError::new(
        ErrorKind::Transport,
        format!("AWS KMS answered {operation} without {member}"),
    )
    .into()
}

/// A required member of an answer, or [`missing`].
pub(super) fn required<'a, T: ?Sized>(
    value: Option<&'a T>,
    operation: &str,
    member: &str,
) -> Result<&'a T> {
    value.ok_or_else(|| missing(operation, member))
}

/// The key id of a key ARN (`arn:aws:kms:…:key/ID`), or of a bare id.
pub(super) fn key_id(arn_or_id: &str) -> Result<KeyId> {
    let id = match arn_or_id.strip_prefix("arn:") {
        Some(_) => arn_or_id
            .rsplit_once(":key/")
            .map(|(_, id)| id)
            .ok_or_else(|| {
                RemoteError::new(
                    ErrorKind::Transport,
                    format!("AWS KMS answered with {arn_or_id}, which is not a key ARN"),
                )
            })?,
        None => arn_or_id,
    };
    KeyId::parse(id).map_err(|_| {
        RemoteError::new(
            ErrorKind::Transport,
            format!("AWS KMS answered with {arn_or_id:?}, which is not a key id"),
        )
        .into()
    })
}

/// The key id AWS answered with in the member `KeyId`.
pub(super) fn answered_key(value: Option<&str>, operation: &str) -> Result<KeyId> {
    key_id(required(value, operation, "KeyId")?)
}

/// A time from AWS.
pub(super) fn time(value: &DateTime) -> Result<SystemTime> {
    SystemTime::try_from(*value).map_err(|e| {
        RemoteError::new(
            ErrorKind::Transport,
            format!("AWS KMS answered with a time out of range: {e}"),
        )
        .into()
    })
}

/// An optional time from AWS.
pub(super) fn option_time(value: Option<&DateTime>) -> Result<Option<SystemTime>> {
    value.map(time).transpose()
}

/// A time for AWS.
pub(super) fn date_time(time: SystemTime) -> DateTime {
    DateTime::from(time)
}

/// Bytes for AWS.
pub(super) fn blob(bytes: &[u8]) -> Blob {
    Blob::new(bytes)
}

/// The bytes of a blob member AWS answered with.
pub(super) fn bytes(value: Option<&Blob>, operation: &str, member: &str) -> Result<Vec<u8>> {
    Ok(required(value, operation, member)?.as_ref().to_vec())
}

/// An encryption context for AWS (a map, `None` when absent), within the
/// limits every provider applies.
pub(super) fn context(
    context: Option<&EncryptionContext>,
) -> Result<Option<HashMap<String, String>>> {
    let Some(context) = context else {
        return Ok(None);
    };
    context.check()?;
    Ok(Some(
        context
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    ))
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

/// A count for AWS's 32-bit integers.
pub(super) fn int(value: usize, name: &str) -> Result<i32> {
    i32::try_from(value)
        .map_err(|_| Error::invalid_argument(name, format!("{value} is more than AWS KMS takes")))
}

/// A page size for AWS (`Limit`).
pub(super) fn limit(limit: Option<usize>) -> Result<Option<i32>> {
    limit.map(|l| int(l, "limit")).transpose()
}

/// A listing's marker for AWS: one longer than any AWS gives out (1024
/// characters) is refused here, as every provider refuses a marker it never
/// gave out.
pub(super) fn marker(marker: Option<String>, listing: &str) -> Result<Option<String>> {
    match marker {
        Some(m) if m.is_empty() || m.len() > 1024 => Err(Error::InvalidMarker {
            listing: listing.into(),
        }),
        other => Ok(other),
    }
}

/// The next marker of a page: AWS's, when it says the listing goes on.
pub(super) fn next_marker(truncated: bool, marker: Option<&str>) -> Option<String> {
    truncated.then(|| marker.map(str::to_owned)).flatten()
}

/// A tag for AWS.
pub(super) fn sdk_tag(tag: &Tag) -> Result<sdk::Tag> {
    sdk::Tag::builder()
        .tag_key(&tag.key)
        .tag_value(&tag.value)
        .build()
        .map_err(|e| Error::invalid_argument("tag", e.to_string()))
}

/// A tag from AWS.
pub(super) fn tag(tag: &sdk::Tag) -> Tag {
    Tag::new(tag.tag_key(), tag.tag_value())
}

/// A non-negative count from AWS's 32-bit integers.
pub(super) fn days(value: Option<i32>) -> Option<u32> {
    value.and_then(|v| u32::try_from(v).ok())
}

/// AWS's `KeyMetadata` as the crate's. AWS reports no material versions:
/// `current_key_version` is `None`; `minimum_decryption_version` is 1 (AWS
/// never retires material).
pub(super) fn metadata(meta: &sdk::KeyMetadata) -> Result<KeyMetadata> {
    const OP: &str = "a key's metadata";
    let spec: KeySpec = from_sdk(required(meta.key_spec(), OP, "KeySpec")?)?;
    let usage: KeyUsage = from_sdk(required(meta.key_usage(), OP, "KeyUsage")?)?;
    let created = time(required(meta.creation_date(), OP, "CreationDate")?)?;
    let arn = meta.arn().unwrap_or_default();
    let mut out = KeyMetadata::new(key_id(meta.key_id())?, arn, created, spec, usage);
    out.key_state = match meta.key_state() {
        Some(state) => from_sdk(state)?,
        None if meta.enabled() => KeyState::Enabled,
        None => KeyState::Disabled,
    };
    if let Some(origin) = meta.origin() {
        out.origin = from_sdk(origin)?;
    }
    out.description = meta.description().unwrap_or_default().to_owned();
    out.deletion_date = option_time(meta.deletion_date())?;
    out.pending_deletion_window_in_days = days(meta.pending_deletion_window_in_days());
    out.encryption_algorithms = all_from_sdk(meta.encryption_algorithms())?;
    out.signing_algorithms = all_from_sdk(meta.signing_algorithms())?;
    out.mac_algorithms = all_from_sdk(meta.mac_algorithms())?;
    out.key_agreement_algorithms = all_from_sdk(meta.key_agreement_algorithms())?;
    out.current_key_version = None;
    out.minimum_decryption_version = 1;
    out.valid_to = option_time(meta.valid_to())?;
    out.public_key_only = false;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EncryptionAlgorithm, SigningAlgorithm};

    #[test]
    fn the_vocabulary_crosses_in_aws_spelling_both_ways() {
        let spec: sdk::KeySpec = to_sdk(KeySpec::EccSecgP256k1);
        assert_eq!(spec, sdk::KeySpec::EccSecgP256K1);
        assert_eq!(from_sdk::<KeySpec>(&spec).unwrap(), KeySpec::EccSecgP256k1);
        let alg: sdk::SigningAlgorithmSpec = to_sdk(SigningAlgorithm::RsassaPssSha384);
        assert_eq!(alg.as_str(), "RSASSA_PSS_SHA_384");
        let alg: sdk::EncryptionAlgorithmSpec = to_sdk(EncryptionAlgorithm::Sm2Pke);
        assert_eq!(alg.as_str(), "SM2PKE");
        // AWS has no SM4 keys: the canonical name goes, AWS refuses it.
        let sm4: sdk::KeySpec = to_sdk(KeySpec::Sm4);
        assert_eq!(sm4.as_str(), KeySpec::Sm4.as_str());
        assert_eq!(from_sdk::<KeySpec>(&sm4).unwrap(), KeySpec::Sm4);
    }

    #[test]
    fn a_value_aws_added_later_is_a_clear_error() {
        let newer = sdk::KeySpec::from("ML_KEM_1024");
        let err = from_sdk::<KeySpec>(&newer).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotImplemented);
        assert!(err.to_string().contains("ML_KEM_1024"), "{err}");
        let state = sdk::KeyState::from("Hibernating");
        assert!(from_sdk::<KeyState>(&state).is_err());
    }

    #[test]
    fn key_ids_come_out_of_arns() {
        let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
        let arn = format!("arn:aws:kms:eu-west-1:111122223333:key/{id}");
        assert_eq!(key_id(&arn).unwrap().as_str(), id);
        assert_eq!(key_id(id).unwrap().as_str(), id);
        let mrk = "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
        assert_eq!(
            key_id(mrk).unwrap().as_str(),
            "mrk-1234abcd12ab34cd56ef1234567890ab"
        );
        let alias = "arn:aws:kms:eu-west-1:111122223333:alias/app";
        assert_eq!(key_id(alias).unwrap_err().kind(), ErrorKind::Transport);
    }

    #[test]
    fn metadata_reads_every_member_and_refuses_what_is_missing() {
        let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
        let arn = format!("arn:aws:kms:eu-west-1:111122223333:key/{id}");
        let created = DateTime::from_secs(1_700_000_000);
        let meta = sdk::KeyMetadata::builder()
            .key_id(id)
            .arn(&arn)
            .creation_date(created)
            .enabled(false)
            .key_state(sdk::KeyState::PendingDeletion)
            .key_spec(sdk::KeySpec::EccNistP384)
            .key_usage(sdk::KeyUsageType::SignVerify)
            .origin(sdk::OriginType::External)
            .description("release signing")
            .deletion_date(DateTime::from_secs(1_700_600_000))
            .pending_deletion_window_in_days(7)
            .signing_algorithms(sdk::SigningAlgorithmSpec::EcdsaSha384)
            .build()
            .unwrap();
        let ours = metadata(&meta).unwrap();
        assert_eq!(ours.key_id.as_str(), id);
        assert_eq!(ours.arn, arn);
        assert_eq!(ours.key_state, KeyState::PendingDeletion);
        assert_eq!(ours.key_spec, KeySpec::EccNistP384);
        assert_eq!(ours.key_usage, KeyUsage::SignVerify);
        assert_eq!(ours.origin, crate::Origin::External);
        assert_eq!(ours.description, "release signing");
        assert_eq!(ours.pending_deletion_window_in_days, Some(7));
        assert_eq!(ours.signing_algorithms, [SigningAlgorithm::EcdsaSha384]);
        assert_eq!(ours.current_key_version, None);
        assert_eq!(
            ours.creation_date,
            SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000)
        );
        let without_usage = sdk::KeyMetadata::builder()
            .key_id(id)
            .creation_date(created)
            .key_spec(sdk::KeySpec::SymmetricDefault)
            .build()
            .unwrap();
        let err = metadata(&without_usage).unwrap_err();
        assert!(err.to_string().contains("KeyUsage"), "{err}");
    }
}
