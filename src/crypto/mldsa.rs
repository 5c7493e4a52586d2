//! ML-DSA (FIPS 204) on the RustCrypto `ml-dsa` crate: ML-DSA-44, -65 and
//! -87 with the empty context string, as AWS KMS signs.
//!
//! A private key is kept and stored as its 32-byte seed ξ in PKCS#8, the
//! `seed` form of the IETF LAMPS ML-DSA key encoding (`[0] IMPLICIT OCTET
//! STRING`), which AWS KMS takes for import; public keys are DER
//! SubjectPublicKeyInfo with the NIST OIDs (2.16.840.1.101.3.4.3.17 to .19).
//! Signing is hedged: fresh randomness `rnd` for each signature (FIPS 204,
//! algorithm 2), over the message (RAW) or over a μ the caller computed
//! (EXTERNAL_MU, algorithm 7's output).

use ml_dsa::{MlDsa44, MlDsa65, MlDsa87, MlDsaParams, Signature, SigningKey, VerifyingKey};
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use spki::{DecodePublicKey, EncodePublicKey};

use crate::secret::SecretBytes;
use crate::spec::{KeySpec, MessageType};
use crate::{Error, Result};

/// An ML-DSA private key, expanded once from its seed.
pub(crate) enum MlDsaKey {
    P44(Box<SigningKey<MlDsa44>>),
    P65(Box<SigningKey<MlDsa65>>),
    P87(Box<SigningKey<MlDsa87>>),
}

/// An ML-DSA public key.
pub(crate) enum MlDsaPublicKey {
    P44(Box<VerifyingKey<MlDsa44>>),
    P65(Box<VerifyingKey<MlDsa65>>),
    P87(Box<VerifyingKey<MlDsa87>>),
}

/// Runs the same code for each parameter set of a key enum.
macro_rules! per_set {
    ($enum:ident, $self:expr, $key:ident => $body:expr) => {
        match $self {
            $enum::P44($key) => $body,
            $enum::P65($key) => $body,
            $enum::P87($key) => $body,
        }
    };
}

fn not_a_key(spec: KeySpec) -> Error {
    Error::invalid_argument(
        "key material",
        format!("not a PKCS#8 {spec} private key in the seed form"),
    )
}

impl MlDsaKey {
    /// A key from a fresh random seed.
    pub(crate) fn generate(spec: KeySpec) -> Result<Self> {
        let mut seed = zeroize::Zeroizing::new(ml_dsa::Seed::default());
        super::rng::fill(&mut seed)?;
        Ok(Self::from_seed(spec, &seed))
    }

    fn from_seed(spec: KeySpec, seed: &ml_dsa::Seed) -> Self {
        match spec {
            KeySpec::MlDsa44 => Self::P44(Box::new(SigningKey::from_seed(seed))),
            KeySpec::MlDsa65 => Self::P65(Box::new(SigningKey::from_seed(seed))),
            _ => Self::P87(Box::new(SigningKey::from_seed(seed))),
        }
    }

    /// Loads the seed form of PKCS#8 (the one AWS KMS imports); the
    /// expanded and `both` forms are refused.
    pub(crate) fn from_pkcs8(spec: KeySpec, der: &[u8]) -> Result<Self> {
        let bad = |_| not_a_key(spec);
        Ok(match spec {
            KeySpec::MlDsa44 => Self::P44(Box::new(SigningKey::from_pkcs8_der(der).map_err(bad)?)),
            KeySpec::MlDsa65 => Self::P65(Box::new(SigningKey::from_pkcs8_der(der).map_err(bad)?)),
            KeySpec::MlDsa87 => Self::P87(Box::new(SigningKey::from_pkcs8_der(der).map_err(bad)?)),
            _ => return Err(not_a_key(spec)),
        })
    }

    pub(crate) fn to_pkcs8(&self) -> Result<SecretBytes> {
        per_set!(Self, self, key => {
            let doc = key
                .to_pkcs8_der()
                .map_err(|_| Error::invalid_argument("key material", "ML-DSA key cannot be encoded"))?;
            Ok(SecretBytes::from(doc.as_bytes()))
        })
    }

    pub(crate) fn public_key_der(&self) -> Vec<u8> {
        per_set!(Self, self, key => verifying_key_der(&key.expanded_key().verifying_key()))
    }

    /// Signs a message (RAW) or a 64-byte μ (EXTERNAL_MU), hedged.
    pub(crate) fn sign(&self, kind: MessageType, message: &[u8]) -> Result<Vec<u8>> {
        per_set!(Self, self, key => sign_with(key.expanded_key(), kind, message))
    }

    /// Signs deterministically (`rnd` all zero), as the Wycheproof
    /// vectors do, or with the given `rnd`.
    #[cfg(test)]
    pub(crate) fn sign_internal(&self, message: &[u8], ctx: &[u8], rnd: &[u8; 32]) -> Vec<u8> {
        use signature::SignatureEncoding;
        let prefix = [0, ctx.len() as u8];
        per_set!(Self, self, key => key
            .expanded_key()
            .sign_internal(&[&prefix, ctx, message], &(*rnd).into())
            .to_vec())
    }

