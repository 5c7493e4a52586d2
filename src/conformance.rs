//! The conformance suite: the behaviour every [`KeyManager`] must show,
//! exported (feature `conformance`) so that any implementation can run it —
//! the crate's own providers, a remote provider, or a mock of your own.
//!
//! # Tiers
//!
//! The cases are grouped by what they need from the provider; a provider
//! runs the tiers it supports, named in one place, the call of
//! [`conformance_suite!`](crate::conformance_suite):
//!
//! | tier | what the provider needs | cases |
//! |---|---|---|
//! | `contract` | nothing beyond the trait | round trips of every spec, usage and algorithm (ECDH key agreement and ML-DSA included); every refusal (usage, state, algorithm, sizes, tampering, wrong key); lifecycle, aliases, tags, rotation on demand |
//! | `clock` | a [`ManualClock`](crate::ManualClock) the suite can move | deletion windows, automatic rotation, rotation dates |
//! | `import` | keys with origin EXTERNAL and import of key material, and a [`ManualClock`](crate::ManualClock) (import tokens and imported material expire) | every wrapping algorithm, token and material errors, re-import, expiry |
//! | `extensions` | this crate's extensions to the clouds' API (and, for one case, import) | `set_minimum_decryption_version`, `import_public_key` |
//! | `local` | what every local provider shares and a remote service may not (and, for one case, import) | the [`local`] module: the local ciphertext blob's fields, upper-case UUID key ids and Alibaba-style resource names, the default namespace |
//!
//! The `local` tier rests on the layout of the local ciphertext blob (its
//! key UUID at bytes 2 to 18, [`CIPHERTEXT_OVERHEAD`](crate::CIPHERTEXT_OVERHEAD)),
//! on the default resource namespace (`arn:aws:kms:local:000000000000`) and
//! on UUID key ids. A local provider runs it with the rest; a remote
//! provider runs it only against a service that keeps local blobs and that
//! namespace (this crate's server over a local provider). The other tiers
//! rest on none of these: where a case of theirs names a key by a resource
//! name, it takes the one the provider gave.
//!
//! # Errors
//!
//! A case that expects an error names the variant a local provider gives,
//! with its details (`Error::InvalidArgument { name, .. } if name == "plaintext"`).
//! Through [`assert_err!`](crate::assert_err), an [`Error::Remote`] passes
//! when its [`kind`](Error::kind) is the kind of that variant: a remote
//! service reports kinds, not this crate's details. The cases that inspect
//! more than a pattern says (an import's
//! [`MaterialProblem`](crate::MaterialProblem), a message's wording, the key
//! an error names) do it through [`local_error`]: the details of a local
//! error, the kind alone of a remote one.
//!
//! Where the service gives several kinds one error code (AWS KMS reports an
//! algorithm outside the key's spec as `InvalidKeyUsageException`, a retired
//! version as `InvalidCiphertextException`: see
//! [`wire::aws::ERROR_CODES`](crate::wire::aws::ERROR_CODES); Alibaba Cloud
//! KMS reports a ciphertext that does not decrypt as `InvalidParameter`:
//! see [`wire::alibaba::ERROR_CODES`](crate::wire::alibaba::ERROR_CODES)), a
//! remote error with that code passes for each of them.
//!
//! # Running it
//!
//! ```
//! // In an integration test (tests/conformance.rs) of your crate:
//! use std::sync::Arc;
//! use polykms::{InMemory, ManualClock};
//!
//! fn provider() -> (Box<InMemory>, Arc<ManualClock>) {
//!     let clock = Arc::new(ManualClock::new());
//!     (Box::new(InMemory::with_clock(clock.clone())), clock)
//! }
//!
//! polykms::conformance_suite!(provider(); contract, clock, import, extensions, local);
//!
//! // The same cases through the async interface.
//! mod through_async {
//!     use super::provider;
//!     polykms::conformance_suite!(async: provider(); contract, clock, import, extensions, local);
//! }
//! # fn main() {}
//! ```
//!
//! Each case becomes a `#[test]` of its own, named after the case. A
//! provider that gets some cases wrong lists them, with the reason, in the
//! call (`known_failures`, see [`conformance_suite!`](crate::conformance_suite)):
//! the rest must pass, and each listed case must still fail.
//!
//! # Through either interface
//!
//! The cases are written against [`KeyManager`]; the interface they go
//! through is a parameter of the suite, not a copy of it. With `async:`,
//! each case gets a [`ThroughAsync`], a `KeyManager` that awaits every call
//! of the provider's [`AsyncKeyManager`](crate::AsyncKeyManager) on a
//! runtime of its own, so every case checks the async interface too.

