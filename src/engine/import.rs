//! Import of key material (origin EXTERNAL, "bring your own key").
//!
//! `get_parameters_for_import` generates a wrapping key pair and keeps its
//! private half in the key's record, named by a random token id; the import
//! token handed out is `PKT1 ‖ key id (16 bytes) ‖ token id (16 bytes)`. It
//! carries no secret: it only names the parameters, which expire after 24
//! hours, and a later request for the same key supersedes them.
//!
//! A key takes one material for its whole life. The first import records a
//! fingerprint of it ([`Material::fingerprint`]); a re-import (after the
//! material expired or was deleted, or to change its expiry) must bring the
//! same material.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use subtle::ConstantTimeEq;

use super::lifecycle::invalid_state;
use super::{Engine, KeyMeta, KeyRecord, PendingImport, Persist, validate};
use crate::crypto::{Material, rng, wrap};
use crate::error::MaterialProblem;
use crate::key::KeyId;
use crate::request::{
    GetParametersForImportRequest, ImportKeyMaterialRequest, ImportPublicKeyRequest,
};
use crate::response::ImportParameters;
use crate::spec::{KeyState, Origin, limits};
use crate::{Error, Result};

const TOKEN_MAGIC: &[u8; 4] = b"PKT1";
const TOKEN_LEN: usize = 4 + 16 + 16;

/// Checks that the key takes imported material now.
fn check_importable(meta: &KeyMeta, operation: &'static str) -> Result<()> {
    if meta.origin != Origin::External {
        return Err(Error::UnsupportedOperation {
            key_id: meta.key_id.clone(),
            spec: meta.spec,
            operation: operation.into(),
        });
    }
    if meta.state == KeyState::PendingDeletion {
        return Err(invalid_state(meta, meta.state, operation));
    }
    Ok(())
}

fn material_error(meta: &KeyMeta, problem: MaterialProblem) -> Error {
    Error::InvalidKeyMaterial {
        key_id: meta.key_id.clone(),
        spec: meta.spec,
        problem,
    }
}

/// Finds the parameters an import token names, for the key of `record`.
fn pending<'r>(
    record: &'r KeyRecord,
    token: &[u8],
    now: SystemTime,
) -> Result<&'r Arc<PendingImport>> {
    let key_id = &record.meta.key_id;
    let invalid = |reason: &str| Error::InvalidImportToken {
        key_id: key_id.clone(),
        reason: reason.into(),
    };
    if token.len() != TOKEN_LEN || &token[..4] != TOKEN_MAGIC {
        return Err(invalid("not an import token"));
    }
    let token_key = KeyId::from_uuid_bytes(token[4..20].try_into().expect("16 bytes"));
    if token_key != *key_id {
        return Err(Error::ImportTokenForAnotherKey {
            key_id: key_id.clone(),
            token_key_id: token_key,
        });
    }
    let pending = record
        .import
        .as_ref()
        .filter(|p| bool::from(p.token_id[..].ct_eq(&token[20..])))
        .ok_or_else(|| {
            invalid("not issued by this key manager, or superseded by later import parameters")
        })?;
    if pending.valid_to <= now {
        return Err(Error::ExpiredImportToken {
            key_id: key_id.clone(),
            expired_at: pending.valid_to,
        });
    }
    Ok(pending)
}

/// The record with `material` imported, after the same-material check.
fn with_material(
    record: &KeyRecord,
    material: Material,
    valid_to: Option<SystemTime>,
) -> Result<KeyRecord> {
    let fingerprint = material.fingerprint();
    let meta = &record.meta;
    if meta
        .material_fingerprint
        .is_some_and(|f| !bool::from(f.ct_eq(&fingerprint)))
    {
        return Err(Error::IncorrectKeyMaterial {
            key_id: meta.key_id.clone(),
        });
    }
    let mut updated = record.clone();
    updated.meta.material_fingerprint = Some(fingerprint);
    updated.meta.public_key_only = material.is_public_key_only();
    updated.meta.valid_to = valid_to;
    if updated.versions.is_empty() {
        updated.versions = vec![Arc::new(material)];
    }
    if updated.meta.state == KeyState::PendingImport {
        updated.meta.state = KeyState::Enabled;
    }
    Ok(updated)
}

