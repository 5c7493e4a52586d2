//! The conformance suite against the in-memory provider, through both
//! interfaces: directly, and as `Arc<dyn KeyManager>` behind a `Box` (every
//! call through the forwarding implementations); then through the async
//! interface, directly on a current-thread runtime and as
//! `Arc<dyn AsyncKeyManager>` on a multi-thread one. Last, the suite's list
//! of known failures, on a provider outside the default namespace.

use std::sync::Arc;

use polykms::conformance::ThroughAsync;
use polykms::{AsyncKeyManager, InMemory, KeyManager, ManualClock};

fn provider() -> (Box<InMemory>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    (Box::new(InMemory::with_clock(clock.clone())), clock)
}

mod direct {
    use super::*;
    polykms::conformance_suite!(provider(); contract, clock, import, extensions, local);
}

mod dyn_key_manager {
    use super::*;

    fn shared() -> (Box<Arc<dyn KeyManager>>, Arc<ManualClock>) {
        let (kms, clock) = provider();
        let kms: Arc<dyn KeyManager> = Arc::new(*kms);
        (Box::new(kms), clock)
    }

    polykms::conformance_suite!(shared(); contract, clock, import, extensions, local);
}

mod through_async {
    use super::*;
    polykms::conformance_suite!(async: provider(); contract, clock, import, extensions, local);
}

mod dyn_async_key_manager {
    use super::*;

    type Shared = ThroughAsync<Arc<dyn AsyncKeyManager>>;

    fn shared() -> (Box<Shared>, Arc<ManualClock>) {
        let (kms, clock) = provider();
        let kms: Arc<dyn AsyncKeyManager> = Arc::new(*kms);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        (Box::new(ThroughAsync::with_runtime(kms, runtime)), clock)
    }

    polykms::conformance_suite!(shared(); contract, clock, import, extensions, local);
}

/// The list of known failures: a provider outside the default namespace
/// fails the two `local` cases that rest on it, and passes the rest of the
/// tier. Listed, those two must fail (and then pass); the others must pass.
mod known_failures {
    use super::*;
    use polykms::conformance::{check_known_failures, run_case};
    use polykms::{MemoryOptions, ResourceNamespace};

    fn elsewhere() -> (Box<InMemory>, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::new());
        let namespace = ResourceNamespace::new("aws", "eu-west-1", "111122223333");
        let options = MemoryOptions::default()
            .clock(clock.clone())
            .namespace(namespace);
        (Box::new(InMemory::with_options(options)), clock)
    }

    const KNOWN: &[(&str, &str)] = &[
        (
            "uppercase_ids_and_acs_names_reach_the_key",
            "names the key as acs:kms:local:000000000000:key/…",
        ),
        (
            "default_namespace_names_of_unknown_keys_are_not_found",
            "its keys' resource names are in eu-west-1, account 111122223333",
        ),
    ];

    polykms::conformance_suite!(elsewhere(); local; known_failures = KNOWN);

    #[test]
    #[should_panic(
        expected = "random_bytes is listed as a known failure (a reason) but passed: remove it from the list"
    )]
    fn a_listed_case_that_passes_fails() {
        run_case("random_bytes", &[("random_bytes", "a reason")], || ());
    }

    #[test]
    #[should_panic(expected = "the failure itself")]
    fn a_failing_case_not_listed_fails() {
        run_case("random_bytes", &[("other", "a reason")], || {
            panic!("the failure itself")
        });
    }

    #[test]
    #[should_panic(expected = "no_such_case is listed as a known failure but is no case")]
    fn a_listed_name_that_is_no_case_fails() {
        check_known_failures(&[("no_such_case", "a reason")], &[&["random_bytes"]]);
    }

    #[test]
    #[should_panic(expected = "random_bytes is listed as a known failure twice")]
    fn a_name_listed_twice_fails() {
        let known = [("random_bytes", "a reason"), ("random_bytes", "another")];
        check_known_failures(&known, &[&["random_bytes"]]);
    }

    #[test]
    #[should_panic(expected = "random_bytes is listed as a known failure without a reason")]
    fn a_name_listed_without_a_reason_fails() {
        check_known_failures(&[("random_bytes", " ")], &[&["random_bytes"]]);
    }
}