pub mod agreement;
pub mod crypto_ops;
pub mod errors;
pub mod import;
pub mod inputs;
pub mod lifecycle;
pub mod local;
pub mod rotation;
mod through_async;

pub use through_async::ThroughAsync;

use std::fmt;
use std::panic::{self, AssertUnwindSafe};

use crate::wire::{ErrorCode, alibaba, aws};
use crate::{
    CreateKeyRequest, Error, ErrorKind, KeyManager, KeyMetadata, KeySpec, KeyUsage, RemoteError,
    Vocabulary,
};

/// Asserts that a result is the error a pattern describes: an error that
/// matches the pattern, or an [`Error::Remote`] of the pattern's variant's
/// kind (see the [module documentation](crate::conformance)).
#[macro_export]
macro_rules! assert_err {
    ($result:expr, Error::$variant:ident $($rest:tt)*) => {
        match $result {
            Err(e) => {
                let matched = matches!(&e, $crate::Error::$variant $($rest)*);
                $crate::conformance::check_error(
                    &e,
                    stringify!($variant),
                    matched,
                    stringify!(Error::$variant $($rest)*),
                );
            }
            Ok(v) => panic!("expected {}, got Ok({v:?})", stringify!(Error::$variant $($rest)*)),
        }
    };
}

/// The kind of each variant a case may expect (for [`Error::Remote`] errors).
fn kind_of_variant(variant: &str) -> ErrorKind {
    match variant {
        "UnrecognizedName" => ErrorKind::InvalidArgument,
        "PublicKeyOnly" => ErrorKind::UnsupportedOperation,
        "ImportTokenForAnotherKey" => ErrorKind::InvalidImportToken,
        "Rng" => ErrorKind::Internal,
        "Store" => ErrorKind::Storage,
        name => ErrorKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .unwrap_or_else(|| panic!("no error kind for the variant {name}")),
    }
}

/// A vendor's error codes, as [`remote_is`] reads them: how a code reads
/// back as a kind, and the table of the code the vendor gives each kind.
struct VendorCodes {
    kind_of: fn(&str) -> Option<ErrorKind>,
    table: &'static [ErrorCode],
}

/// Every vendor whose remote errors the suite judges (a code belongs to
/// one vendor: AWS's end in `Exception`, Alibaba's are dotted or bare
/// names of their own).
const VENDORS: &[VendorCodes] = &[
    VendorCodes {
        kind_of: |code| ErrorCode::kind_of(aws::ERROR_CODES, code),
        table: aws::ERROR_CODES,
    },
    VendorCodes {
        kind_of: alibaba::kind_of,
        table: alibaba::ERROR_CODES,
    },
];

