//! HMAC with SHA-224/256/384/512 and SM3. The keyed state is computed once
//! when the key is loaded and cloned per operation; verification is constant-time.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha224, Sha256, Sha384, Sha512};
use sm3::Sm3;

use crate::spec::KeySpec;
use crate::{Error, Result};

/// An HMAC key in parsed (keyed) form.
#[derive(Clone)]
pub(crate) enum HmacKey {
    Sha224(Hmac<Sha224>),
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
    Sm3(Hmac<Sm3>),
}

macro_rules! per_hash {
    ($self:expr, $mac:ident => $body:expr) => {
        match $self {
            HmacKey::Sha224($mac) => $body,
            HmacKey::Sha256($mac) => $body,
            HmacKey::Sha384($mac) => $body,
            HmacKey::Sha512($mac) => $body,
            HmacKey::Sm3($mac) => $body,
        }
    };
}

impl HmacKey {
    pub(crate) fn new(spec: KeySpec, key: &[u8]) -> Result<Self> {
        if spec.mac_algorithms().is_empty()
            || !spec
                .key_material_len()
                .is_some_and(|r| r.contains(&key.len()))
        {
            return Err(Error::invalid_argument(
                "key material",
                format!("not valid {spec} key material"),
            ));
        }
        let invalid = |_| Error::invalid_argument("key material", "invalid HMAC key");
        Ok(match spec {
            KeySpec::Hmac224 => Self::Sha224(Hmac::new_from_slice(key).map_err(invalid)?),
            KeySpec::Hmac256 => Self::Sha256(Hmac::new_from_slice(key).map_err(invalid)?),
            KeySpec::Hmac384 => Self::Sha384(Hmac::new_from_slice(key).map_err(invalid)?),
            KeySpec::Hmac512 => Self::Sha512(Hmac::new_from_slice(key).map_err(invalid)?),
            _ => Self::Sm3(Hmac::new_from_slice(key).map_err(invalid)?),
        })
    }

    pub(crate) fn mac(&self, message: &[u8]) -> Vec<u8> {
        per_hash!(self, keyed => {
            let mut mac = keyed.clone();
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        })
    }

    /// Constant-time comparison of the full-length MAC.
    pub(crate) fn verify(&self, message: &[u8], tag: &[u8]) -> Result<()> {
        per_hash!(self, keyed => {
            let mut mac = keyed.clone();
            mac.update(message);
            mac.verify_slice(tag).map_err(|_| Error::InvalidMac)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;

    /// Checked against an independent implementation (ring).
    #[test]
    fn sha256_matches_ring() {
        let key = [0x0bu8; 32];
        let ours = HmacKey::new(KeySpec::Hmac256, &key)
            .unwrap()
            .mac(b"Hi There");
        let theirs = ring::hmac::sign(
            &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key),
            b"Hi There",
        );
        assert_eq!(ours, theirs.as_ref());
    }

    #[test]
    fn sm3_matches_known_answer() {
        // HMAC-SM3 with key 0x0b*32 over "Hi There", computed with OpenSSL 3:
        // openssl mac -digest SM3 -macopt hexkey:0b..0b HMAC
        let key = HmacKey::new(KeySpec::HmacSm3, &[0x0b; 32]).unwrap();
        let mac = key.mac(b"Hi There");
        assert_eq!(mac.len(), 32);
        assert_eq!(
            mac,
            hex("c0ba18c68b90c88bc07de794bfc7d2c8d19ec31ed8773bc2b390c9604e0be11e")
        );
        key.verify(b"Hi There", &mac).unwrap();
        assert!(key.verify(b"Hi There", &mac[..31]).is_err());
    }
}
