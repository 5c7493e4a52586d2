//! The conformance suite every provider must pass.
//!
//! Each case is a function generic over the provider, so it runs both on the
//! concrete type and through `Arc<dyn KeyManager>`. A test file instantiates
//! the suite with [`conformance_suite!`], giving an expression that makes a
//! fresh provider and the [`ManualClock`] it runs on.

pub mod crypto_ops;
pub mod errors;
pub mod import;
pub mod inputs;
pub mod lifecycle;
pub mod rotation;

use polykms::{CreateKeyRequest, KeyManager, KeyMetadata, KeySpec, KeyUsage, Vocabulary};

/// Asserts that a result is an error matching a pattern.
#[macro_export]
macro_rules! assert_err {
    ($result:expr, $pattern:pat $(if $guard:expr)? $(,)?) => {
        match $result {
            Err(e) => assert!(
                matches!(e, $pattern $(if $guard)?),
                "expected {}, got the error {e:?} ({e})",
                stringify!($pattern)
            ),
            Ok(v) => panic!("expected {}, got Ok({v:?})", stringify!($pattern)),
        }
    };
}

/// Creates a key, panicking with the spec and usage on failure.
pub fn create<K: KeyManager + ?Sized>(kms: &K, spec: KeySpec, usage: KeyUsage) -> KeyMetadata {
    kms.create_key(CreateKeyRequest::new(spec).usage(usage))
        .unwrap_or_else(|e| panic!("create {spec} {usage}: {e}"))
}

/// Every (spec, usage) pair the vocabulary allows.
pub fn every_spec_and_usage() -> Vec<(KeySpec, KeyUsage)> {
    KeySpec::all()
        .into_iter()
        .flat_map(|spec| spec.allowed_usages().iter().map(move |u| (spec, *u)))
        .collect()
}

/// The specs of one family, for tests that split the work.
pub fn is_rsa(spec: KeySpec) -> bool {
    matches!(spec, KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096)
}

/// Whether `haystack` shows `secret` in any of the ways `Debug` could print
/// bytes: a decimal list, lower- or upper-case hex. Any 6-byte window counts.
pub fn shows_bytes(haystack: &str, secret: &[u8]) -> bool {
    if secret.len() < 6 {
        return false;
    }
    secret.windows(6).any(|w| {
        let decimal = w
            .iter()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let hex: String = w.iter().map(|b| format!("{b:02x}")).collect();
        haystack.contains(&decimal)
            || haystack.contains(&hex)
            || haystack.contains(&hex.to_uppercase())
    })
}

/// Instantiates the suite. `$make` evaluates to `(provider, Arc<ManualClock>)`
/// where the provider derefs to a `KeyManager` (a `Box`, an `Arc<dyn
/// KeyManager>`, or a holder that also keeps a temporary directory alive).
#[macro_export]
macro_rules! conformance_suite {
    ($make:expr) => {
        $crate::conformance_suite!(@cases $make;
            crypto_ops::symmetric_round_trips,
            crypto_ops::rsa_round_trips,
            crypto_ops::ecc_and_ed25519_round_trips,
            crypto_ops::sm2_round_trips,
            crypto_ops::hmac_round_trips,
            crypto_ops::metadata_lists_the_algorithms_of_the_usage,
            crypto_ops::public_keys_are_subject_public_key_info,
            crypto_ops::data_keys_round_trip,
            crypto_ops::data_key_pairs_round_trip,
            crypto_ops::re_encrypt_moves_ciphertexts_between_keys,
            crypto_ops::random_bytes,
            crypto_ops::every_key_reference_form_works,
            errors::forbidden_usages_at_creation,
            errors::wrong_usage_for_each_operation,
            errors::algorithms_outside_the_spec_are_refused,
            errors::disabled_keys_refuse_every_operation,
            errors::pending_deletion_keys_refuse_every_operation,
            errors::pending_import_keys_refuse_every_operation,
            errors::wrong_key_is_detected,
            inputs::every_flipped_byte_of_a_blob_is_detected,
            inputs::truncated_blobs_are_detected,
            inputs::tampered_asymmetric_ciphertexts_are_detected,
            inputs::encryption_context_must_match_exactly,
            inputs::digest_lengths_must_match,
            inputs::sizes_out_of_range_are_refused,
            inputs::huge_inputs_are_refused_with_their_limit,
            errors::unknown_keys_and_aliases_are_not_found,
            errors::debug_output_never_shows_secrets,
            lifecycle::enable_disable_cycle,
            lifecycle::deletion_window_and_cancel,
            lifecycle::deleted_keys_are_gone_after_the_window,
            lifecycle::list_keys_pages,
            lifecycle::descriptions,
            lifecycle::aliases,
            lifecycle::alias_rules,
            lifecycle::tags,
            lifecycle::create_with_alias_and_tags,
            lifecycle::external_origin_awaits_import,
            rotation::rotation_keeps_old_ciphertexts_decrypting,
            rotation::hmac_rotation_verifies_old_macs,
            rotation::rotating_needs_an_enabled_key,
            rotation::automatic_rotation_applies_when_due_by_the_clock,
            rotation::rotation_period_bounds,
            rotation::asymmetric_and_imported_keys_refuse_rotation,
            rotation::re_encrypt_moves_ciphertexts_to_the_current_version,
            rotation::retired_versions_refuse_to_decrypt,
            import::symmetric_and_hmac_material_imports,
            import::asymmetric_private_keys_import,
            import::every_wrapping_algorithm_and_key_spec,
            import::import_token_errors,
            import::import_material_errors,
            import::reimport_takes_the_same_material_only,
            import::imported_material_expires,
            import::public_keys_imported_alone_verify_only,
        );
    };
    (@cases $make:expr; $($module:ident :: $case:ident),+ $(,)?) => {
        $(
            #[test]
            fn $case() {
                let (kms, clock) = $make;
                $crate::conformance::$module::$case(::std::ops::Deref::deref(&kms), &clock);
            }
        )+
    };
}
