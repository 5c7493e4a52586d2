//! How AWS's JSON 1.1 protocol writes values: blobs as standard base64
//! strings, timestamps as seconds since the Unix epoch (a JSON number), and
//! the vocabulary in AWS's spelling.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

use crate::secret::SecretBytes;
use crate::spec::{Vendor, Vocabulary};

/// A value as AWS spells it; a value AWS has no name for (an SM4 key, say)
/// in the crate's canonical spelling.
pub(super) fn spelling<T: Vocabulary>(value: T) -> String {
    value
        .spelling(Vendor::Aws)
        .unwrap_or_else(|| value.as_str())
        .to_owned()
}

/// Each value of a list as AWS spells it (see [`spelling`]).
pub(super) fn spellings<T: Vocabulary>(values: &[T]) -> Vec<String> {
    values.iter().map(|value| spelling(*value)).collect()
}

/// Seconds since the Unix epoch (negative before it).
fn seconds(time: SystemTime) -> f64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// The time `secs` seconds after the Unix epoch.
fn time<E: serde::de::Error>(secs: f64) -> Result<SystemTime, E> {
    let offset = Duration::try_from_secs_f64(secs.abs()).map_err(E::custom)?;
    let time = if secs >= 0.0 {
        UNIX_EPOCH.checked_add(offset)
    } else {
        UNIX_EPOCH.checked_sub(offset)
    };
    time.ok_or_else(|| E::custom(format!("timestamp {secs} is out of range")))
}

/// A blob: a standard base64 string.
pub(super) mod blob {
    use super::*;

    pub(in crate::wire::aws) fn serialize<S: Serializer>(
        bytes: &[u8],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub(in crate::wire::aws) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text).map_err(D::Error::custom)
    }
}

/// A sensitive blob (a plaintext): a standard base64 string.
pub(super) mod secret_blob {
    use super::*;

    pub(in crate::wire::aws) fn serialize<S: Serializer>(
        secret: &SecretBytes,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        blob::serialize(secret.expose_secret(), serializer)
    }

    pub(in crate::wire::aws) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<SecretBytes, D::Error> {
        blob::deserialize(deserializer).map(SecretBytes::new)
    }
}

/// An optional blob (see [`blob`]), for request members: `null` or absent
/// is `None`. Pair it with `default`.
pub(super) mod option_blob {
    use super::*;

    pub(in crate::wire::aws) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| STANDARD.decode(text).map_err(D::Error::custom))
            .transpose()
    }
}

/// An optional sensitive blob (a plaintext or message to sign), for request
/// members: `null` or absent is `None`. Pair it with `default`.
pub(super) mod option_secret_blob {
    use super::*;

    pub(in crate::wire::aws) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SecretBytes>, D::Error> {
        option_blob::deserialize(deserializer).map(|bytes| bytes.map(SecretBytes::new))
    }
}

/// A timestamp: seconds since the Unix epoch, a JSON number.
pub(super) mod epoch_seconds {
    use super::*;

    pub(in crate::wire::aws) fn serialize<S: Serializer>(
        time: &SystemTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(seconds(*time))
    }

    pub(in crate::wire::aws) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<SystemTime, D::Error> {
        time(f64::deserialize(deserializer)?)
    }
}

/// An optional timestamp (see [`epoch_seconds`]); pair it with
/// `skip_serializing_if = "Option::is_none"` and `default`.
pub(super) mod option_epoch_seconds {
    use super::*;

    pub(in crate::wire::aws) fn serialize<S: Serializer>(
        time: &Option<SystemTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => epoch_seconds::serialize(time, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(in crate::wire::aws) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SystemTime>, D::Error> {
        Option::<f64>::deserialize(deserializer)?
            .map(time)
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{KeySpec, KeyState};

    #[test]
    fn spellings_are_aws_where_aws_has_one() {
        assert_eq!(spelling(KeySpec::EccSecgP256k1), "ECC_SECG_P256K1");
        assert_eq!(spelling(KeyState::PendingDeletion), "PendingDeletion");
        // AWS has no SM4 keys: the canonical spelling stands in.
        assert_eq!(spelling(KeySpec::Sm4), KeySpec::Sm4.as_str());
    }

    #[test]
    fn times_are_epoch_seconds_both_ways() {
        let at = UNIX_EPOCH + Duration::from_millis(1_700_000_000_250);
        assert_eq!(seconds(at), 1_700_000_000.25);
        assert_eq!(time::<serde_json::Error>(1_700_000_000.25).unwrap(), at);
        assert_eq!(
            time::<serde_json::Error>(-1.5).unwrap(),
            UNIX_EPOCH - Duration::from_millis(1500)
        );
        assert!(time::<serde_json::Error>(f64::NAN).is_err());
    }
}