    /// Signs a μ deterministically (`rnd` all zero), as the Wycheproof
    /// vectors do.
    #[cfg(test)]
    pub(crate) fn sign_mu_deterministic(&self, mu: &[u8]) -> Vec<u8> {
        use signature::SignatureEncoding;
        let mu = mu.try_into().expect("a 64-byte μ");
        per_set!(Self, self, key => key.expanded_key().sign_mu_deterministic(mu).to_vec())
    }
}

fn verifying_key_der<P>(key: &VerifyingKey<P>) -> Vec<u8>
where
    P: MlDsaParams + spki::AssociatedAlgorithmIdentifier<Params = der::AnyRef<'static>>,
{
    key.to_public_key_der()
        .expect("an ML-DSA public key always encodes")
        .into_vec()
}

fn sign_with<P: MlDsaParams>(
    key: &ml_dsa::ExpandedSigningKey<P>,
    kind: MessageType,
    message: &[u8],
) -> Result<Vec<u8>> {
    use signature::SignatureEncoding;
    let mut rng = super::rng::rng();
    let signature = match kind {
        MessageType::ExternalMu => {
            let mu = message
                .try_into()
                .map_err(|_| Error::invalid_argument("message", "μ is 64 bytes"))?;
            key.sign_mu_randomized(mu, &mut rng)
        }
        _ => key.sign_randomized(message, &[], &mut rng),
    };
    signature
        .map(|s| s.to_vec())
        .map_err(|_| Error::invalid_argument("message", "cannot be signed"))
}

impl MlDsaPublicKey {
    /// Parses a DER SubjectPublicKeyInfo whose OID is `spec`'s (checked by the caller).
    pub(crate) fn from_der(spec: KeySpec, der: &[u8]) -> std::result::Result<Self, spki::Error> {
        Ok(match spec {
            KeySpec::MlDsa44 => Self::P44(Box::new(VerifyingKey::from_public_key_der(der)?)),
            KeySpec::MlDsa65 => Self::P65(Box::new(VerifyingKey::from_public_key_der(der)?)),
            _ => Self::P87(Box::new(VerifyingKey::from_public_key_der(der)?)),
        })
    }

    /// Verifies a signature over a message (RAW) or a μ (EXTERNAL_MU).
    pub(crate) fn verify(&self, kind: MessageType, message: &[u8], signature: &[u8]) -> bool {
        per_set!(Self, self, key => verify_with(key, kind, message, signature))
    }
}

fn verify_with<P: MlDsaParams>(
    key: &VerifyingKey<P>,
    kind: MessageType,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let Ok(signature) = Signature::<P>::try_from(signature) else {
        return false;
    };
    match kind {
        MessageType::ExternalMu => message
            .try_into()
            .is_ok_and(|mu| key.verify_mu(mu, &signature)),
        _ => key.verify_with_context(message, &[], &signature),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(value: &serde_json::Value) -> Vec<u8> {
        let text = value.as_str().expect("a hex string");
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Wycheproof's ML-DSA signing vectors are deterministic (`rnd` all
    /// zero, or the `rnd` a vector gives): the signature from the seed
    /// must be the vector's byte for byte, over `msg` with its context, or
    /// over `mu` alone. Seeds of the wrong length and contexts over 255
    /// bytes (the invalid vectors) cannot be signed. The KMS-level checks
    /// (import of the seed, hedged signing, verification) are in
    /// `tests/wycheproof.rs`.
    #[test]
    fn wycheproof_signatures_from_the_seed_byte_for_byte() {
        for (file, spec) in [
            ("mldsa_44_sign_seed_test.json", KeySpec::MlDsa44),
            ("mldsa_65_sign_seed_test.json", KeySpec::MlDsa65),
            ("mldsa_87_sign_seed_test.json", KeySpec::MlDsa87),
        ] {
            let path = format!(
                "{}/tests/data/wycheproof/{file}",
                env!("CARGO_MANIFEST_DIR")
            );
            let doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let (mut equal, mut refused) = (0, 0);
            for group in doc["testGroups"].as_array().unwrap() {
                let Ok(seed) = ml_dsa::Seed::try_from(hex(&group["privateSeed"]).as_slice()) else {
                    refused += group["tests"].as_array().unwrap().len();
                    continue;
                };
                let key = MlDsaKey::from_seed(spec, &seed);
                let public = key.public_key_der();
                assert!(public.ends_with(&hex(&group["publicKey"])), "{file}");
                for test in group["tests"].as_array().unwrap() {
                    let context = test.get("ctx").map(hex).unwrap_or_default();
                    let ours = match test.get("msg") {
                        _ if context.len() > 255 => {
                            assert_eq!(test["result"], "invalid", "{file} {}", test["tcId"]);
                            refused += 1;
                            continue;
                        }
                        Some(message) => {
                            let rnd = test.get("rnd").map(hex).unwrap_or(vec![0; 32]);
                            let rnd: [u8; 32] = rnd.try_into().unwrap();
                            key.sign_internal(&hex(message), &context, &rnd)
                        }
                        None => key.sign_mu_deterministic(&hex(&test["mu"])),
                    };
                    assert_eq!(ours, hex(&test["sig"]), "{file} tcId {}", test["tcId"]);
                    assert_eq!(test["result"], "valid", "{file} {}", test["tcId"]);
                    equal += 1;
                }
            }
            println!("{file}: {equal} signatures equal byte for byte, {refused} refused");
            let total = doc["numberOfTests"].as_u64().unwrap() as usize;
            assert_eq!(equal + refused, total, "{file}: every vector");
        }
    }
}
