//! Key agreement (`DeriveSharedSecret`): ECDH of a KEY_AGREEMENT key's
//! private key and a peer's public key.

use super::operations::{private_material, unsupported_algorithm};
use super::{Engine, Operation, Persist, validate};
use crate::Result;
use crate::request::DeriveSharedSecretRequest;
use crate::response::{CryptoOperation, DeriveSharedSecretResponse};
use crate::spec::{KeyUsage, limits};

const DERIVE_SHARED_SECRET: Operation = Operation {
    name: "DeriveSharedSecret",
    usage: Some(KeyUsage::KeyAgreement),
};

impl<S: Persist> Engine<S> {
    pub(crate) fn derive_shared_secret(
        &self,
        request: DeriveSharedSecretRequest<'_>,
    ) -> Result<DeriveSharedSecretResponse> {
        let record = self.usable_key(&request.key_id, DERIVE_SHARED_SECRET)?;
        let alg = request.algorithm;
        if !record.meta.spec.key_agreement_algorithms().contains(&alg) {
            return Err(unsupported_algorithm(&record, alg));
        }
        validate::length(
            "public key",
            request.public_key.len(),
            limits::MAX_PUBLIC_KEY,
        )?;
        let (_, material) = private_material(&record, "DeriveSharedSecret")?;
        let shared_secret = material.derive_shared_secret(&request.public_key)?;
        self.used(&record, CryptoOperation::DeriveSharedSecret);
        Ok(DeriveSharedSecretResponse::new(
            shared_secret,
            record.meta.key_id.clone(),
            alg,
            record.meta.origin,
        ))
    }
}