impl<S: Persist> Engine<S> {
    pub(crate) fn get_parameters_for_import(
        &self,
        request: GetParametersForImportRequest,
    ) -> Result<ImportParameters> {
        let key = request.key_id.as_str();
        let (algorithm, wrapping_key_spec) =
            (request.wrapping_algorithm, request.wrapping_key_spec);
        if !wrapping_key_spec.wrapping_algorithms().contains(&algorithm) {
            return Err(Error::invalid_argument(
                "wrapping algorithm",
                format!("{algorithm} does not go with wrapping key spec {wrapping_key_spec}"),
            ));
        }
        // Fail early, before generating a wrapping key for nothing.
        self.read(|table, now| {
            check_importable(
                &self.resolve(table, key, now)?.meta,
                "GetParametersForImport",
            )
        })?;
        let wrapping_key = Arc::new(Material::generate(wrapping_key_spec.key_spec())?);
        let token_id: [u8; 16] = rng::bytes(16)?.try_into().expect("16 bytes");
        self.update_record(key, |record, now| {
            check_importable(&record.meta, "GetParametersForImport")?;
            let valid_to = now + Duration::from_secs(limits::IMPORT_PARAMETERS_VALID_HOURS * 3600);
            let mut import_token = Vec::with_capacity(TOKEN_LEN);
            import_token.extend_from_slice(TOKEN_MAGIC);
            import_token.extend_from_slice(&record.meta.uuid_bytes("an import token")?);
            import_token.extend_from_slice(&token_id);
            let parameters = ImportParameters::new(
                record.meta.key_id.clone(),
                import_token,
                wrapping_key
                    .public_key_der()
                    .expect("a wrapping key is asymmetric")
                    .to_vec(),
                algorithm,
                wrapping_key_spec,
                valid_to,
            );
            let mut updated = record.clone();
            updated.import = Some(Arc::new(PendingImport {
                token_id,
                algorithm,
                wrapping_key_spec,
                valid_to,
                wrapping_key,
            }));
            Ok((parameters, Some(updated)))
        })
    }

    pub(crate) fn import_key_material(&self, request: ImportKeyMaterialRequest) -> Result<()> {
        validate::length(
            "encrypted key material",
            request.encrypted_key_material.len(),
            limits::MAX_WRAPPED_KEY_MATERIAL,
        )?;
        // Check the key and token, then unwrap and parse with no lock held.
        let (meta, params) = self.read(|table, now| {
            let record = self.resolve(table, &request.key_id, now)?;
            check_importable(&record.meta, "ImportKeyMaterial")?;
            if request.valid_to.is_some_and(|t| t <= now) {
                return Err(Error::invalid_argument(
                    "valid to",
                    "the expiration date of key material must be in the future",
                ));
            }
            let params = pending(record, &request.import_token, now)?;
            Ok((record.meta.clone(), Arc::clone(params)))
        })?;
        let bytes = wrap::unwrap(
            &params.wrapping_key,
            params.algorithm,
            &request.encrypted_key_material,
        )
        .map_err(|problem| material_error(&meta, problem))?;
        let material = Material::import(meta.spec, bytes.expose_secret())
            .map_err(|problem| material_error(&meta, problem))?;
        self.update_record(&request.key_id, |record, now| {
            check_importable(&record.meta, "ImportKeyMaterial")?;
            // The parameters may have been superseded or expired meanwhile.
            pending(record, &request.import_token, now)?;
            Ok(((), Some(with_material(record, material, request.valid_to)?)))
        })
    }

    pub(crate) fn import_public_key(&self, request: ImportPublicKeyRequest) -> Result<()> {
        let public_key = &request.public_key;
        validate::length("public key", public_key.len(), limits::MAX_PUBLIC_KEY)?;
        self.update_record(&request.key_id, |record, _| {
            let meta = &record.meta;
            check_importable(meta, "ImportPublicKey")?;
            if !meta.spec.is_asymmetric() {
                return Err(Error::UnsupportedOperation {
                    key_id: meta.key_id.clone(),
                    spec: meta.spec,
                    operation: "ImportPublicKey".into(),
                });
            }
            let material = Material::from_public_der(meta.spec, public_key)
                .map_err(|problem| material_error(meta, problem))?;
            Ok(((), Some(with_material(record, material, None)?)))
        })
    }

    pub(crate) fn delete_imported_key_material(&self, key: &str) -> Result<()> {
        self.update_record(key, |record, _| {
            check_importable(&record.meta, "DeleteImportedKeyMaterial")?;
            if record.versions.is_empty() {
                return Ok(((), None));
            }
            Ok(((), Some(record.without_material())))
        })
    }
}