/// Whether a remote error is of `kind` as far as its service can tell: its
/// kind is `kind`, or its vendor code is the one its vendor gives `kind`
/// where the vendor gives several kinds one code (the code then reads back
/// as the first kind of its row of the vendor's table, e.g. AWS's
/// `InvalidKeyUsageException` as `InvalidKeyUsage` where the provider
/// behind meant `AlgorithmNotAllowed` (see
/// [`wire::aws::ERROR_CODES`](crate::wire::aws::ERROR_CODES)), or
/// Alibaba's `InvalidParameter` as `InvalidArgument` where it meant
/// `InvalidCiphertext` (see
/// [`wire::alibaba::ERROR_CODES`](crate::wire::alibaba::ERROR_CODES))).
fn remote_is(remote: &RemoteError, kind: ErrorKind) -> bool {
    remote.kind == kind
        || remote.code.as_deref().is_some_and(|code| {
            VENDORS.iter().any(|vendor| {
                (vendor.kind_of)(code) == Some(remote.kind)
                    && ErrorCode::for_kind(vendor.table, kind).is_some_and(|row| row.code == code)
            })
        })
}

/// The check behind [`assert_err!`]: `matched` is whether `error` matched
/// the expected pattern (whose text is `expected`), of variant `variant`.
#[doc(hidden)]
pub fn check_error(error: &Error, variant: &str, matched: bool, expected: &str) {
    if matched {
        return;
    }
    if let Error::Remote(remote) = error {
        let kind = kind_of_variant(variant);
        // Import material that does not unwrap is reported as a ciphertext
        // that does not decrypt, as the clouds do.
        let unwrap =
            variant == "InvalidKeyMaterial" && remote_is(remote, ErrorKind::InvalidCiphertext);
        assert!(
            remote_is(remote, kind) || unwrap,
            "expected {expected} (kind {kind}), got the remote error {error:?} ({error})"
        );
        return;
    }
    panic!("expected {expected}, got the error {error:?} ({error})");
}

/// The error of `result`, for a case to inspect its details: `Some` for an
/// error of a local provider; `None` for an [`Error::Remote`] of `kind` (a
/// remote service reports kinds, not this crate's details, so its kind is
/// all there is to check; see the [module documentation](crate::conformance)).
///
/// ```
/// use polykms::conformance::local_error;
/// use polykms::{Error, ErrorKind, InMemory, KeyManager};
///
/// let kms = InMemory::new();
/// let result = kms.describe_key("alias/missing");
/// if let Some(e) = local_error(result, ErrorKind::NotFound, "describe") {
///     assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
/// }
/// ```
///
/// # Panics
///
/// If `result` is `Ok`, or a remote error of another kind; the message
/// starts with `what`.
pub fn local_error<T: fmt::Debug>(
    result: crate::Result<T>,
    kind: ErrorKind,
    what: &str,
) -> Option<Error> {
    match result {
        Ok(v) => panic!("{what}: expected an error of kind {kind}, got Ok({v:?})"),
        Err(Error::Remote(remote)) => {
            assert!(
                remote_is(&remote, kind),
                "{what}: expected an error of kind {kind}, got the remote error {remote:?} ({remote})"
            );
            None
        }
        Err(e) => Some(e),
    }
}
/// Creates a key, panicking with the spec and usage on failure.
pub fn create<K: KeyManager + ?Sized>(kms: &K, spec: KeySpec, usage: KeyUsage) -> KeyMetadata {
    kms.create_key(CreateKeyRequest::new(spec).usage(usage))
        .unwrap_or_else(|e| panic!("create {spec} {usage}: {e}"))
}

/// Follows a listing page by page: `fetch` gets a marker (none first) and
/// returns a page and its next marker. Checks that no page is larger than
/// `size`; returns every item and the number of pages.
pub fn walk_pages<T>(
    size: usize,
    mut fetch: impl FnMut(Option<String>) -> (Vec<T>, Option<String>),
) -> (Vec<T>, usize) {
    let (mut all, mut pages, mut marker) = (Vec::new(), 0, None);
    loop {
        let (items, next) = fetch(marker);
        pages += 1;
        assert!(
            items.len() <= size,
            "a page of {} items; at most {size}",
            items.len()
        );
        assert!(pages <= 10_000, "the listing never ends");
        all.extend(items);
        match next {
            Some(next) => marker = Some(next),
            None => return (all, pages),
        }
    }
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

/// Runs the case `case` of a suite whose known failures are `known`
/// (`(case, reason)` pairs): a case not listed just runs; a listed one must
/// fail, and then passes, saying so.
///
/// # Panics
///
/// When the case fails and is not listed, or is listed and passes.
#[doc(hidden)]
pub fn run_case(case: &str, known: &[(&str, &str)], run: impl FnOnce()) {
    let Some((_, reason)) = known.iter().find(|(name, _)| *name == case) else {
        return run();
    };
    match panic::catch_unwind(AssertUnwindSafe(run)) {
        Ok(()) => panic!(
            "{case} is listed as a known failure ({reason}) but passed: remove it from the list"
        ),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("a panic without a message");
            println!("{case}: a known failure ({reason}); it failed with: {message}");
        }
    }
}

/// Checks a suite's list of known failures against `cases`, the names of
/// the cases of each tier it runs: every name listed is one of them, listed
/// once, with a reason.
///
/// # Panics
///
/// On the first name that is not.
#[doc(hidden)]
pub fn check_known_failures(known: &[(&str, &str)], cases: &[&[&str]]) {
    for (i, (name, reason)) in known.iter().enumerate() {
        assert!(
            cases.iter().any(|tier| tier.contains(name)),
            "{name} is listed as a known failure but is no case of the tiers this suite runs"
        );
        assert!(
            known[..i].iter().all(|(other, _)| other != name),
            "{name} is listed as a known failure twice"
        );
        assert!(
            !reason.trim().is_empty(),
            "{name} is listed as a known failure without a reason"
        );
    }
}

/// Instantiates the suite: one `#[test]` per case of each tier named.
///
/// `$make` evaluates to `(provider, clock)`, made afresh for each test: the
/// provider is anything that derefs to a [`KeyManager`] (a `Box`, an
/// `Arc<dyn KeyManager>`, or a holder that also keeps a temporary directory
/// alive); the clock is the `Arc<ManualClock>` the provider runs on (the
/// `clock` and `import` tiers move it; other tiers ignore it, so a provider
/// without one may give `()`). The tiers are `contract`, `clock`, `import`,
/// `extensions` and `local` (see the [module documentation](crate::conformance)).
///
/// The interface is a parameter: `conformance_suite!(make(); …)` runs the
/// cases through [`KeyManager`], `conformance_suite!(async: make(); …)`
/// through [`AsyncKeyManager`](crate::AsyncKeyManager) (the provider must
/// deref to one), each call awaited on a current-thread runtime by
/// [`ThroughAsync`]. For another runtime, let `make` return the adapter:
/// `(Box::new(ThroughAsync::with_runtime(provider, runtime)), clock)`.
///
/// # Known failures
///
/// A provider that gets some cases wrong (a mock of a cloud, say) lists
/// them after the tiers, `known_failures = LIST`, where `LIST` is a
/// `&[(&str, &str)]` of case names (the names of the tests, without a
/// module) and the reason of each. A listed case must still fail: its test
/// passes when the case fails, printing the reason, and fails when the case
/// passes ("… is listed as a known failure (…) but passed: remove it from
/// the list"), so the list cannot go stale. One more test,
/// `known_failures_are_cases_of_this_suite`, checks that every name listed
/// is a case of the tiers run, listed once, with a reason.
///
/// ```
/// use std::sync::Arc;
/// use polykms::{InMemory, ManualClock, MemoryOptions, ResourceNamespace};
///
/// /// A provider whose resource names are not in the default namespace.
/// fn elsewhere() -> (Box<InMemory>, Arc<ManualClock>) {
///     let clock = Arc::new(ManualClock::new());
///     let namespace = ResourceNamespace::new("aws", "eu-west-1", "111122223333");
///     let options = MemoryOptions::default().clock(clock.clone()).namespace(namespace);
///     (Box::new(InMemory::with_options(options)), clock)
/// }
///
/// const KNOWN: &[(&str, &str)] = &[(
///     "uppercase_ids_and_acs_names_reach_the_key",
///     "names a key by an acs: resource name of the default namespace",
/// )];
///
/// polykms::conformance_suite!(elsewhere(); contract, local; known_failures = KNOWN);
///
/// mod through_async {
///     use super::{KNOWN, elsewhere};
///     polykms::conformance_suite!(async: elsewhere(); contract, local; known_failures = KNOWN);
/// }
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! conformance_suite {
    (async: $make:expr; $($tier:ident),+ $(,)?; known_failures = $known:expr $(,)?) => {
        $($crate::conformance_suite!{@list $tier (@tests through_async $make, $known;)})+
        $crate::conformance_suite!{@known $known; $($tier),+}
    };
    (async: $make:expr; $($tier:ident),+ $(,)?) => {
        $($crate::conformance_suite!{@list $tier (@tests through_async $make, &[];)})+
    };
    ($make:expr; $($tier:ident),+ $(,)?; known_failures = $known:expr $(,)?) => {
        $($crate::conformance_suite!{@list $tier (@tests blocking $make, $known;)})+
        $crate::conformance_suite!{@known $known; $($tier),+}
    };
    ($make:expr; $($tier:ident),+ $(,)?) => {
        $($crate::conformance_suite!{@list $tier (@tests blocking $make, &[];)})+
    };
    // Each tier's cases, handed to `$then`: those that take the provider
    // alone, then those that also take the clock.
    (@list contract ($($then:tt)*)) => {
        $crate::conformance_suite!{$($then)* plain [
            crypto_ops::symmetric_round_trips,
            crypto_ops::rsa_round_trips,
            crypto_ops::ecc_and_ed25519_round_trips,
            crypto_ops::sm2_round_trips,
            crypto_ops::ml_dsa_round_trips,
            crypto_ops::hmac_round_trips,
            crypto_ops::metadata_lists_the_algorithms_of_the_usage,
            crypto_ops::public_keys_are_subject_public_key_info,
            crypto_ops::data_keys_round_trip,
            crypto_ops::data_key_pairs_round_trip,
            crypto_ops::re_encrypt_moves_ciphertexts_between_keys,
            crypto_ops::random_bytes,
            crypto_ops::every_key_reference_form_works,
            crypto_ops::verification_names_the_key,
            agreement::ecdh_agrees_both_ways,
            agreement::key_agreement_usage_rules,
            agreement::bad_peer_keys_are_refused,
            errors::forbidden_usages_at_creation,
            errors::wrong_usage_for_each_operation,
            errors::algorithms_outside_the_spec_are_refused,
            errors::disabled_keys_refuse_every_operation,
            errors::pending_deletion_keys_refuse_every_operation,
            errors::wrong_key_is_detected,
            errors::unknown_keys_and_aliases_are_not_found,
            errors::debug_output_never_shows_secrets,
            inputs::tampered_blobs_never_decrypt,
            inputs::truncated_blobs_are_detected,
            inputs::tampered_asymmetric_ciphertexts_are_detected,
            inputs::encryption_context_must_match_exactly,
            inputs::digest_lengths_must_match,
            inputs::sizes_out_of_range_are_refused,
            inputs::huge_inputs_are_refused_with_their_limit,
            lifecycle::enable_disable_cycle,
            lifecycle::list_keys_pages,
            lifecycle::list_aliases_pages,
            lifecycle::list_resource_tags_pages,
            lifecycle::descriptions,
            lifecycle::aliases,
            lifecycle::alias_rules,
            lifecycle::tags,
            lifecycle::create_with_alias_and_tags,
            rotation::hmac_rotation_verifies_old_macs,
            rotation::rotating_needs_an_enabled_key,
            rotation::rotation_period_bounds,
            rotation::list_key_rotations_pages,
        ] clocked []}
    };
    (@list clock ($($then:tt)*)) => {
        $crate::conformance_suite!{$($then)* plain [] clocked [
            lifecycle::deletion_window_and_cancel,
            lifecycle::deleted_keys_are_gone_after_the_window,
            lifecycle::last_usage_follows_operations,
            rotation::automatic_rotation_applies_when_due_by_the_clock,
            rotation::rotation_keeps_old_ciphertexts_decrypting,
        ]}
    };
    (@list import ($($then:tt)*)) => {
        $crate::conformance_suite!{$($then)* plain [
            errors::pending_import_keys_refuse_every_operation,
            lifecycle::external_origin_awaits_import,
            import::symmetric_and_hmac_material_imports,
            import::asymmetric_private_keys_import,
            import::every_wrapping_algorithm_and_key_spec,
            import::import_material_errors,
            import::reimport_takes_the_same_material_only,
        ] clocked [
            import::import_token_errors,
            import::imported_material_expires,
        ]}
    };
    (@list extensions ($($then:tt)*)) => {
        $crate::conformance_suite!{$($then)* plain [
            rotation::retired_versions_refuse_to_decrypt,
            rotation::re_encrypt_moves_ciphertexts_to_the_current_version,
            rotation::asymmetric_and_imported_keys_refuse_rotation,
            import::public_keys_imported_alone_verify_only,
            import::public_keys_of_imported_private_keys_verify,
            inputs::huge_public_keys_are_refused,
        ] clocked []}
    };
    (@list local ($($then:tt)*)) => {
        $crate::conformance_suite!{$($then)* plain [
            local::every_flipped_byte_of_a_blob_is_detected,
            local::rewritten_key_ids_of_blobs_are_detected,
            local::uppercase_ids_and_acs_names_reach_the_key,
            local::default_namespace_names_of_unknown_keys_are_not_found,
            local::blobs_sealed_outside_decrypt_with_imported_material,
            local::material_versions_are_reported,
            local::rotation_periods_down_to_a_week,
        ] clocked []}
    };
    (@list $tier:ident ($($then:tt)*)) => {
        ::std::compile_error!(::std::concat!(
            "no conformance tier `", ::std::stringify!($tier),
            "`; the tiers are contract, clock, import, extensions and local"
        ));
    };
    // The tests of one tier's cases.
    (@tests $via:ident $make:expr, $known:expr;
        plain [$($module:ident :: $case:ident),* $(,)?]
        clocked [$($clocked_module:ident :: $clocked:ident),* $(,)?]
    ) => {
        $(
            #[test]
            fn $case() {
                $crate::conformance::run_case(::std::stringify!($case), $known, || {
                    let (kms, _clock) = $make;
                    $crate::conformance::$module::$case($crate::conformance_suite!(@via $via kms));
                });
            }
        )*
        $(
            #[test]
            fn $clocked() {
                $crate::conformance::run_case(::std::stringify!($clocked), $known, || {
                    let (kms, clock) = $make;
                    $crate::conformance::$clocked_module::$clocked(
                        $crate::conformance_suite!(@via $via kms),
                        &clock,
                    );
                });
            }
        )*
    };
    // The names of one tier's cases, as a `&[&str]`.
    (@names plain [$($module:ident :: $case:ident),* $(,)?]
        clocked [$($clocked_module:ident :: $clocked:ident),* $(,)?]
    ) => {
        &[$(::std::stringify!($case),)* $(::std::stringify!($clocked),)*]
    };
    // The check of the list of known failures against the cases run.
    (@known $known:expr; $($tier:ident),+) => {
        #[test]
        fn known_failures_are_cases_of_this_suite() {
            $crate::conformance::check_known_failures(
                $known,
                &[$($crate::conformance_suite!{@list $tier (@names)}),+],
            );
        }
    };
    (@via blocking $kms:ident) => {
        ::std::ops::Deref::deref(&$kms)
    };
    (@via through_async $kms:ident) => {
        &$crate::conformance::ThroughAsync::new(::std::ops::Deref::deref(&$kms))
    };
}
